// What the build links where: the page validates boards but never runs one,
// so no node's run code and no sandbox is in its wasm; the run worker has
// them. This keeps a feature change from quietly pulling the run code back
// into the page, and the first paint within its budget as features land
// (the editor benchmark prints the sizes).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { DIST } from "./harness.mjs";
import { FIRST_PAINT_BUDGET_KIB, transferSize } from "./sizes.mjs";

async function wasm(prefix) {
  const name = (await readdir(DIST)).find((f) => new RegExp(`^${prefix}-[0-9a-f]+_bg\\.wasm$`).test(f));
  assert.ok(name, `the build has ${prefix}'s wasm`);
  return (await readFile(join(DIST, name))).toString("latin1");
}

// Text that only code which runs nodes carries: built-in nodes' run errors.
const RUN_ONLY = ["not a valid regular expression", "bad CSV header", "is not a valid date format"];

test("the page's wasm carries no node run code; the run worker's does", async () => {
  const page = await wasm("floe-app");
  const worker = await wasm("floe-worker");
  for (const text of RUN_ONLY) {
    assert.ok(!page.includes(text), `the page links code that runs nodes (it holds ${JSON.stringify(text)})`);
    assert.ok(worker.includes(text), `the run worker lacks ${JSON.stringify(text)}`);
  }
  // Validation's own messages are in the page.
  assert.ok(page.includes("needs a wire or a value"), "the page validates boards");
});

test("the first paint fits its budget: at most 600 KiB brotli", async () => {
  const size = await transferSize();
  const kib = size.first_paint_brotli_bytes / 1024;
  assert.ok(
    kib <= FIRST_PAINT_BUDGET_KIB,
    `the page's html, js, css and wasm are ${kib.toFixed(1)} KiB brotli, over the ${FIRST_PAINT_BUDGET_KIB} KiB budget ` +
      `(scripts/wasm-sizes shows where the page's code goes):\n${size.files.join("\n")}`,
  );
});
