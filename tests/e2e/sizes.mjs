// What a first visit downloads, as scripts/serve.mjs (and scripts/start)
// send it: every html, js, wasm and css file of the build, brotli and gzip;
// the page's part (what the first paint needs) apart from the run worker's,
// which the page fetches after it. Used by the editor benchmark (it prints
// them) and build.test.mjs (it holds the page to its budget).
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { brotli, gzip } from "../../scripts/precompress.mjs";
import { DIST } from "./harness.mjs";

/** The first paint's budget, brotli (issue 12: "at most 600 KiB brotli"). */
export const FIRST_PAINT_BUDGET_KIB = 600;

export async function transferSize(dist = DIST) {
  const size = { page: { br: 0, gz: 0 }, worker: { br: 0, gz: 0 } };
  const parts = [];
  for (const f of await readdir(dist)) {
    if (!/\.(html|js|wasm|css)$/.test(f)) continue;
    const bytes = await readFile(join(dist, f));
    const [br, gz] = [brotli(bytes).length, gzip(bytes).length];
    const part = f.startsWith("floe-worker") ? size.worker : size.page;
    part.br += br;
    part.gz += gz;
    parts.push(`${f.replace(/-[0-9a-f]{8,}/, "")} ${(br / 1024).toFixed(0)} KiB br, ${(gz / 1024).toFixed(0)} KiB gzip`);
  }
  const kib = (n) => +(n / 1024).toFixed(0);
  return {
    first_paint_brotli_kib: kib(size.page.br),
    first_paint_gzip_kib: kib(size.page.gz),
    with_run_worker_brotli_kib: kib(size.page.br + size.worker.br),
    with_run_worker_gzip_kib: kib(size.page.gz + size.worker.gz),
    first_paint_brotli_bytes: size.page.br,
    files: parts,
  };
}
