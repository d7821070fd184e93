// A real `floe serve` for the browser tests and benchmarks: the binary,
// and a server on a free port of 127.0.0.1 with a data directory of its own.
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { rm } from "node:fs/promises";
import { DIST, ROOT, launch } from "./harness.mjs";

/** The `floe` binary (`FLOE_BIN`, or built here: `profile` "debug" or "release"). */
export function floeBinary(profile = "debug") {
  const bin = process.env.FLOE_BIN ?? join(ROOT, "target", profile, "floe");
  const release = profile === "release" ? ["--release"] : [];
  if (!process.env.FLOE_BIN) execFileSync("cargo", ["build", "-q", ...release, "-p", "floe-cli"], { cwd: ROOT, stdio: "inherit" });
  assert.ok(existsSync(bin), `no floe binary at ${bin}`);
  return bin;
}

/**
 * Starts `floe serve` on a free port of 127.0.0.1 with its own data
 * directory (`stop()` kills it, as `kill -9` would); `again` restarts a
 * stopped one on its address and data.
 */
export async function startServer(bin, again = null, extra = []) {
  const data = again?.data ?? (await mkdtemp(join(tmpdir(), "floe-e2e-serve-")));
  const listen = again ? new URL(again.url).host : "127.0.0.1:0";
  const child = spawn(bin, ["serve", "--listen", listen, "--data", data, "--dist", DIST, ...extra], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FLOE_LOG: "warn" },
  });
  let log = "";
  child.stderr.on("data", (d) => (log += d));
  const url = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`floe serve did not start:\n${out}\n${log}`)), 30000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] + "/");
      }
    });
    child.on("exit", (code) => reject(new Error(`floe serve exited (${code}):\n${out}\n${log}`)));
  });
  return {
    url,
    data,
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await new Promise((r) => child.once("exit", r));
      }
    },
  };
}


/** Every byte a server keeps under its data directory (to search for what must not be there). */
export async function storedBytes(dir) {
  const parts = [];
  for (const f of await readdir(dir, { recursive: true })) {
    const bytes = await readFile(join(dir, f)).catch(() => null);
    if (bytes) parts.push(bytes);
  }
  return Buffer.concat(parts);
}

/**
 * For a test file: the debug `floe`, a server started before its tests and
 * Chromium, both stopped (the server's data removed) after them. Read the
 * fields inside tests: `{ bin, server, browser }`.
 */
export function serverSuite() {
  const suite = {};
  before(async () => {
    suite.bin = floeBinary();
    suite.server = await startServer(suite.bin);
    suite.browser = await launch();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
    if (suite.server) await rm(suite.server.data, { recursive: true, force: true });
  });
  return suite;
}

/** A throwaway PostgreSQL cluster (`floe-bench`'s `pg`, built here): its database URL, and `stop()`. */
export async function startPostgres() {
  execFileSync("cargo", ["build", "-q", "--release", "-p", "floe-bench", "--features", "serve", "--bin", "pg"], { cwd: ROOT, stdio: "inherit" });
  const child = spawn(join(ROOT, "target", "release", "pg"), [], { stdio: ["pipe", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/^postgres (\S+)$/m);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`the PostgreSQL cluster did not start (${code}): ${out}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((r) => child.once("exit", r));
        child.stdin.end();
        await gone;
      }
    },
  };
}
