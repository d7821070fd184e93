// More of the editor: quick-add from a dropped wire, re-routing wires,
// problems on nodes and in the list, Display renderings, the console, typed
// inline editors, compiled SDK nodes, WASI nodes, hot reload and nodes from a URL.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT, withPage, useApp } from "./harness.mjs";
import { addNode, canvasOrigin, connect, drag, dropFiles, menuItem, nodeError, open, pinPoint, run, selectNode, setInput, wireCount } from "./editor.mjs";

const app = useApp();
const NODES = join(ROOT, "target/wasm-nodes");

/** Builds example nodes from source when the Rust tests have not already (never committed as binaries). */
function exampleNodes() {
  const abi = join(NODES, "wasm32-unknown-unknown/release/caesar.wasm");
  const wasi = join(NODES, "wasm32-wasip1/release/wasi_stats.wasm");
  const env = { ...process.env, CARGO_TARGET_DIR: NODES, RUSTFLAGS: "" };
  if (!existsSync(abi)) {
    execFileSync("cargo", ["build", "--release", "--quiet", "--target", "wasm32-unknown-unknown", "-p", "caesar"], { cwd: ROOT, env, stdio: "inherit" });
  }
  if (!existsSync(wasi)) {
    execFileSync("cargo", ["build", "--release", "--quiet", "--target", "wasm32-wasip1", "-p", "wasi_stats"], { cwd: ROOT, env, stdio: "inherit" });
  }
  const sieve = join(NODES, "wasm32-unknown-unknown/release/prime_sieve.wasm");
  if (!existsSync(sieve)) {
    execFileSync("cargo", ["build", "--release", "--quiet", "--target", "wasm32-unknown-unknown", "-p", "prime_sieve"], { cwd: ROOT, env, stdio: "inherit" });
  }
  return { abi, wasi, sieve };
}


test("a wire dropped on empty canvas offers only fitting nodes and connects the one chosen", async () => {
  await withPage(app.browser, "wire-quick-add", async (page) => {
    await open(page, app.server.url);
    await addNode(page, "upper", 100, 150, "upper");
    const from = await pinPoint(page, "upper", "out", "text");
    const o = await canvasOrigin(page);
    await drag(page, from, { x: o.x + 520, y: o.y + 200 });
    const qa = page.getByTestId("quick-add");
    await qa.waitFor();
    assert.match(await qa.textContent(), /takes String/);
    const kinds = async () => qa.locator("li[data-kind]").evaluateAll((els) => els.map((e) => e.dataset.kind));
    assert.ok((await kinds()).includes("text.lower"), (await kinds()).join(","));
    await page.getByTestId("quick-add-search").fill("add");
    assert.ok(!(await kinds()).includes("math.add"), "Add takes numbers, not text");
    await page.getByTestId("quick-add-search").fill("length");
    await page.getByTestId("quick-add-search").press("Enter");
    await page.getByTestId("node-length").waitFor();
    assert.equal(await wireCount(page), 1);
    await page.keyboard.press("Control+z");
    assert.equal(await page.locator(".node").count(), 1, "adding and wiring was one step");
  });
});

test("drag a wire's end to another input to re-route it, or onto nothing to remove it", async () => {
  await withPage(app.browser, "reroute", async (page) => {
    await open(page, app.server.url);
    await addNode(page, "add", 80, 120, "add");
    await addNode(page, "add", 420, 60, "add2");
    await addNode(page, "add", 420, 260, "add3");
    await connect(page, "add", "result", "add2", "a");
    await drag(page, await pinPoint(page, "add2", "in", "a"), await pinPoint(page, "add3", "in", "b"));
    assert.equal(await wireCount(page), 1);
    const wire = page.locator("g.wire");
    const edge = await wire.getAttribute("data-edge");
    await page.waitForFunction(() => document.querySelectorAll("g.wire").length === 1);
    const o = await canvasOrigin(page);
    await drag(page, await pinPoint(page, "add3", "in", "b"), { x: o.x + 700, y: o.y + 400 });
    assert.equal(await wireCount(page), 0);
    await page.keyboard.press("Control+z");
    assert.equal(await wireCount(page), 1);
    assert.equal(await page.locator("g.wire").getAttribute("data-edge"), edge);
  });
});

