// Helpers that drive the editor the way a person does: the mouse on the
// canvas, the keyboard, the inspector.
import assert from "node:assert/strict";

/**
 * Opens the app at `url` and waits for the editor. The app starts on the
 * home screen (the boards in this browser): from there it makes a new
 * board, as a person would.
 */
export async function open(page, url) {
  await page.goto(url);
  const home = page.getByTestId("home");
  const canvas = page.getByTestId("canvas");
  await home.or(canvas).first().waitFor({ timeout: 20000 });
  if (await home.isVisible()) {
    await page.getByTestId("new-board").click();
  }
  await canvas.waitFor({ timeout: 20000 });
}

/** The canvas's top-left corner on the page. */
export async function canvasOrigin(page) {
  const box = await page.getByTestId("canvas").boundingBox();
  return { x: box.x, y: box.y };
}

/** Adds a node by double-clicking the canvas at (x, y) and choosing the first hit for `query`. */
export async function addNode(page, query, x, y, expectId) {
  const o = await canvasOrigin(page);
  const search = page.getByTestId("quick-add-search");
  await page.mouse.dblclick(o.x + x, o.y + y);
  // In about one full run in three, on a brand-new board in a fresh browser
  // context, double-clicks on the canvas open nothing for the rest of the
  // page's life (not reproduced alone; an open issue note says more). Then
  // this logs what is under the pointer, reloads the board (saved; its link
  // is in the address) and double-clicks again, so the test goes on to what
  // it tests.
  if (!(await search.waitFor({ timeout: 3000 }).then(() => true, () => false))) {
    const under = await page.evaluate(([px, py]) => {
      const el = document.elementFromPoint(px, py);
      const canvases = document.querySelectorAll('[data-testid="canvas"]').length;
      return `${el?.tagName}.${el?.className} (testid ${el?.closest("[data-testid]")?.dataset.testid}); canvases ${canvases}; hash ${location.hash}`;
    }, [o.x + x, o.y + y]);
    console.log(`addNode(${query}): no quick-add after a double-click at ${x},${y}; under the pointer: ${under}; reloading`);
    await page.reload();
    await page.getByTestId("canvas").waitFor({ timeout: 20000 });
    const again = await canvasOrigin(page);
    await page.mouse.dblclick(again.x + x, again.y + y);
  }
  await search.fill(query);
  await search.press("Enter");
  if (expectId) await page.getByTestId(`node-${expectId}`).waitFor();
}

/** The centre of a pin's dot. */
export async function pinPoint(page, node, side, pin) {
  const dot = page.locator(`.pin[data-node="${node}"][data-side="${side}"][data-pin="${pin}"] .dot`);
  const b = await dot.boundingBox();
  assert.ok(b, `pin ${node}.${pin} (${side}) is on screen`);
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Drags with the left button from a to b in small steps. */
export async function drag(page, a, b, { steps = 12, before } = {}) {
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps });
  if (before) await before();
  await page.mouse.move(b.x, b.y, { steps });
  await page.mouse.up();
}

/** Wires output `fromPin` of `from` to input `toPin` of `to` with the mouse. */
export async function connect(page, from, fromPin, to, toPin, opts) {
  await drag(page, await pinPoint(page, from, "out", fromPin), await pinPoint(page, to, "in", toPin), opts);
}

/** Clicks a node's title bar (selects it). */
export async function selectNode(page, id, modifiers = []) {
  await page.getByTestId(`node-${id}`).locator(".node-head").click({ modifiers });
}

/** Sets an inline input in the inspector (the node must be selected). */
export async function setInput(page, pin, value) {
  const field = page.getByTestId(`input-${pin}`);
  await field.fill(String(value));
  await field.press("Enter");
  await field.blur();
}

/** Runs the board and waits for it to finish; returns the summary text. */
export async function run(page) {
  await page.getByTestId("run").click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="run"]').disabled, null, { timeout: 20000 });
  return page.getByTestId("run-summary").textContent();
}

/** How many wires are drawn. */
export function wireCount(page) {
  return page.locator("g.wire").count();
}

/** Drops files on the page as a person would drag them from the desktop. */
export async function dropFiles(page, files) {
  const dt = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
    return dt;
  }, files.map((f) => ({ name: f.name, bytes: [...f.bytes] })));
  await page.getByTestId("canvas").dispatchEvent("dragover", { dataTransfer: dt });
  await page.getByTestId("canvas").dispatchEvent("drop", { dataTransfer: dt });
}

/** Builds the usual first board by mouse: Start → Display, with Add (2 + 40) feeding the Display. */
export async function buildAddBoard(page) {
  await addNode(page, "start", 120, 120, "manual_start");
  await addNode(page, "add", 120, 300, "add");
  await addNode(page, "display", 480, 160, "display");
  await connect(page, "manual_start", "then", "display", "exec");
  await connect(page, "add", "result", "display", "value");
  await selectNode(page, "add");
  await setInput(page, "a", 2);
  await setInput(page, "b", 40);
}

/** The gaps between the next 20 frames, in ms, shortest first. */
export async function frameGaps(page) {
  return page.evaluate(async () => {
    const gaps = [];
    let last = performance.now();
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }
    return gaps.sort((a, b) => a - b);
  });
}

/** A node's failure bubble (drawn in a layer above every node, not inside the node). */
export function nodeError(page, id) {
  return page.locator(`[data-testid="node-error"][data-for="${id}"]`);
}

/** Clicks an item of a toolbar menu (`board-menu` or `node-menu`), opening it first. */
export async function menuItem(page, menu, item) {
  const it = page.getByTestId(item);
  if (!(await it.isVisible())) await page.getByTestId(menu).click();
  await it.click();
}

/** The share link of the board on screen (`students`: as an exercise for students). */
/** Waits for the share dialog's link: the worker packs it a moment after the dialog opens. */
export async function linkPacked(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]')?.value.includes("#b="));
}

export async function shareLink(page, students = false) {
  await page.getByTestId("share").click();
  if (students) await page.getByTestId("share-students").check();
  await linkPacked(page);
  const link = await page.getByTestId("share-link").inputValue();
  await page.keyboard.press("Escape");
  await page.getByTestId("share-dialog").waitFor({ state: "detached" });
  return link;
}
