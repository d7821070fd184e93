// Shared setup for the end-to-end tests: serve the built app (dist/) on
// 127.0.0.1, launch Debian's headless Chromium through playwright-core, and
// save a screenshot of every page of a failed test under tests/artifacts/.
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import { serve as serveDir } from "../../scripts/serve.mjs";
import { chromium } from "playwright-core";

const here = fileURLToPath(new URL(".", import.meta.url));
export const ROOT = resolve(here, "../..");
export const DIST = process.env.FLOE_DIST ?? join(ROOT, "dist");
export const ARTIFACTS = join(ROOT, "tests", "artifacts");

/** Serves `dir` on 127.0.0.1 (a free port), as `scripts/start` does: precompressed twins when accepted, unknown pages get index.html, unknown files 404. */
export function serve(dir = DIST) {
  return serveDir(dir);
}

/**
 * Debian's Chromium with the flags this machine needs (root, no network
 * chatter). Playwright gives each launch a fresh temporary profile.
 */
export async function launch() {
  const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Opens a fresh browser context for one test (`contextOptions` as
 * Playwright's, e.g. a viewport); collects page errors; on failure saves a
 * screenshot of each page and rethrows.
 */
export async function withPage(browser, name, fn, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  try {
    await fn(page, { context, errors });
  } catch (e) {
    await mkdir(ARTIFACTS, { recursive: true });
    for (const [i, p] of context.pages().entries()) {
      const file = join(ARTIFACTS, `${name.replace(/[^a-z0-9]+/gi, "-")}-${i}.png`);
      await p.screenshot({ path: file, fullPage: true }).catch(() => {});
      console.error(`screenshot saved: ${file}`);
    }
    if (errors.length) console.error(`page errors:\n  ${errors.join("\n  ")}`);
    throw e;
  } finally {
    await context.close();
  }
}

/**
 * For a test file: serves the built app and launches Chromium before its
 * tests, and closes both after. Returns `{ server, browser }` (filled in
 * once the file's tests start).
 */
export function useApp() {
  const app = {};
  before(async () => {
    app.server = await serve();
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}