test("problems show on the nodes and in the list; clicking one focuses its node", async () => {
  await withPage(app.browser, "problems", async (page) => {
    await open(page, app.server.url);
    await addNode(page, "upper", 100, 150, "upper");
    const node = page.getByTestId("node-upper");
    await page.waitForFunction(() => document.querySelector('[data-testid="node-upper"]').classList.contains("has-error"));
    assert.match(await page.locator(`.node-problem[data-for="upper"]`).textContent(), /needs a wire or a value/);
    await page.getByTestId("tab-problems").click();
    const item = page.getByTestId("problems").locator("li.problem.error").first();
    assert.match(await item.textContent(), /missing-input/);
    await page.getByTestId("canvas").click({ position: { x: 600, y: 400 } });
    assert.equal(await page.locator(".node.selected").count(), 0);
    await item.click();
    assert.equal(await page.locator(".node.selected").getAttribute("data-node"), "upper");
    await selectNode(page, "upper");
    await setInput(page, "text", "hi");
    await page.waitForFunction(() => !document.querySelector('[data-testid="node-upper"]').classList.contains("has-error"));
  });
});

test("Display shows text, a table for a list of objects, a chart for numbers; logs reach the console", async () => {
  await withPage(app.browser, "display", async (page) => {
    await open(page, app.server.url);
    await addNode(page, "start", 60, 60, "manual_start");
    await addNode(page, "display", 340, 40, "display");
    await addNode(page, "debug log", 340, 320, "debug_log");
    await connect(page, "manual_start", "then", "display", "exec");
    await connect(page, "manual_start", "payload", "display", "value");
    await connect(page, "display", "then", "debug_log", "exec");
    await selectNode(page, "debug_log");
    await setInput(page, "value", '"hello from the log"');
    await page.getByTestId("tab-input").click();
    await page.getByTestId("run-input").fill('[{"name": "ada", "age": 36}, {"name": "alan", "age": 41}]');
    await run(page);
    const display = page.getByTestId("node-display").getByTestId("display");
    await display.locator("table td").getByText("alan").waitFor();
    await page.getByTestId("run-input").fill("[3, 1, 4, 1, 5]");
    await run(page);
    assert.equal(await display.locator("svg.display-chart rect").count(), 5);
    await page.getByTestId("run-input").fill('"plain text"');
    await run(page);
    await display.locator("pre").getByText("plain text").waitFor();
    await page.getByTestId("tab-console").click();
    await page.getByTestId("console").getByText("hello from the log").waitFor();
    // A bad payload is named, and nothing runs.
    await page.getByTestId("tab-input").click();
    await page.getByTestId("run-input").fill("{oops");
    await page.getByTestId("run").click();
    assert.match(await page.getByTestId("run-summary").textContent(), /not valid JSON/);
  });
});

test("inline editors fit the pin type and check JSON as you type", async () => {
  await withPage(app.browser, "typed-inputs", async (page) => {
    await open(page, app.server.url);
    await addNode(page, "sum", 100, 100, "sum");
    await selectNode(page, "sum");
    const field = page.getByTestId("input-values");
    assert.equal(await field.evaluate((e) => e.tagName), "TEXTAREA");
    await field.fill("[1, 2, ");
    await page.getByTestId("json-error").getByText(/not JSON/).waitFor();
    await field.fill('["a"]');
    await page.getByTestId("json-error").getByText("expected Array of Integer or Float").waitFor();
    await field.fill("[1, 2.5, 3]");
    assert.equal(await page.getByTestId("json-error").count(), 0);
    await field.blur();
    await page.getByTestId("node-sum").getByText("= [1,2.5,3]").waitFor();
    await addNode(page, "add", 420, 100, "add");
    await selectNode(page, "add");
    assert.equal(await page.getByTestId("input-a").getAttribute("type"), "number", "Add's Generic number pins edit as numbers");
    await addNode(page, "format date", 100, 300, "format_date");
    await selectNode(page, "format_date");
    assert.equal(await page.getByTestId("input-date").getAttribute("type"), "datetime-local");
    await addNode(page, "and", 400, 300, "and");
    await selectNode(page, "and");
    assert.equal(await page.getByTestId("input-a").getAttribute("type"), "checkbox");
  });
});

