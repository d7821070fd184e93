// What running in the run worker costs, in headless Chromium (a benchmark,
// not a test: it prints figures). The same boards run in this build and in a
// baseline build whose runs happen on the page (FLOE_BASELINE_DIST; made by
// scripts/bench-run from the last commit before the worker), both served and
// measured in this run, alternating. For each board:
//   - Run → first node: from the click on Run to the first node's status
//     changing in the DOM (running, done or failed),
//   - Run → done: to the Run button coming back (the record applied),
// the first run after opening (a cold worker may still be starting) and the
// median and range of the warm runs after it; then per-node overhead, the
// difference between the big and the small board's Run → done divided by
// the difference in node count.
//   FLOE_BASELINE_DIST=... node tests/e2e/bench-run.mjs
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DIST, launch, serve } from "./harness.mjs";
import { open } from "./editor.mjs";

const BASELINE = process.env.FLOE_BASELINE_DIST;
if (!BASELINE) throw new Error("set FLOE_BASELINE_DIST to a build that runs boards on the page (scripts/bench-run does)");
const WARM = Number(process.env.FLOE_BENCH_RUNS ?? 9);
const SIZES = [10, 1000];

/** A dataflow chain of `n` additions: each node adds 1 to the one before. */
function chain(n) {
  const nodes = [];
  const edges = [];
  for (let i = 0; i < n; i++) {
    nodes.push({ id: `n${i}`, kind: "math.add", position: { x: (i % 40) * 260, y: Math.floor(i / 40) * 120 }, inputs: i ? { b: 1 } : { a: 0, b: 1 } });
    if (i) edges.push({ id: `e${i}`, from: { node: `n${i - 1}`, pin: "result" }, to: { node: `n${i}`, pin: "a" } });
  }
  return { format_version: 1, meta: { name: `chain of ${n}` }, nodes, edges };
}

/** Clicks Run and times the first node status and the end, in the page. */
function timeRun(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const run = document.querySelector('[data-testid="run"]');
        let first = null;
        let started = false;
        const obs = new MutationObserver((records) => {
          const now = performance.now();
          for (const r of records) {
            if (r.attributeName === "data-run" && first === null && /^(running|done|failed)$/.test(r.target.dataset.run ?? "")) first = now;
            if (r.target === run && r.attributeName === "disabled") {
              if (r.oldValue === null) started = true;
              else if (started && !run.disabled) {
                obs.disconnect();
                resolve({ first: (first ?? now) - t0, end: now - t0 });
              }
            }
          }
        });
        obs.observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-run", "disabled"], attributeOldValue: true });
        setTimeout(() => reject(new Error("the run did not end within 60 s")), 60000);
        const t0 = performance.now();
        run.click();
      }),
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const range = (xs) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;

const dir = await mkdtemp(join(tmpdir(), "floe-bench-run-"));
const files = {};
for (const n of SIZES) {
  files[n] = join(dir, `chain-${n}.board.json`);
  await writeFile(files[n], JSON.stringify(chain(n)));
}
const builds = { "on the page (baseline)": await serve(BASELINE), "in the worker (this build)": await serve(DIST) };
const browser = await launch();
const results = {};
for (const [name, server] of Object.entries(builds)) {
  results[name] = {};
  for (const n of SIZES) {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await open(page, server.url);
    await page.getByTestId("file-input").setInputFiles(files[n]);
    await page.locator('[data-node="n0"]').waitFor({ timeout: 30000 });
    await page.waitForTimeout(500);
    const cold = await timeRun(page);
    const warm = [];
    for (let i = 0; i < WARM; i++) warm.push(await timeRun(page));
    const summary = await page.getByTestId("run-summary").textContent();
    if (!/^Ran/.test(summary)) throw new Error(`${name}, ${n} nodes: ${summary}`);
    results[name][n] = { cold, warm };
    await page.close();
  }
}
await browser.close();
for (const s of Object.values(builds)) await s.close();

console.log(`Run timing in headless Chromium, ${WARM} warm runs each (median, range), ms:`);
for (const [name, bySize] of Object.entries(results)) {
  console.log(`  ${name}`);
  for (const n of SIZES) {
    const { cold, warm } = bySize[n];
    const f = warm.map((r) => r.first);
    const e = warm.map((r) => r.end);
    console.log(
      `    ${String(n).padStart(5)} nodes: Run → first node ${median(f).toFixed(1)} (${range(f)}), Run → done ${median(e).toFixed(1)} (${range(e)}); first run after opening ${cold.first.toFixed(1)} / ${cold.end.toFixed(1)}`,
    );
  }
  const [small, big] = SIZES;
  const perNode = (median(bySize[big].warm.map((r) => r.end)) - median(bySize[small].warm.map((r) => r.end))) / (big - small);
  console.log(`    per node: ${(perNode * 1000).toFixed(1)} µs`);
}
const [base, worker] = Object.values(results);
const [small] = SIZES;
const diff = median(worker[small].warm.map((r) => r.first)) - median(base[small].warm.map((r) => r.first));
console.log(`  the worker adds ${diff.toFixed(1)} ms to Run → first node on a ${small}-node board`);
