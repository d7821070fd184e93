// The first hour, as a newcomer meets it, at 1280×720 and 1400×900:
// results in front of you, boards that open readable, nodes that land in
// free space, honest run status, things that never cover each other,
// messages for people, exercises for teachers, the keyboard and an
// accessibility audit (axe-core). Each test saves screenshots for review
// under tests/artifacts/first-hour/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ARTIFACTS, ROOT, withPage, useApp } from "./harness.mjs";
import { audit as axeAudit } from "./a11y.mjs";
import { addNode, canvasOrigin, connect, drag, dropFiles, menuItem, nodeError, open, pinPoint, run, selectNode, setInput, linkPacked } from "./editor.mjs";

const app = useApp();
const SIZES = [
  [1280, 720],
  [1400, 900],
];
const SHOTS = join(ARTIFACTS, "first-hour");

/** Runs `fn(page, size)` in a fresh context at each size. */
async function atEachSize(name, fn) {
  for (const [width, height] of SIZES) {
    await withPage(app.browser, `${name}-${width}x${height}`, (page, extra) => fn(page, { width, height, ...extra }), {
      viewport: { width, height },
    });
  }
}

/** Saves a screenshot for review. */
async function shot(page, name) {
  await mkdir(SHOTS, { recursive: true });
  const { width, height } = page.viewportSize();
  await page.screenshot({ path: join(SHOTS, `${name}-${width}x${height}.png`) });
}

/** Opens an example from the home screen as a new board. */
async function openExample(page, name) {
  await page.goto(app.server.url + "#/");
  await page.getByTestId("home").waitFor({ timeout: 20000 });
  await page.locator(`[data-example="${name}"]`).click();
  await page.getByTestId("canvas").waitFor({ timeout: 20000 });
  await page.locator(".node").first().waitFor();
  await page.waitForTimeout(300);
}

const box = (page, locator) => page.locator(locator).first().boundingBox();
const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a, b) => a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.width <= b.x + b.width + 1 && a.y + a.height <= b.y + b.height + 1;

