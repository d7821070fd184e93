// The accessibility audit the browser tests run: axe-core in the page, and
// no serious or critical violation.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT } from "./harness.mjs";

let axe;

/** Fails unless axe finds no serious or critical violation on the page as it is (`where` names it). */
export async function audit(page, where) {
  axe ??= await readFile(join(ROOT, "tests/e2e/node_modules/axe-core/axe.min.js"), "utf8");
  await page.addScriptTag({ content: axe });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  });
  assert.deepEqual(found, [], where);
}
