// The editor, driven with the mouse and keyboard in headless Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT, withPage, useApp } from "./harness.mjs";
import {
  addNode, buildAddBoard, canvasOrigin, connect, drag, dropFiles, frameGaps, menuItem, nodeError, open, pinPoint, run, selectNode, setInput, wireCount,
} from "./editor.mjs";

const app = useApp();

test("build a board from scratch with the mouse, run it, see the result", async () => {
  await withPage(app.browser, "build-from-scratch", async (page, { errors }) => {
    await open(page, app.server.url);
    await buildAddBoard(page);
    assert.equal(await wireCount(page), 2);
    await page.getByTestId("node-add").getByText("= 40").waitFor();
    const summary = await run(page);
    assert.match(summary, /^Ran \d+ node executions/);
    await page.getByTestId("node-display").getByTestId("display").getByText("42").waitFor({ timeout: 5000 });
    assert.equal(await page.getByTestId("node-add").getAttribute("data-run"), "done");
    assert.deepEqual(errors, []);
  });
});

test("a type-mismatched connection is refused on the spot", async () => {
  await withPage(app.browser, "type-mismatch", async (page) => {
    await open(page, app.server.url);
    await addNode(page, "upper", 100, 120, "upper");
    await addNode(page, "add", 460, 120, "add");
    let dimmed;
    await connect(page, "upper", "text", "add", "a", {
      before: async () => {
        dimmed = await page.locator('.pin[data-node="add"][data-side="in"][data-pin="a"]').getAttribute("class");
      },
    });
    assert.match(dimmed, /\bdim\b/, "while dragging a String, Add's number inputs are dimmed");
    await page.getByTestId("notices").getByText("Cannot connect").waitFor();
    assert.equal(await wireCount(page), 0);
  });
});

test("a connection that would make a cycle is refused", async () => {
  await withPage(app.browser, "cycle", async (page) => {
    await open(page, app.server.url);
    await addNode(page, "add", 100, 120, "add");
    await addNode(page, "add", 420, 120, "add2");
    await connect(page, "add", "result", "add2", "a");
    await connect(page, "add2", "result", "add", "a");
    await page.getByTestId("notices").getByText("would make a cycle").waitFor();
    assert.equal(await wireCount(page), 1);
  });
});

test("undo and redo every edit; a compound delete is one step", async () => {
  await withPage(app.browser, "undo-redo", async (page) => {
    await open(page, app.server.url);
    await addNode(page, "add", 100, 120, "add");
    await addNode(page, "add", 420, 160, "add2");
    await connect(page, "add", "result", "add2", "b");
    assert.equal(await wireCount(page), 1);
    await page.keyboard.press("Control+z");
    assert.equal(await wireCount(page), 0);
    await page.keyboard.press("Control+Shift+z");
    assert.equal(await wireCount(page), 1);
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Delete");
    assert.equal(await page.locator(".node").count(), 0);
    await page.keyboard.press("Control+z");
    assert.equal(await page.locator(".node").count(), 2, "one undo brings both nodes back");
    assert.equal(await wireCount(page), 1, "and their wire");
    // A move is one step too.
    const head = await page.getByTestId("node-add").locator(".node-head").boundingBox();
    await drag(page, { x: head.x + 20, y: head.y + 10 }, { x: head.x + 120, y: head.y + 210 });
    const moved = await page.getByTestId("node-add").getAttribute("style");
    await page.getByTestId("undo").click();
    assert.notEqual(await page.getByTestId("node-add").getAttribute("style"), moved);
    assert.match(await page.getByTestId("redo").getAttribute("title"), /^Redo move item/);
  });
});

test("a failing node turns red with its message", async () => {
  await withPage(app.browser, "failing-node", async (page) => {
    await open(page, app.server.url);
    await addNode(page, "parse json", 120, 140, "json_parse");
    await selectNode(page, "json_parse");
    await setInput(page, "text", "{not json");
    const summary = await run(page);
    assert.match(summary, /^Failed/);
    const node = page.getByTestId("node-json_parse");
    assert.equal(await node.getAttribute("data-run"), "failed");
    assert.match(await nodeError(page, "json_parse").textContent(), /json/i);
  });
});

