// The server scripts/start runs (scripts/serve.mjs) against the built app:
// precompressed twins by what the browser accepts, the page for unknown
// pages, 404 for unknown files, nothing outside the folder.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { request } from "node:http";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { DIST, serve } from "./harness.mjs";

/** GET `path` with raw bytes back (no decoding), so the encoding can be checked. */
function get(url, path, encoding) {
  return new Promise((ok, fail) => {
    const headers = encoding ? { "accept-encoding": encoding } : {};
    request(new URL(path, url), { headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on("error", fail)
      .end();
  });
}

test("the built app is sent brotli or gzip as the browser accepts, and plain otherwise", async () => {
  const wasm = (await readdir(DIST)).find((f) => /^floe-app-[0-9a-f]+_bg\.wasm$/.test(f));
  assert.ok(wasm, "the build has the page's wasm");
  const plain = await readFile(join(DIST, wasm));
  const server = await serve();
  try {
    const br = await get(server.url, wasm, "gzip, deflate, br");
    assert.equal(br.headers["content-encoding"], "br");
    assert.equal(br.headers["vary"], "accept-encoding");
    assert.ok(br.body.length < plain.length * 0.5, `brotli ${br.body.length} of ${plain.length} bytes`);
    assert.ok(brotliDecompressSync(br.body).equals(plain), "the twin is the file");

    const gz = await get(server.url, wasm, "gzip");
    assert.equal(gz.headers["content-encoding"], "gzip");
    assert.ok(gunzipSync(gz.body).equals(plain));

    const raw = await get(server.url, wasm);
    assert.equal(raw.headers["content-encoding"], undefined);
    assert.ok(raw.body.equals(plain));
    assert.equal(raw.headers["content-type"], "application/wasm");

    const page = await get(server.url, "b/some-board", "br");
    assert.equal(page.status, 200);
    assert.match(brotliDecompressSync(page.body).toString(), /<html/i, "unknown pages get the app");
    assert.equal((await get(server.url, "floe-app-0000000000000000.js", "br")).status, 404, "unknown files 404");
    for (const path of ["/%2e%2e/Cargo.toml", "/..%2fCargo.toml", "/%2e%2e%2fCargo.toml"]) {
      const outside = await get(server.url, path);
      assert.ok([403, 404].includes(outside.status), `${path}: ${outside.status}`);
      assert.ok(!outside.body.toString().includes("[workspace]"), `${path} reads nothing outside dist/`);
    }
  } finally {
    await server.close();
  }
});

test("a folder beside the served one whose name starts the same is out of reach", async () => {
  const root = await mkdtemp(join(tmpdir(), "floe-serve-"));
  await mkdir(join(root, "dist"));
  await mkdir(join(root, "dist-old"));
  await writeFile(join(root, "dist", "index.html"), "<html>app</html>");
  await writeFile(join(root, "dist-old", "x.js"), "secret");
  const server = await serve(join(root, "dist"));
  try {
    const res = await get(server.url, "/..%2fdist-old/x.js");
    assert.equal(res.status, 403);
    assert.ok(!res.body.toString().includes("secret"));
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
});
