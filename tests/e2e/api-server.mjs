// A small JSON API on 127.0.0.1 for the HTTP tests and the "web-api"
// example: CORS for the app's origin (preflights included), and routes that
// misbehave on purpose. It records every request it gets (method, URL,
// headers), so a test can prove what was, and was not, sent.
import { createServer } from "node:http";

/** Starts one on `port` (0: any free port); resolves to { origin, requests, close }. */
export function startApi(port = 0) {
  const requests = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    const cors = {
      "access-control-allow-origin": "*",
      "access-control-allow-headers": "authorization, content-type, x-api-key",
      "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE",
    };
    if (req.method === "OPTIONS") {
      res.writeHead(204, cors).end();
      return;
    }
    requests.push({ method: req.method, path: req.url, headers: req.headers });
    const json = (status, body) => res.writeHead(status, { ...cors, "content-type": "application/json" }).end(JSON.stringify(body));
    switch (url.pathname) {
      case "/weather":
        return json(200, { city: url.searchParams.get("city") ?? "Lyon", celsius: 21.5, sky: "clear" });
      case "/echo":
        return json(200, { method: req.method, path: req.url, authorization: req.headers.authorization ?? null });
      case "/redirect":
        return res.writeHead(302, { ...cors, location: url.searchParams.get("to") ?? "/weather" }).end();
      case "/big":
        return res.writeHead(200, { ...cors, "content-type": "text/plain" }).end("x".repeat(9 << 20));
      case "/slow":
        return setTimeout(() => json(200, { late: true }), 5000);
      default:
        return json(404, { error: "no such thing" });
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const origin = `http://127.0.0.1:${server.address().port}`;
      resolve({ origin, requests, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

// `node tests/e2e/api-server.mjs [PORT]`: the API for the "web-api" example (default port 8787).
if (import.meta.url === `file://${process.argv[1]}`) {
  const api = await startApi(Number(process.argv[2] ?? 8787));
  console.log(`a test JSON API answers at ${api.origin} (try ${api.origin}/weather); Ctrl+C stops it`);
}
