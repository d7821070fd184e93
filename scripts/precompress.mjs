// Writes a brotli (`NAME.br`) and a gzip (`NAME.gz`) twin beside each of the
// app's text and wasm files, so the server sends them compressed without
// compressing on every request (scripts/serve.mjs picks the twin the
// browser accepts). Run by scripts/post-build on Trunk's staging folder.
//
//   node scripts/precompress.mjs DIR
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

export const COMPRESSIBLE = /\.(html|js|mjs|css|wasm|json|webmanifest|svg|wat)$/;

/** Brotli at its best quality (what the bench and the server use). */
export function brotli(bytes) {
  return brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
}

/** Gzip at its best level. */
export function gzip(bytes) {
  return gzipSync(bytes, { level: 9 });
}

async function main(dir) {
  let raw = 0;
  let br = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    const bytes = await readFile(path);
    const packed = brotli(bytes);
    await writeFile(`${path}.br`, packed);
    await writeFile(`${path}.gz`, gzip(bytes));
    raw += bytes.length;
    br += packed.length;
  }
  console.log(`precompress: ${(raw / 1024).toFixed(0)} KiB -> ${(br / 1024).toFixed(0)} KiB brotli (+ gzip twins)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!process.argv[2]) {
    console.error("usage: node scripts/precompress.mjs DIR");
    process.exit(2);
  }
  await main(process.argv[2]);
}