test("drop a custom wasm node on the page and run it", async () => {
  await withPage(app.browser, "custom-node", async (page, { errors }) => {
    await open(page, app.server.url);
    const wat = await readFile(join(ROOT, "node-sdk/examples/wat/add.wat"));
    await dropFiles(page, [{ name: "add.wat", bytes: wat }]);
    await page.getByTestId("notices").getByText("added to the palette under Custom").waitFor();
    const item = page.locator('.palette-item[data-kind^="wasm:"]');
    await item.click();
    const node = page.locator(".node.custom");
    await node.waitFor();
    const id = await node.getAttribute("data-node");
    await setInput(page, "a", 40);
    await setInput(page, "b", 2);
    await addNode(page, "board output", 480, 40, "board_output");
    await connect(page, id, "sum", "board_output", "value");
    const summary = await run(page);
    assert.match(summary, /^Ran/);
    await page.getByTestId("tab-outputs").click();
    assert.match(await page.getByTestId("outputs").textContent(), /result\s*42/);
    assert.match(await page.getByTestId(`node-${id}`).locator(".node-badge").textContent(), /fuel/, "fuel used is shown");
    // A broken module is refused with its typed error, and nothing changes.
    await dropFiles(page, [{ name: "broken.wasm", bytes: Buffer.from([0, 97, 115, 109, 1, 0]) }]);
    await page.getByTestId("notices").getByText("broken.wasm: [invalid-module]").waitFor();
    assert.deepEqual(errors, []);
  });
});

test("a runaway custom node is stopped while the page stays responsive", async () => {
  await withPage(app.browser, "runaway", async (page) => {
    await open(page, app.server.url);
    await page.getByTestId("file-input").setInputFiles(join(ROOT, "tests/fixtures/nodes/spin.wat"));
    await page.locator('.palette-item[data-kind^="wasm:"]').click();
    const node = page.locator(".node.custom");
    const id = await node.getAttribute("data-node");
    const fuel = page.getByTestId("setting-fuel");
    await fuel.fill("10000000000");
    await fuel.press("Enter");
    await page.getByTestId("run").click();
    await page.waitForFunction((id) => document.querySelector(`[data-node="${id}"]`).dataset.run === "running", id);
    // While it spins, frames keep coming and the UI reacts to input.
    const gaps = await frameGaps(page);
    assert.ok(gaps[gaps.length - 2] < 100, `frames keep coming while the node runs: ${gaps.map((g) => g.toFixed(0))}`);
    await page.getByTestId("palette-search").fill("csv");
    await page.getByTestId("palette-data.csv_parse").waitFor({ timeout: 2000 });
    assert.match(await node.locator(".node-badge").textContent(), /fuel/);
    const t = Date.now();
    await page.getByTestId("stop").click();
    await page.getByTestId("run-summary").getByText(/^Stopped/).waitFor({ timeout: 3000 });
    assert.ok(Date.now() - t < 3000);
    assert.notEqual(await node.getAttribute("data-run"), "running");
  });
});

test("edit a node's WebAssembly text: errors in red at once, then apply and run", async () => {
  await withPage(app.browser, "wat-editor", async (page) => {
    await open(page, app.server.url);
    await menuItem(page, "node-menu", "new-wat");
    const text = page.getByTestId("wat-text");
    await text.waitFor();
    const status = page.getByTestId("wat-status");
    await page.waitForFunction(() => document.querySelector('[data-testid="wat-status"]').classList.contains("good"));
    const source = await text.inputValue();
    const t = Date.now();
    await text.fill(source.replace("(i64.add (local.get $a) (local.get $b))", "(i64.add (local.get $a) (local.get $b)"));
    await page.waitForFunction(() => document.querySelector('[data-testid="wat-status"]').classList.contains("bad"));
    assert.ok(Date.now() - t < 1000, "the error shows within a second");
    assert.match(await status.textContent(), /invalid-wat/);
    await text.fill(source.replace("(i64.add (local.get $a) (local.get $b))", "(i64.mul (local.get $a) (local.get $b))"));
    await page.waitForFunction(() => document.querySelector('[data-testid="wat-status"]').classList.contains("good"));
    const node = page.locator(".node.custom");
    const oldKind = await page.locator('.palette-item[data-kind^="wasm:"]').getAttribute("data-kind");
    await page.getByTestId("wat-apply").click();
    await page.getByTestId("notices").getByText("applied").waitFor();
    const newKind = await page.locator('.palette-item[data-kind^="wasm:"]').getAttribute("data-kind");
    assert.notEqual(newKind, oldKind, "the node now uses the new module");
    await page.getByTestId("wat-editor").getByText("Close").click();
    await selectNode(page, await node.getAttribute("data-node"));
    await setInput(page, "a", 6);
    await setInput(page, "b", 7);
    await run(page);
    const hover = await pinPoint(page, await node.getAttribute("data-node"), "out", "sum");
    await page.mouse.move(hover.x, hover.y);
    await page.locator(".hover-value").getByText("last value: 42").waitFor();
  });
});