/** The rectangles of every node on screen. */
function nodeRects(page) {
  return page.locator(".node").evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { id: e.dataset.node, x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

test("results are in front of you: the summary in the toolbar, values on Board output nodes, a Results tab that opens by itself", async () => {
  await atEachSize("results", async (page, { errors }) => {
    await openExample(page, "fizzbuzz");
    assert.equal(await page.getByTestId("bottom-panel").evaluate((e) => e.classList.contains("open")), false, "closed until there is something to show");
    assert.match(await page.getByTestId("run-summary").textContent(), /Not run yet/);
    const summary = await run(page);
    assert.match(summary, /^Ran \d+ node executions in .* · 1 output$/);
    // The Results tab opened by itself, with the output.
    await page.getByTestId("results").waitFor();
    assert.match(await page.getByTestId("outputs").textContent(), /fizzbuzz.*"FizzBuzz"/s);
    // The Board output node shows its value.
    const value = page.getByTestId("node-out").getByTestId("node-value");
    assert.match(await value.textContent(), /^fizzbuzz = \["1","2","Fizz"/);
    await shot(page, "results-fizzbuzz");
    // Closed by the person, the panel stays closed; the next results wait under a badge.
    await page.getByTestId("panel-toggle").click();
    await run(page);
    assert.equal(await page.getByTestId("results").count(), 0);
    assert.equal(await page.getByTestId("results-badge").getAttribute("data-unseen"), "true");
    // The summary opens them.
    await page.getByTestId("run-summary").click();
    await page.getByTestId("results").waitFor();
    assert.equal(await page.getByTestId("results-badge").getAttribute("data-unseen"), "false");
    // A failure is explained there, with a link to its node.
    await openExample(page, "temperature");
    await page.getByTestId("tab-input").click();
    await page.getByTestId("run-input").fill('{"celsius": "warm"}');
    await run(page);
    await page.getByTestId("tab-outputs").click();
    const failure = page.getByTestId("results-error");
    assert.match(await failure.textContent(), /node celsius/);
    await failure.getByRole("link").click();
    assert.equal(await page.locator(".node.selected").getAttribute("data-node"), "celsius");
    assert.deepEqual(errors, []);
  });
});

test("an exercise opens on its instructions with Run and Check side by side; a failing case's difference is in view", async () => {
  await atEachSize("exercise", async (page) => {
    await openExample(page, "exercise-average");
    const panel = page.getByTestId("check-panel");
    await panel.waitFor();
    assert.match(await page.getByTestId("instructions").textContent(), /average/);
    const runBox = await box(page, '[data-testid="check-run"]');
    const checkBox = await box(page, '[data-testid="check"]');
    assert.ok(Math.abs(runBox.y - checkBox.y) < 2 && checkBox.x > runBox.x, "Run and Check sit side by side");
    // Run shows the result on the board output and in the toolbar, and the student stays on Check.
    await page.getByTestId("check-run").click();
    await page.getByTestId("run-summary").getByText(/^Ran/).waitFor({ timeout: 10000 });
    assert.match(await page.getByTestId("node-average").getByTestId("node-value").textContent(), /^average = /);
    assert.equal(await page.getByTestId("results-badge").getAttribute("data-unseen"), "true");
    await panel.waitFor();
    // Check: the board still sums, so a case fails; its difference is visible without scrolling.
    await page.getByTestId("check").click();
    const diff = page.getByTestId("case-differences").first();
    await diff.waitFor({ timeout: 10000 });
    await page.waitForTimeout(200);
    const body = await box(page, ".panel-body");
    assert.ok(inside(await diff.boundingBox(), body), "the difference is inside the visible panel");
    assert.match(await diff.textContent(), /average/);
    await shot(page, "exercise-failing-case");
  });
});

test("boards open readable: fitted but never below 70 %, centred on the start of the flow; the canvas gets most of the window", async () => {
  await atEachSize("readable", async (page, { width }) => {
    await openExample(page, "fizzbuzz");
    const zoom = parseInt(await page.getByTestId("zoom-level").textContent(), 10);
    assert.ok(zoom >= 70, `opens at ${zoom} %`);
    assert.equal(await page.locator(".node.compact").count(), 0, "nodes show their pins, not blank boxes");
    const start = await page.getByTestId("node-start").boundingBox();
    const canvas = await page.getByTestId("canvas").boundingBox();
    assert.ok(inside(start, canvas), "the start of the flow is on screen");
    assert.ok(start.x - canvas.x < 80, "near the left edge, where the flow begins");
    const share = (canvas.width * canvas.height) / (page.viewportSize().width * page.viewportSize().height);
    assert.ok(share > 0.55, `the canvas has ${Math.round(share * 100)} % of the window`);
    await shot(page, "readable-fizzbuzz");
    // A small board is fitted whole.
    await openExample(page, "word-count");
    const rects = await nodeRects(page);
    const c = await page.getByTestId("canvas").boundingBox();
    assert.ok(rects.every((r) => inside(r, c)), "every node of a small board is on screen");
    assert.ok(parseInt(await page.getByTestId("zoom-level").textContent(), 10) >= 70);
    await shot(page, "readable-word-count");
    // Panels collapse, and stay as left after a reload.
    await page.getByTestId("palette-toggle").click();
    await page.getByTestId("inspector-toggle").click();
    const wide = await page.getByTestId("canvas").boundingBox();
    assert.ok(wide.width > width - 80, `with the side panels closed the canvas is ${wide.width} px wide`);
    await page.reload();
    await page.getByTestId("canvas").waitFor({ timeout: 20000 });
    await page.locator(".node").first().waitFor();
    assert.ok(await page.getByTestId("palette").evaluate((e) => e.classList.contains("collapsed")), "remembered");
    assert.ok(await page.getByTestId("inspector").evaluate((e) => e.classList.contains("collapsed")));
    await page.getByTestId("palette-toggle").click();
    await page.getByTestId("inspector-toggle").click();
  });
});

test("the toolbar never wraps: at both sizes, with a long name, and on a read-only shared board", async () => {
  await atEachSize("toolbar", async (page) => {
    const oneLine = async (what) => {
      const h = await page.locator(".app .toolbar").evaluate((e) => e.getBoundingClientRect().height);
      // Every item shares one horizontal band: no item starts below another's bottom.
      const band = await page.locator(".app .toolbar > *:not(.hidden):not(.sr-only)").evaluateAll((els) => {
        const rs = els.filter((e) => e.offsetParent).map((e) => e.getBoundingClientRect()).filter((r) => r.height > 0);
        return { top: Math.max(...rs.map((r) => r.top)), bottom: Math.min(...rs.map((r) => r.bottom)) };
      });
      assert.ok(h <= 44 && band.top < band.bottom, `${what}: the toolbar is ${h} px, items from ${band.top} to ${band.bottom}`);
    };
    await openExample(page, "custom-node");
    await oneLine("the custom-node example");
    await page.getByTestId("board-name").fill("A board with a very long name that goes on and on and on, well past what fits in the bar");
    await page.getByTestId("board-name").press("Enter");
    await oneLine("a long name");
    await page.getByTestId("share").click();
    await linkPacked(page);
    const link = await page.getByTestId("share-link").inputValue();
    await page.keyboard.press("Escape");
    await page.goto(link);
    await page.getByTestId("shared-banner").waitFor({ timeout: 20000 });
    await oneLine("a shared board");
    // A read-only board's fields are disabled, not editable-looking.
    assert.equal(await page.getByTestId("board-name").isDisabled(), true);
    await shot(page, "toolbar-shared");
  });
});

test("nodes land in free space: beside the selection, at the pointer for /, beside a dropped wire's end", async () => {
  await atEachSize("placement", async (page) => {
    await open(page, app.server.url);
    // Palette clicks one after another: none covers another, each lands on screen.
    const c = await page.getByTestId("canvas").boundingBox();
    for (let i = 0; i < 4; i++) {
      await page.getByTestId("palette-math.add").click();
      assert.ok(inside(await page.locator(".node.selected").boundingBox(), c), `node ${i + 1} is on screen`);
    }
    let rects = await nodeRects(page);
    assert.equal(rects.length, 4);
    for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) assert.ok(!overlaps(rects[i], rects[j]), `${rects[i].id} and ${rects[j].id} overlap`);
    // The last one is selected: the next goes to its right.
    const lastId = await page.locator(".node.selected").getAttribute("data-node");
    await page.getByTestId("palette-text.upper").click();
    const last = await page.getByTestId(`node-${lastId}`).boundingBox();
    const upper = await page.getByTestId("node-upper").boundingBox();
    assert.ok(upper.x >= last.x + last.width - 1 && Math.abs(upper.y - last.y) < 60, "beside the selection");
    // `/` with the pointer over empty canvas: the node lands there.
    const o = await canvasOrigin(page);
    await page.mouse.move(o.x + 150, o.y + c.height - 150);
    await page.mouse.click(o.x + 150, o.y + c.height - 150);
    await page.keyboard.press("/");
    await page.getByTestId("quick-add-search").fill("lower");
    await page.getByTestId("quick-add-search").press("Enter");
    const lower = await page.getByTestId("node-lower").boundingBox();
    assert.ok(Math.abs(lower.x - (o.x + 150)) < 60 && Math.abs(lower.y - (o.y + c.height - 150)) < 80, `at the pointer: ${JSON.stringify(lower)}`);
    // A wire dropped on empty canvas: the new node's pin is at the drop.
    const from = await pinPoint(page, "upper", "out", "text");
    const drop = { x: Math.min(from.x + 260, o.x + c.width - 260), y: from.y + 150 };
    await drag(page, from, drop);
    await page.getByTestId("quick-add-search").fill("length");
    await page.getByTestId("quick-add-search").press("Enter");
    await page.getByTestId("node-length").waitFor();
    const pin = await pinPoint(page, "length", "in", "text");
    assert.ok(Math.abs(pin.x - drop.x) < 30 && Math.abs(pin.y - drop.y) < 30, `the input is at the drop: ${JSON.stringify(pin)} vs ${JSON.stringify(drop)}`);
    rects = await nodeRects(page);
    for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) assert.ok(!overlaps(rects[i], rects[j]), `${rects[i].id} and ${rects[j].id} overlap`);
    await shot(page, "placement");
  });
});

test("honest status: a stopped node says stopped with its real time; an out-of-fuel node's time is its whole call", async () => {
  await atEachSize("status", async (page) => {
    await open(page, app.server.url);
    await page.getByTestId("file-input").setInputFiles(join(ROOT, "tests/fixtures/nodes/spin.wat"));
    await page.locator('.palette-item[data-kind^="wasm:"]').click();
    const node = page.locator(".node.custom");
    const id = await node.getAttribute("data-node");
    const badge = node.locator(".node-badge");
    // Default fuel: it runs out. Its badge says how long the whole call took.
    const t0 = Date.now();
    await page.getByTestId("run").click();
    await page.getByTestId("run-summary").getByText(/^Failed/).waitFor({ timeout: 20000 });
    const took = Date.now() - t0;
    const text = await badge.textContent();
    const m = text.match(/([\d.]+) (µs|ms|s)\b/);
    assert.ok(m, `a time on the badge: ${text}`);
    const ms = Number(m[1]) * { µs: 0.001, ms: 1, s: 1000 }[m[2]];
    assert.ok(ms > took * 0.4 && ms <= took + 50, `the badge says ${text} for a run of ${took} ms`);
    assert.match(text, /100\.0M fuel/);
    // With fuel to spare, Stop ends it: stopped, with the time it ran. (Its
    // first call used its whole budget, so its module moved to the browser's
    // engine, where a call cannot report fuel until it ends: the badge says
    // it ran compiled instead, and its details say where.)
    await selectNode(page, id);
    const fuel = page.getByTestId("setting-fuel");
    await fuel.fill("10000000000");
    await fuel.press("Enter");
    await page.getByTestId("run").click();
    await page.waitForFunction((id) => document.querySelector(`[data-node="${id}"]`).dataset.run === "running", id);
    await page.waitForTimeout(1200);
    await page.getByTestId("stop").click();
    await page.getByTestId("run-summary").getByText(/^Stopped after/).waitFor({ timeout: 3000 });
    assert.equal(await node.getAttribute("data-run"), "stopped");
    const stopped = await badge.textContent();
    const s = stopped.match(/stopped · ([\d.]+) (ms|s)\b/);
    assert.ok(s, `the badge says stopped with a time: ${stopped}`);
    const secs = Number(s[1]) * (s[2] === "s" ? 1 : 0.001);
    assert.ok(secs >= 1.0 && secs < 10, `it ran about as long as it did: ${stopped}`);
    assert.match(stopped, /compiled/);
    // The results are this run's: not the out-of-fuel error of the run before.
    assert.doesNotMatch(await page.getByTestId("results").textContent(), /out-of-fuel/);
    await selectNode(page, id);
    assert.match(await page.locator(".call-path").textContent(), /browser's WebAssembly engine/);
    await shot(page, "status-stopped");
  });
});

test("nothing covers what it talks about: bubbles over neighbours, the selected node on top, tooltips away from problems, notices beside the WAT editor", async () => {
  await atEachSize("layering", async (page) => {
    await open(page, app.server.url);
    // Two nodes close together: the upper one's problem bubble runs over the lower node.
    await addNode(page, "upper", 120, 100, "upper");
    await addNode(page, "lower", 120, 320, "lower");
    const above = await page.getByTestId("node-upper").boundingBox();
    const head = await page.getByTestId("node-lower").locator(".node-head").boundingBox();
    await drag(page, { x: head.x + 40, y: head.y + 10 }, { x: above.x + 40, y: above.y + above.height + 16 });
    const bubble = page.locator('.node-problem[data-for="upper"]');
    await bubble.waitFor();
    assert.ok(overlaps(await bubble.boundingBox(), await page.getByTestId("node-lower").boundingBox()), "the bubble runs over the lower node");
    const b = await bubble.boundingBox();
    const top = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest(".node-problem")?.dataset.for ?? null, [b.x + 8, b.y + b.height / 2]);
    assert.equal(top, "upper", "the bubble is drawn above the node under it");
    // The selected node is drawn above the others.
    await selectNode(page, "upper");
    const z = (id) => page.getByTestId(`node-${id}`).evaluate((e) => Number(getComputedStyle(e).zIndex) || 0);
    assert.ok((await z("upper")) > (await z("lower")));
    // A pin's tooltip opens above the pointer, off the problem text.
    const pin = await pinPoint(page, "upper", "in", "text");
    await page.mouse.move(pin.x, pin.y);
    const tip = page.getByTestId("hover-value");
    await tip.waitFor();
    assert.ok(!overlaps(await tip.boundingBox(), await bubble.boundingBox()), "the tooltip leaves the problem readable");
    assert.ok((await tip.boundingBox()).y + (await tip.boundingBox()).height <= pin.y, "above the pointer");
    await shot(page, "layering-bubbles");
    // The WAT editor sits beside the canvas; notices never cover its status line.
    await menuItem(page, "node-menu", "new-wat");
    await page.getByTestId("wat-editor").waitFor();
    await page.getByTestId("wat-text").fill("(module (func");
    const status = page.getByTestId("wat-status");
    await status.getByText(/error|expected|invalid/i).waitFor({ timeout: 5000 });
    const notice = page.getByTestId("notices").locator(".notice").first();
    if (await notice.count()) assert.ok(!overlaps(await notice.boundingBox(), await status.boundingBox()), "the notice does not cover the compile error");
    const canvas = await page.getByTestId("canvas").boundingBox();
    assert.ok(!overlaps(canvas, await page.getByTestId("wat-editor").boundingBox()), "the WAT editor is docked, not over the canvas");
    await shot(page, "layering-wat");
  });
});

test("Escape closes every dialog; the inspector follows every change", async () => {
  await atEachSize("escape-inspector", async (page) => {
    await open(page, app.server.url);
    await page.getByTestId("share").click();
    await page.getByTestId("share-dialog").waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId("share-dialog").waitFor({ state: "detached" });
    await page.keyboard.press("?");
    await page.getByTestId("help-overlay").waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId("help-overlay").waitFor({ state: "detached" });
    await page.getByTestId("canvas").click({ position: { x: 300, y: 300 } });
    await page.keyboard.press("/");
    await page.getByTestId("quick-add").waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId("quick-add").waitFor({ state: "detached" });
    await menuItem(page, "board-menu", "versions-button");
    await page.getByTestId("versions").waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId("versions").waitFor({ state: "detached" });
    // Wiring the selected node's input takes its value box away at once.
    await addNode(page, "lower", 80, 80, "lower");
    await addNode(page, "upper", 420, 80, "upper");
    await selectNode(page, "upper");
    await page.getByTestId("input-text").waitFor();
    await connect(page, "lower", "text", "upper", "text");
    await page.getByTestId("inspector").getByText("← lower.text").waitFor({ timeout: 3000 });
    assert.equal(await page.getByTestId("input-text").count(), 0, "no value box for a wired input");
  });
});

test("messages for people: bad links and files say what happened and what to do; the decoder's words only under Details", async () => {
  await atEachSize("messages", async (page) => {
    await open(page, app.server.url);
    for (const fragment of ["#b=1.!!!not-base64!!!", "#b=1.eJzLSM3JyVcozy/KSVEEAB0JBF4", "#b=1.eJzLSM3"]) {
      // A fresh load each time: after a bad link the app may already stand
      // at "#/", so going there would not be a navigation at all.
      await page.goto("about:blank");
      await page.goto(app.server.url + "#/");
      await page.getByTestId("home").waitFor();
      await page.goto(app.server.url + fragment);
      const banner = page.getByTestId("open-error");
      await banner.waitFor({ timeout: 20000 });
      const said = await banner.evaluate((e) => {
        const copy = e.cloneNode(true);
        copy.querySelectorAll("details").forEach((d) => d.remove());
        return copy.textContent;
      });
      assert.match(said, /Ask for the link again|ask for the board/i, `${fragment}: says what to do: ${said}`);
      assert.doesNotMatch(said, /Invalid|symbol|offset|Failed|CannotMakeProgress|expected/i, `${fragment}: no decoder words: ${said}`);
      if (await banner.locator("details").count()) {
        assert.ok((await banner.locator("details pre").textContent()).length > 0, "details hold what the decoder said");
      }
    }
    await shot(page, "messages-link");
    // A file that is not a board.
    await page.goto(app.server.url + "#/");
    await page.getByTestId("home").waitFor();
    const bad = join(await mkdtempSafe(), "lesson.json");
    await writeFile(bad, '{"nodes": [');
    await page.getByTestId("import-input").setInputFiles(bad);
    const notice = page.getByTestId("notices").locator(".notice.error").first();
    await notice.waitFor();
    assert.match(await notice.textContent(), /The file lesson\.json is not a board file.*export the board again/s);
    assert.equal(await notice.locator("details").count(), 1);
  });
});

async function mkdtempSafe() {
  const { mkdtemp } = await import("node:fs/promises");
  return mkdtemp(join(tmpdir(), "floe-first-hour-"));
}

test("exercises for teachers: a student's copy keeps the instructions and the teacher's cases; students add their own", async () => {
  await atEachSize("teacher", async (page) => {
    // The examples: only the exercise to finish says "exercise".
    await page.goto(app.server.url + "#/");
    await page.getByTestId("home").waitFor({ timeout: 20000 });
    assert.equal(await page.locator('[data-example="exercise-average"] [data-testid="example-badge"]').textContent(), "exercise");
    assert.equal(await page.locator('[data-example="temperature"] [data-testid="example-badge"]').textContent(), "with tests");
    assert.match(await page.getByTestId("home").textContent(), /open one of the examples/);
    // A student's copy: instructions as text, the teacher's cases without Remove.
    await openExample(page, "exercise-average");
    assert.equal(await page.locator("textarea.instructions").count(), 0);
    assert.equal(await page.locator('[data-testid="case"][data-teacher="true"]').count(), 2);
    assert.equal(await page.locator('[data-testid="case"][data-teacher="true"] [data-testid="case-remove"]').count(), 0);
    // Their own case can be added and removed.
    await page.getByTestId("check-run").click();
    await page.getByTestId("run-summary").getByText(/^Ran/).waitFor({ timeout: 10000 });
    await page.getByTestId("case-from-run").click();
    const mine = page.locator('[data-testid="case"][data-teacher="false"]');
    await mine.waitFor();
    await mine.getByTestId("case-remove").click();
    await mine.waitFor({ state: "detached" });
    // A teacher shares a board as an exercise: the student's copy is locked.
    await openExample(page, "temperature");
    await page.getByTestId("share").click();
    await page.getByTestId("share-students").check();
    await linkPacked(page);
    const link = await page.getByTestId("share-link").inputValue();
    await page.keyboard.press("Escape");
    await page.goto(link);
    await page.getByTestId("save-copy").click();
    await page.waitForFunction(() => location.hash.startsWith("#/b/"));
    await page.getByTestId("check-panel").waitFor({ timeout: 20000 });
    assert.equal(await page.locator("textarea.instructions").count(), 0, "the instructions are the teacher's");
    assert.equal(await page.locator('[data-testid="case"][data-teacher="true"]').count(), 3);
    // Opening an example again names the copy distinctly.
    await openExample(page, "word-count");
    await openExample(page, "word-count");
    await page.goto(app.server.url + "#/");
    await page.getByTestId("board-row").first().waitFor();
    const names = await page.getByTestId("board-open").allTextContents();
    assert.ok(names.includes("Word count") && names.includes("Word count (2)"), names.join(", "));
    await shot(page, "teacher-home");
  });
});

test("keyboard and screen readers: menus and dialogs by keyboard with visible focus; no serious or critical axe violations", async () => {
  for (const [colorScheme, [width, height]] of [["light", SIZES[0]], ["dark", SIZES[1]]]) {
    await withPage(
      app.browser,
      `a11y-${colorScheme}-${width}x${height}`,
      async (page) => {
        const audit = (where) => axeAudit(page, `${colorScheme}, ${where}`);
        await page.goto(app.server.url + "#/");
        await page.getByTestId("home").waitFor({ timeout: 20000 });
        await audit("the home screen");
        await openExample(page, "temperature");
        await audit("the editor with an example open");
        await page.getByTestId("check").click();
        await page.getByTestId("case-verdict").first().getByText(/pass|fail/).waitFor({ timeout: 10000 });
        await audit("the Check tab");
        // The Board menu by keyboard: Tab to it, open with ArrowDown, move, Escape closes and gives focus back.
        await page.getByTestId("run-summary").focus();
        await page.keyboard.press("Tab");
        assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "board-menu");
        const ring = await page.getByTestId("board-menu").evaluate((e) => getComputedStyle(e).outlineStyle);
        assert.notEqual(ring, "none", "focus is visible");
        await page.keyboard.press("ArrowDown");
        await page.waitForFunction(() => document.activeElement?.dataset.testid === "new");
        await page.keyboard.press("ArrowDown");
        assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "open-file");
        await page.keyboard.press("Escape");
        assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "board-menu");
        assert.equal(await page.getByTestId("new").isVisible(), false);
        // Enter on a palette item adds the node.
        await page.getByTestId("palette-math.add").focus();
        await page.keyboard.press("Enter");
        await page.locator('.node[data-node^="add"]').first().waitFor();
        // Pins have names.
        assert.match(await page.locator('.pin[data-node="times"][data-pin="a"]').getAttribute("aria-label"), /input A/);
        await shot(page, `a11y-${colorScheme}`);
      },
      { viewport: { width, height }, colorScheme },
    );
  }
});

