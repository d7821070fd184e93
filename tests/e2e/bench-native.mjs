// Custom nodes on the browser's own engine, in headless Chromium (a
// benchmark, not a test: it prints figures). The prime sieve (limit
// 2,000,000) measured four ways in one run:
//   - in the tab, as a user runs it: a board with the sieve node, Run; the
//     node's own time from its details. The first run is on the interpreter
//     (wasmi in the run worker), the runs after it on the browser's engine;
//   - the same module called directly by the page's WebAssembly engine, a
//     fresh instance per call (the baseline the tab is held to), and the
//     module metered as the worker meters it, called the same way;
//   - natively (the Rust function, from `floe-bench native`).
//   node tests/e2e/bench-native.mjs DIR NATIVE_JSON
// DIR holds plain.wasm, metered.wasm and context.bin (written by
// `floe-bench native`); scripts/bench runs both.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { launch, serve } from "./harness.mjs";
import { addNode, connect, dropFiles, open, selectNode, setInput } from "./editor.mjs";

const [dir, nativeJson] = process.argv.slice(2);
if (!dir || !nativeJson) throw new Error("usage: bench-native.mjs DIR NATIVE_JSON");
const REPS = Number(process.env.FLOE_BENCH_RUNS ?? 7);
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const range = (v) => [Math.min(...v), Math.max(...v)].map((x) => Number(x.toFixed(2)));

const native = JSON.parse(nativeJson);
const plain = await readFile(join(dir, "plain.wasm"));
const metered = await readFile(join(dir, "metered.wasm"));
const context = await readFile(join(dir, "context.bin"));

const server = await serve();
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await open(page, server.url);

  /** Calls run_typed of `bytes` `reps` times in the page, a fresh instance each. */
  const direct = (bytes, reps) =>
    page.evaluate(
      async ({ bytes, context, reps }) => {
        const module = await WebAssembly.compile(Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0)));
        const input = Uint8Array.from(atob(context), (c) => c.charCodeAt(0));
        const times = [];
        for (let i = 0; i < reps; i++) {
          const t = performance.now();
          const instance = new WebAssembly.Instance(module, { floe: { log() {} } });
          const x = instance.exports;
          if (x["floe:fuel"]) x["floe:fuel"].value = 10_000_000_000n;
          const ptr = x.alloc(input.length);
          new Uint8Array(x.memory.buffer).set(input, ptr);
          const packed = x.run_typed(ptr, input.length);
          if (packed === 0n) throw new Error("no result");
          times.push(performance.now() - t);
        }
        return times;
      },
      { bytes: bytes.toString("base64"), context: context.toString("base64"), reps },
    );

  // Interleaved, so drift hits both alike.
  const v8 = [];
  const v8Metered = [];
  await direct(plain, 2);
  await direct(metered, 2);
  for (let i = 0; i < REPS; i++) {
    v8.push(...(await direct(plain, 1)));
    v8Metered.push(...(await direct(metered, 1)));
  }

  // The tab: a board with the sieve node, as a user builds it.
  await dropFiles(page, [{ name: "prime_sieve.wasm", bytes: plain }]);
  await page.getByTestId("notices").getByText("prime_sieve.wasm: added").waitFor();
  await page.locator('.palette-item[data-kind^="wasm:"]').first().click();
  const node = await page.locator(".node.custom").getAttribute("data-node");
  await setInput(page, "limit", "2000000");
  const fuel = page.getByTestId("setting-fuel");
  await fuel.fill("10000000000");
  await fuel.press("Enter");
  await addNode(page, "board output", 500, 60, "board_output");
  await connect(page, node, "count", "board_output", "value");
  const nodeRun = async () => {
    await page.getByTestId("run").click();
    await page.getByTestId("run-summary").getByText(/^Ran/).waitFor({ timeout: 60000 });
    await selectNode(page, node);
    const details = await page.locator(".last-run").textContent();
    const ms = Number(/· ([\d.]+) ms/.exec(details)?.[1]);
    const engine = /browser's WebAssembly engine/.test(details) ? "native" : "interpreter";
    return { ms, engine };
  };
  const first = await nodeRun();
  const tab = [];
  for (let i = 0; i < REPS; i++) {
    const r = await nodeRun();
    if (r.engine !== "native") throw new Error(`run ${i + 2} was on the ${r.engine}`);
    tab.push(r.ms);
  }

  const t = median(tab);
  const out = {
    sieve_limit: native.sieve_limit,
    sieve_tab_first_run_ms: first.ms,
    sieve_tab_first_run_engine: first.engine,
    sieve_tab_ms: t,
    sieve_tab_range_ms: range(tab),
    sieve_v8_direct_ms: Number(median(v8).toFixed(2)),
    sieve_v8_direct_range_ms: range(v8),
    sieve_v8_metered_direct_ms: Number(median(v8Metered).toFixed(2)),
    sieve_native_ms: native.sieve_native_ms,
    tab_vs_v8_x: Number((t / median(v8)).toFixed(2)),
    tab_vs_native_x: Number((t / native.sieve_native_ms).toFixed(2)),
    metering_cost_pct: Number(((median(v8Metered) / median(v8) - 1) * 100).toFixed(1)),
    interpreter_vs_tab_x: Number((first.ms / t).toFixed(1)),
  };
  console.log(JSON.stringify(out, null, 2));
  console.log("(targets: the sieve in the tab within 1.5x of the module run directly by V8, within 2.5x of native)");
} finally {
  await browser.close();
  server.close();
}