test("copy in one tab, paste in another", async () => {
  await withPage(app.browser, "copy-paste", async (page, { context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await open(page, app.server.url);
    await addNode(page, "add", 100, 120, "add");
    await addNode(page, "add", 420, 160, "add2");
    await connect(page, "add", "result", "add2", "b");
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Control+c");
    const other = await context.newPage();
    await open(other, app.server.url);
    await other.getByTestId("canvas").click({ position: { x: 400, y: 300 } });
    await other.keyboard.press("Control+v");
    await other.getByTestId("node-add2").waitFor();
    assert.equal(await other.locator(".node").count(), 2);
    assert.equal(await wireCount(other), 1);
    // Duplicate and paste again: fresh ids, one undo step each.
    await page.keyboard.press("Control+d");
    assert.equal(await page.locator(".node").count(), 4);
    await page.keyboard.press("Control+z");
    assert.equal(await page.locator(".node").count(), 2);
  });
});

test("pan, zoom to the cursor, fit, box-select and move together", async () => {
  await withPage(app.browser, "canvas-navigation", async (page) => {
    await open(page, app.server.url);
    await addNode(page, "add", 100, 100, "add");
    await addNode(page, "add", 100, 260, "add2");
    const o = await canvasOrigin(page);
    // Ctrl + wheel zooms.
    await page.mouse.move(o.x + 300, o.y + 200);
    await page.keyboard.down("Control");
    await page.mouse.wheel(0, -300);
    await page.keyboard.up("Control");
    assert.notEqual(await page.getByTestId("zoom-level").textContent(), "100%");
    await page.getByTestId("fit").click();
    // Shift+drag selects both; dragging one moves both.
    const a = await page.getByTestId("node-add").boundingBox();
    const b = await page.getByTestId("node-add2").boundingBox();
    await page.keyboard.down("Shift");
    await drag(page, { x: Math.min(a.x, b.x) - 20, y: a.y - 20 }, { x: a.x + a.width + 20, y: b.y + b.height + 20 });
    await page.keyboard.up("Shift");
    assert.equal(await page.locator(".node.selected").count(), 2);
    const before = [await page.getByTestId("node-add").boundingBox(), await page.getByTestId("node-add2").boundingBox()];
    await drag(page, { x: before[0].x + 30, y: before[0].y + 10 }, { x: before[0].x + 230, y: before[0].y + 60 });
    const afterBoxes = [await page.getByTestId("node-add").boundingBox(), await page.getByTestId("node-add2").boundingBox()];
    for (let i = 0; i < 2; i++) assert.ok(afterBoxes[i].x - before[i].x > 150, "both nodes moved");
    // Dragging the background pans.
    const pan0 = await page.getByTestId("node-add").boundingBox();
    await drag(page, { x: o.x + 130, y: o.y + 25 }, { x: o.x + 30, y: o.y - 25 + 0 });
    const pan1 = await page.getByTestId("node-add").boundingBox();
    assert.ok(Math.abs(pan1.x - pan0.x + 100) < 2 && Math.abs(pan1.y - pan0.y + 50) < 2);
  });
});

test("notes, groups, shortcuts help and the dark theme", async () => {
  await withPage(app.browser, "comments-help-theme", async (page, { errors }) => {
    await open(page, app.server.url);
    await addNode(page, "add", 150, 150, "add");
    await selectNode(page, "add");
    await page.keyboard.press("g");
    await page.locator(".comment.group").waitFor();
    await page.keyboard.press("n");
    await page.locator(".comment:not(.group)").waitFor();
    // Text in a note stays text.
    await page.locator(".comment:not(.group) .comment-body").dblclick();
    await page.locator(".comment-edit").fill("<img src=x onerror=alert(1)> hello");
    await page.getByTestId("canvas").click({ position: { x: 600, y: 450 } });
    await page.locator(".comment-body").getByText("<img src=x onerror=alert(1)> hello").waitFor();
    assert.equal(await page.locator(".comment-body img").count(), 0);
    await page.keyboard.press("?");
    await page.getByTestId("help-overlay").getByText("Quick-add a node", { exact: true }).waitFor();
    await page.keyboard.press("Escape");
    assert.equal(await page.getByTestId("help-overlay").count(), 0);
    await page.getByTestId("theme").click();
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.getByTestId("theme").click();
    assert.notEqual(await page.evaluate(() => document.documentElement.dataset.theme), theme);
    assert.match(await page.getByTestId("undo").getAttribute("title"), /\(Ctrl\+Z\)$/, "shortcuts are in tooltips");
    assert.deepEqual(errors, []);
  });
});