test("a compiled SDK node and a WASI program (with its io schema) run in the tab", async () => {
  const { abi, wasi } = exampleNodes();
  await withPage(app.browser, "sdk-and-wasi", async (page, { errors }) => {
    await open(page, app.server.url);
    await dropFiles(page, [{ name: "caesar.wasm", bytes: await readFile(abi) }]);
    await page.getByTestId("notices").getByText("caesar.wasm: added").waitFor();
    await page.locator('.palette-item[data-kind^="wasm:"]').first().click();
    const caesar = await page.locator(".node.custom").getAttribute("data-node");
    await setInput(page, "text", "abc");
    await page.getByTestId("module-info").getByText("Floe ABI node").waitFor();
    await addNode(page, "board output", 500, 60, "board_output");
    await connect(page, caesar, "text", "board_output", "value");
    await run(page);
    await page.getByTestId("tab-outputs").click();
    assert.match(await page.getByTestId("outputs").textContent(), /"def"/);

    await menuItem(page, "board-menu", "new");
    const io = await readFile(join(ROOT, "node-sdk/examples/wasi_stats/wasi_stats.io.json"));
    await dropFiles(page, [{ name: "wasi_stats.wasm", bytes: await readFile(wasi) }, { name: "wasi_stats.io.json", bytes: io }]);
    await page.getByTestId("notices").getByText("wasi_stats.wasm: added").waitFor();
    await page.locator('.palette-item[data-kind^="wasm:"]').click();
    const stats = await page.locator(".node.custom").getAttribute("data-node");
    await page.getByTestId("module-info").getByText("WASI program").waitFor();
    await setInput(page, "numbers", "[4, 8, 15]");
    await addNode(page, "board output", 500, 60, "board_output");
    await connect(page, stats, "mean", "board_output", "value");
    await run(page);
    await page.getByTestId("tab-outputs").click();
    assert.match(await page.getByTestId("outputs").textContent(), /9/);
    assert.deepEqual(errors, []);
  });
});

