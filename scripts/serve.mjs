// Serves the built app (dist/) on 127.0.0.1: what `scripts/start` runs and
// what the browser tests use (tests/e2e/harness.mjs).
//
//   node scripts/serve.mjs [DIR] [PORT]      (default dist/ and 8080)
//
// * A file with a precompressed twin (`NAME.br`, `NAME.gz`, written by
//   scripts/precompress.mjs at build time) is sent compressed when the
//   browser accepts it: brotli first, then gzip.
// * Unknown pages get index.html (the app routes in the fragment); unknown
//   files 404 (so a missing asset is never answered with the page); nothing
//   outside DIR is served. Every answer says `no-cache`: hashed assets are
//   cached by the app's service worker, not by HTTP.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".wat": "text/plain; charset=utf-8",
};

const ENCODINGS = [
  ["br", ".br"],
  ["gzip", ".gz"],
];

/** The precompressed twin of `file` the request accepts, if there is one. */
async function twin(file, accepted) {
  for (const [name, suffix] of ENCODINGS) {
    if (!accepted.includes(name)) continue;
    const info = await stat(file + suffix).catch(() => null);
    if (info?.isFile()) return { path: file + suffix, encoding: name };
  }
  return null;
}

/** Serves `dir` on `host:port` (0: a free port); resolves once it listens. */
export async function serve(dir, { port = 0, host = "127.0.0.1" } = {}) {
  dir = resolve(dir);
  if (!existsSync(join(dir, "index.html"))) {
    throw new Error(`${dir}/index.html is missing: build the app first (scripts/start and scripts/test do)`);
  }
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
      let file = normalize(join(dir, path));
      if (file !== dir && !file.startsWith(dir + sep)) {
        // Outside the folder (`dist-old/` beside `dist/` included).
        res.writeHead(403).end();
        return;
      }
      const info = await stat(file).catch(() => null);
      if (!info && extname(file) !== "") {
        res.writeHead(404).end();
        return;
      }
      if (!info || info.isDirectory()) file = join(dir, "index.html");
      const headers = { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" };
      const accepted = String(req.headers["accept-encoding"] ?? "").toLowerCase();
      const packed = await twin(file, accepted);
      if (packed) {
        headers["content-encoding"] = packed.encoding;
        headers["vary"] = "accept-encoding";
      }
      const body = await readFile(packed ? packed.path : file);
      res.writeHead(200, headers);
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, ok);
  });
  const bound = server.address().port;
  return { url: `http://${host}:${bound}/`, close: () => new Promise((ok) => server.close(ok)) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");
  const dir = process.argv[2] ?? join(root, "dist");
  const port = Number(process.argv[3] ?? 8080);
  try {
    const { url } = await serve(dir, { port });
    console.log(`serve: ${dir} at ${url}`);
  } catch (e) {
    console.error(`serve: ${e.message}`);
    process.exit(1);
  }
}