test("the smaller things: a Constant shows its value, bad import names the file, dropping a wasm says so beside the canvas", async () => {
  await atEachSize("smaller", async (page) => {
    await open(page, app.server.url);
    await addNode(page, "constant", 120, 120, "constant");
    await selectNode(page, "constant");
    const value = page.getByTestId("setting-value");
    await value.fill('"hello"');
    await value.press("Tab");
    await page.getByTestId("node-constant").getByTestId("node-value").getByText('= "hello"').waitFor();
    // The selected node sits in the canvas's bottom-left corner: a notice goes to the top instead.
    const canvas = await page.getByTestId("canvas").boundingBox();
    const head = await page.getByTestId("node-constant").locator(".node-head").boundingBox();
    await drag(page, { x: head.x + 30, y: head.y + 10 }, { x: canvas.x + 60, y: canvas.y + canvas.height - 90 });
    await dropFiles(page, [{ name: "add.wat", bytes: await readFile(join(ROOT, "node-sdk/examples/wat/add.wat")) }]);
    const notice = page.getByTestId("notices").locator(".notice").first();
    await notice.waitFor();
    const n = await notice.boundingBox();
    assert.ok(inside(n, canvas), "the notice sits over the canvas, not over a panel");
    assert.ok(!overlaps(n, await page.getByTestId("node-constant").boundingBox()), "the notice does not cover the selected node");
    // A failing node's bubble is findable by its node.
    await addNode(page, "parse json", 420, 300, "json_parse");
    await selectNode(page, "json_parse");
    await setInput(page, "text", "{not json");
    await run(page);
    await nodeError(page, "json_parse").waitFor();
  });
});

test("a board's variables read as one row each: name, type, and what it starts as, labelled", async () => {
  await atEachSize("variables", async (page) => {
    await openExample(page, "fizzbuzz");
    await page.getByTestId("add-variable").waitFor();
    assert.equal(await page.getByLabel("Variable name").count(), 1, "FizzBuzz has one variable");
    const startsAs = page.getByLabel("Starts as");
    assert.equal(await startsAs.count(), 1, "its starting value is labelled, not an unnamed second row");
    const name = await page.getByLabel("Variable name").boundingBox();
    const label = await page.locator(".variable .var-default").boundingBox();
    const field = await startsAs.boundingBox();
    assert.ok(name.y < label.y && label.y < field.y, "name, then the label, then its field");
    await shot(page, "variables");
  });
});