test("a heavy custom node moves to the browser's engine after its first call: the same result, much sooner, and its details say so", async () => {
  const { sieve } = exampleNodes();
  await withPage(app.browser, "native-engine", async (page, { errors }) => {
    await open(page, app.server.url);
    await dropFiles(page, [{ name: "prime_sieve.wasm", bytes: await readFile(sieve) }]);
    await page.getByTestId("notices").getByText("prime_sieve.wasm: added").waitFor();
    await page.locator('.palette-item[data-kind^="wasm:"]').first().click();
    const node = await page.locator(".node.custom").getAttribute("data-node");
    await setInput(page, "limit", "500000");
    await addNode(page, "board output", 500, 60, "board_output");
    await connect(page, node, "count", "board_output", "value");
    const runOnce = async () => {
      const t = Date.now();
      await page.getByTestId("run").click();
      await page.getByTestId("run-summary").getByText(/^Ran/).waitFor({ timeout: 20000 });
      const ms = Date.now() - t;
      await page.getByTestId("tab-outputs").click();
      const out = await page.getByTestId("outputs").textContent();
      await selectNode(page, node);
      return { ms, out, path: await page.locator(".call-path").textContent() };
    };
    const first = await runOnce();
    assert.match(first.out, /41538/);
    assert.match(first.path, /interpreter/);
    const second = await runOnce();
    assert.equal(second.out, first.out);
    assert.match(second.path, /browser's WebAssembly engine/);
    assert.ok(second.ms * 3 < first.ms, `the second run took ${second.ms} ms, the first ${first.ms} ms`);
    // Fuel still holds there: a budget too small runs out, with the same words.
    const fuel = page.getByTestId("setting-fuel");
    await fuel.fill("1000000");
    await fuel.press("Enter");
    await page.getByTestId("run").click();
    await page.getByTestId("run-summary").getByText(/^Failed/).waitFor({ timeout: 20000 });
    assert.match(await nodeError(page, node).textContent(), /ran out of fuel after 1000000 units/);
    await selectNode(page, node);
    assert.match(await page.locator(".call-path").textContent(), /browser's WebAssembly engine/);
    assert.deepEqual(errors, []);
  });
});

test("dropping a new version of a module updates every node that uses it", async () => {
  await withPage(app.browser, "hot-reload", async (page) => {
    await open(page, app.server.url);
    const v1 = await readFile(join(ROOT, "node-sdk/examples/wat/add.wat"), "utf8");
    await dropFiles(page, [{ name: "add.wat", bytes: Buffer.from(v1) }]);
    const item = page.locator('.palette-item[data-kind^="wasm:"]');
    await item.click();
    await item.click();
    assert.equal(await page.locator(".node.custom").count(), 2);
    const oldKind = await item.getAttribute("data-kind");
    // (Same length: the module's get_node returns a fixed number of bytes.)
    const v2 = v1.replace("Written by hand", "WRITTEN BY HAND");
    await dropFiles(page, [{ name: "add.wat", bytes: Buffer.from(v2) }]);
    await page.getByTestId("notices").getByText("replaced the older version; 2 node(s) updated").waitFor();
    const newKind = await item.getAttribute("data-kind");
    assert.notEqual(newKind, oldKind);
    assert.equal(await page.locator('.palette-item[data-kind^="wasm:"]').count(), 1);
    await selectNode(page, await page.locator(".node.custom").first().getAttribute("data-node"));
    await page.getByTestId("inspector").getByText("WRITTEN BY HAND").waitFor();
    await page.keyboard.press("Control+z");
    assert.equal(await item.getAttribute("data-kind"), oldKind, "undo brings the old version back");
  });
});

test("load a node from a URL", async () => {
  await withPage(app.browser, "from-url", async (page) => {
    const wat = await readFile(join(ROOT, "node-sdk/examples/wat/add.wat"));
    await page.route("**/nodes/add.wat", (route) => route.fulfill({ body: wat, contentType: "text/plain" }));
    await page.route("**/nodes/missing.wasm", (route) => route.fulfill({ status: 404, body: "" }));
    await open(page, app.server.url);
    page.once("dialog", (d) => d.accept(`${app.server.url}nodes/add.wat`));
    await menuItem(page, "node-menu", "from-url");
    await page.getByTestId("notices").getByText("add.wat: added to the palette").waitFor();
    page.once("dialog", (d) => d.accept(`${app.server.url}nodes/missing.wasm`));
    await menuItem(page, "node-menu", "from-url");
    await page.getByTestId("notices").getByText("HTTP 404").waitFor();
    // Only https (or http from this computer); a token in the query never becomes part of the board.
    for (const bad of ["javascript:alert(1)", "http://example.invalid/x.wasm", "file:///etc/passwd"]) {
      page.once("dialog", (d) => d.accept(bad));
      await menuItem(page, "node-menu", "from-url");
      await page.getByTestId("notices").getByText("a node can be loaded only over https").first().waitFor();
    }
    await page.route("**/nodes/sub.wat?*", (route) => route.fulfill({ body: wat + " ;; v2", contentType: "text/plain" }));
    page.once("dialog", (d) => d.accept(`${app.server.url}nodes/sub.wat?token=s3cret#frag`));
    await menuItem(page, "node-menu", "from-url");
    await page.getByTestId("notices").getByText("sub.wat: ").first().waitFor();
    assert.ok(!(await page.content()).includes("s3cret"), "the query is not kept");
  });
});
