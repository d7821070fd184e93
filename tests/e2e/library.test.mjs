// Keeping, sharing and teaching, in headless Chromium: boards kept in
// IndexedDB across reloads, the home screen, versions, share links (also in
// a fresh browser profile), bad links, offline after one visit, exercises,
// and two tabs on one board.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotli, gzip } from "../../scripts/precompress.mjs";
import { DIST, ROOT, serve, withPage, useApp } from "./harness.mjs";
import { addNode, buildAddBoard, menuItem, open, run, selectNode, shareLink, wireCount, linkPacked } from "./editor.mjs";

const app = useApp();

/** Waits until autosave says everything is stored. */
async function saved(page) {
  await page.getByTestId("save-state").getByText("Saved", { exact: true }).waitFor({ timeout: 5000 });
}

/** Opens an example from the home screen (it becomes a stored board). */
async function openExample(page, name) {
  await page.goto(app.server.url);
  await page.getByTestId("home").waitFor({ timeout: 20000 });
  await page.locator(`[data-testid="example"][data-example="${name}"]`).click();
  await page.getByTestId("canvas").waitFor({ timeout: 20000 });
  await page.locator(".node").first().waitFor();
}

test("every edit survives a reload; the home screen lists, renames, duplicates, deletes with undo, searches", async () => {
  await withPage(app.browser, "reload-keeps-edits", async (page, { errors }) => {
    await open(page, app.server.url);
    await buildAddBoard(page);
    await page.getByTestId("canvas").click({ position: { x: 650, y: 30 } });
    await page.getByTestId("board-name").fill("Lesson one");
    await page.getByTestId("board-name").press("Enter");
    await page.getByTestId("board-name").blur();
    await page.getByText("Lesson one", { exact: true }).first().waitFor();
    // Reload at once: nothing shown on screen may be lost.
    await page.reload();
    await page.getByTestId("node-display").waitFor({ timeout: 20000 });
    assert.equal(await page.locator(".node").count(), 3);
    assert.equal(await wireCount(page), 2);
    await page.getByTestId("node-add").getByText("= 40").waitFor();
    assert.equal(await page.locator(".toolbar .board-name").textContent(), "Lesson one");
    await run(page);
    await page.getByTestId("node-display").getByTestId("display").getByText("42").waitFor({ timeout: 5000 });

    // Home: the board is listed; rename, duplicate, search, delete and undo.
    await page.getByTestId("home-link").click();
    await page.getByTestId("home").waitFor();
    const rows = page.getByTestId("board-row");
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().textContent(), /Lesson one.*3 nodes/);
    await rows.first().getByTestId("board-rename").click();
    await page.getByTestId("rename-input").fill("Lesson 1: adding");
    await page.getByTestId("rename-input").press("Enter");
    await page.getByText("Lesson 1: adding", { exact: true }).waitFor();
    await rows.first().getByTestId("board-duplicate").click();
    await page.getByText("Lesson 1: adding (copy)", { exact: true }).waitFor();
    assert.equal(await rows.count(), 2);
    await page.getByTestId("board-search").fill("copy");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="board-row"]').length === 1);
    await page.getByTestId("board-search").fill("");
    const copyRow = rows.filter({ hasText: "(copy)" });
    await copyRow.getByTestId("board-delete").click();
    await page.getByTestId("undo-delete-bar").waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="board-row"]').length === 1);
    await page.getByTestId("undo-delete").click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="board-row"]').length === 2);
    // And the list survives a reload too.
    await page.reload();
    await page.getByTestId("board-row").nth(1).waitFor({ timeout: 20000 });
    await page.getByText("Lesson 1: adding", { exact: true }).click();
    await page.getByTestId("node-display").waitFor();
    assert.equal(await page.locator(".toolbar .board-name").textContent(), "Lesson 1: adding");
    assert.deepEqual(errors, []);
  });
});

test("versions: name one, change the board, restore it", async () => {
  await withPage(app.browser, "versions", async (page) => {
    await openExample(page, "temperature");
    const nodes = await page.locator(".node").count();
    await menuItem(page, "board-menu", "versions-button");
    await page.getByTestId("version").first().waitFor(); // the automatic one taken on opening
    await page.getByTestId("version-label").fill("before my change");
    await page.getByTestId("save-version").click();
    await page.getByTestId("version").filter({ hasText: "before my change" }).waitFor();
    // Delete a node (select it, press Delete), then restore the named version.
    await selectNode(page, "round");
    await page.keyboard.press("Delete");
    await page.waitForFunction((n) => document.querySelectorAll(".node").length === n - 1, nodes);
    await saved(page);
    await page.getByTestId("version").filter({ hasText: "before my change" }).getByTestId("restore-version").click();
    await page.waitForFunction((n) => document.querySelectorAll(".node").length === n, nodes);
    // The state before the restore was kept as a version too.
    await page.getByTestId("version").filter({ hasText: "before restoring" }).waitFor();
    // A restore is an ordinary edit: undo and redo it.
    await page.getByTestId("undo").click();
    await page.waitForFunction((n) => document.querySelectorAll(".node").length === n - 1, nodes);
    await page.getByTestId("redo").click();
    await page.waitForFunction((n) => document.querySelectorAll(".node").length === n, nodes);
    await saved(page);
    await page.reload();
    await page.locator(".node").first().waitFor({ timeout: 20000 });
    assert.equal(await page.locator(".node").count(), nodes, "the restored board is what is stored");
  });
});

test("a share link opens read-only in a fresh browser profile; Save a copy stores it; the link never overwrites", async () => {
  let link;
  await withPage(app.browser, "share-make", async (page) => {
    await openExample(page, "temperature");
    await page.getByTestId("share").click();
    await linkPacked(page);
    link = await page.getByTestId("share-link").inputValue();
    const size = await page.getByTestId("share-size").textContent();
    assert.match(size, /^\d+ characters/);
    assert.ok(link.length < 2000, `the example's link is short (${link.length})`);
    assert.ok(link.startsWith(app.server.url) && link.includes("#b=1."), link);
  });
  // A fresh context is a fresh profile: empty IndexedDB, no service worker.
  await withPage(app.browser, "share-open", async (page, { errors }) => {
    await page.goto(link);
    await page.getByTestId("shared-banner").waitFor({ timeout: 20000 });
    await page.getByTestId("node-round").waitFor();
    assert.equal(await page.locator(".toolbar .board-name").textContent(), "Temperature conversion");
    // Read-only: an edit is refused and says why.
    await selectNode(page, "round");
    await page.keyboard.press("Delete");
    await page.getByTestId("notices").getByText("read-only").waitFor();
    assert.equal(await page.getByTestId("node-round").count(), 1);
    // It runs as it is.
    await page.getByTestId("tab-input").click();
    await page.getByTestId("run-input").fill('{"celsius": 100}');
    await run(page);
    await page.getByTestId("tab-outputs").click();
    await page.getByTestId("outputs").getByText("212").waitFor();
    // Save a copy: stored, editable, listed.
    await page.getByTestId("save-copy").click();
    await page.waitForFunction(() => location.hash.startsWith("#/b/"));
    await page.getByTestId("shared-banner").waitFor({ state: "detached" });
    await selectNode(page, "round");
    await page.keyboard.press("Delete");
    await page.waitForFunction(() => !document.querySelector('[data-testid="node-round"]'));
    await saved(page);
    // Opening the link again shows the original, and does not touch the copy.
    await page.goto(link);
    await page.getByTestId("node-round").waitFor({ timeout: 20000 });
    await page.goto(app.server.url + "#/");
    await page.getByTestId("board-row").first().waitFor();
    assert.equal(await page.getByTestId("board-row").count(), 1);
    assert.match(await page.getByTestId("board-row").textContent(), /4 nodes/);
    assert.deepEqual(errors, []);
  });
});

test("corrupt, truncated and future-version links say what is wrong and touch nothing", async () => {
  await withPage(app.browser, "bad-links", async (page) => {
    await openExample(page, "word-count");
    const link = await shareLink(page);
    await saved(page);
    const cases = [
      [link.slice(0, Math.floor(link.length * 0.6)), /cannot be opened/],
      [link.replace("#b=1.", "#b=1.zz"), /cannot be opened/],
      [app.server.url + "#b=9." + link.split("#b=1.")[1], /newer|version/i],
      [app.server.url + "#b=1.!!!not-base64!!!", /cannot be opened/],
      [app.server.url + "#hello", /cannot be opened/],
    ];
    for (const [url, message] of cases) {
      await page.goto(url);
      const banner = page.getByTestId("open-error");
      await banner.waitFor({ timeout: 20000 });
      assert.match(await banner.textContent(), message, url);
      assert.match(await banner.textContent(), /Nothing was changed/);
      assert.equal(await page.locator(".node").count(), 0);
    }
    await page.getByTestId("go-home").click();
    await page.getByTestId("board-row").first().waitFor();
    assert.equal(await page.getByTestId("board-row").count(), 1, "the stored board is still there");
  });
});

test("board text from a link is shown as text, never as HTML", async () => {
  await withPage(app.browser, "text-not-html", async (page) => {
    await open(page, app.server.url);
    await page.getByTestId("board-name").fill('<img src=x onerror="window.pwned=1">Evil');
    await page.getByTestId("board-name").press("Enter");
    await page.getByTestId("board-name").blur();
    await addNode(page, "start", 120, 120, "manual_start");
    await page.getByTestId("canvas").click({ position: { x: 650, y: 30 } });
    const link = await shareLink(page);
    await page.goto(link);
    await page.getByTestId("shared-banner").waitFor({ timeout: 20000 });
    await page.getByText('<img src=x onerror="window.pwned=1">Evil').first().waitFor();
    assert.equal(await page.locator(".toolbar img, .inspector img").count(), 0);
    assert.equal(await page.evaluate(() => window.pwned), undefined);
  });
});

test("after one visit the app opens and runs boards with the network off", async () => {
  await withPage(app.browser, "offline", async (page, { context }) => {
    await openExample(page, "temperature");
    await saved(page);
    // The service worker has installed and controls the page.
    const controlled = await page.evaluate(async () => {
      const ready = (async () => {
        await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller) {
          await new Promise((ok) => navigator.serviceWorker.addEventListener("controllerchange", ok, { once: true }));
        }
        return true;
      })();
      return Promise.race([ready, new Promise((ok) => setTimeout(() => ok(false), 15000))]);
    });
    assert.ok(controlled, "the service worker installs and controls the page");
    const boardUrl = page.url();
    // Installable: a manifest with a name, a start URL and large icons.
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector('link[rel="manifest"]').href;
      return (await fetch(href)).json();
    });
    assert.equal(manifest.short_name, "Floe");
    assert.equal(manifest.display, "standalone");
    assert.deepEqual(manifest.icons.map((i) => i.sizes).sort(), ["192x192", "512x512"]);
    await context.setOffline(true);
    await page.goto(boardUrl);
    await page.getByTestId("node-round").waitFor({ timeout: 20000 });
    await page.getByTestId("tab-input").click();
    await page.getByTestId("run-input").fill('{"celsius": 37}');
    await run(page);
    await page.getByTestId("tab-outputs").click();
    await page.getByTestId("outputs").getByText("98.6").waitFor();
    // Home and the examples work offline too.
    await page.goto(app.server.url);
    await page.getByTestId("home").waitFor({ timeout: 20000 });
    await page.locator('[data-testid="example"][data-example="fizzbuzz"]').click();
    await page.locator(".node").first().waitFor();
    await context.setOffline(false);
  });
});

test("an exercise: Check shows one passing and one failing case with the difference; authors add cases", async () => {
  await withPage(app.browser, "exercise", async (page) => {
    await openExample(page, "exercise-average");
    await page.getByTestId("check-panel").waitFor(); // an exercise opens on Check
    await page.getByTestId("check").click();
    await page.getByTestId("check-summary").getByText("1 of 2 passed").waitFor({ timeout: 10000 });
    const cases = page.getByTestId("case");
    assert.equal(await cases.count(), 2);
    const verdicts = await page.getByTestId("case-verdict").allTextContents();
    assert.deepEqual(verdicts.sort(), ["✔ pass", "✘ fail"]);
    const diff = await page.getByTestId("case-differences").textContent();
    assert.match(diff, /expected .*, got /);

    // Author a new case from a run: it travels with the board (and its link).
    await page.getByTestId("tab-input").click();
    await page.getByTestId("run-input").fill('{"numbers": [5, 5]}');
    await run(page);
    await page.getByTestId("tab-check").click();
    await page.getByTestId("case-from-run").click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="case"]').length === 3);
    await page.getByTestId("check").click();
    await page.getByTestId("check-summary").getByText("2 of 3 passed").waitFor({ timeout: 10000 });
    const link = await shareLink(page);
    await page.goto(link);
    await page.getByTestId("shared-banner").waitFor({ timeout: 20000 });
    await page.getByTestId("tab-check").click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="case"]').length === 3);
    await page.getByTestId("check").click();
    await page.getByTestId("check-summary").getByText("2 of 3 passed").waitFor({ timeout: 10000 });
  });
});

test("two tabs on one board: one edits, the other follows live, and can take over", async () => {
  await withPage(app.browser, "two-tabs", async (page, { context }) => {
    await openExample(page, "temperature");
    await saved(page);
    const url = page.url();
    const other = await context.newPage();
    await other.goto(url);
    await other.getByTestId("lock-banner").waitFor({ timeout: 20000 });
    // An edit in the first tab shows up in the second.
    await selectNode(page, "round");
    await page.keyboard.press("Delete");
    await saved(page);
    await other.waitForFunction(() => !document.querySelector('[data-testid="node-round"]'), null, { timeout: 5000 });
    // The second tab cannot edit until it takes over; then the first follows.
    await other.getByTestId("edit-here").click();
    await other.getByTestId("lock-banner").waitFor({ state: "detached" });
    await page.getByTestId("lock-banner").waitFor({ timeout: 5000 });
    await selectNode(other, "plus");
    await other.keyboard.press("Delete");
    await saved(other);
    await page.waitForFunction(() => !document.querySelector('[data-testid="node-plus"]'), null, { timeout: 5000 });
    // Renaming it from the home screen in a third tab reaches the tab that edits it (and its follower).
    const home = await context.newPage();
    await home.goto(app.server.url + "#/");
    await home.getByTestId("board-rename").first().click();
    await home.getByTestId("rename-input").fill("Renamed elsewhere");
    await home.getByTestId("rename-input").press("Enter");
    for (const p of [other, page]) {
      await p.locator(".toolbar .board-name").getByText("Renamed elsewhere").waitFor({ timeout: 5000 });
    }
    await saved(other);
    await other.reload();
    await other.locator(".toolbar .board-name").getByText("Renamed elsewhere").waitFor({ timeout: 20000 });
  });
});

/** Writes a file of a new version into `dir` with its compressed twins, as a build does (the server prefers the twins). */
async function deploy(dir, name, text) {
  await writeFile(join(dir, name), text);
  await writeFile(join(dir, `${name}.br`), brotli(Buffer.from(text)));
  await writeFile(join(dir, `${name}.gz`), gzip(Buffer.from(text)));
}

test("a new version is picked up on the next load without breaking an open session", async () => {
  // Serve a copy of the app, so a "new version" can be deployed under it.
  const dir = await mkdtemp(join(tmpdir(), "floe-update-"));
  await cp(DIST, dir, { recursive: true });
  const site = await serve(dir);
  try {
    await withPage(app.browser, "update", async (page, { context }) => {
      await page.goto(site.url);
      await page.getByTestId("home").waitFor({ timeout: 20000 });
      await page.locator('[data-testid="example"][data-example="temperature"]').click();
      await page.getByTestId("node-round").waitFor({ timeout: 20000 });
      await page.evaluate(() => navigator.serviceWorker.ready);
      await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 15000 });

      // Deploy: a new stylesheet under a new hashed name, referenced by a new index.html.
      // Trunk writes the hash without leading zeros: 15 digits now and then.
      const css = (await readdir(dir)).find((f) => /^floe-[0-9a-f]{1,16}\.css$/.test(f));
      const newCss = "floe-00000000000000aa.css";
      const body = await readFile(join(dir, css), "utf8");
      await deploy(dir, newCss, body + "\nbody { --floe-version: 2; }\n");
      const index = await readFile(join(dir, "index.html"), "utf8");
      const updated = index.replaceAll(css, newCss).replace(/(href="\/floe-0+aa\.css")\s+integrity="[^"]*"/, "$1");
      await deploy(dir, "index.html", updated);

      // The open session keeps working on the code it loaded.
      await page.getByTestId("tab-input").click();
      await page.getByTestId("run-input").fill('{"celsius": 100}');
      await run(page);
      await page.getByTestId("tab-outputs").click();
      await page.getByTestId("outputs").getByText("212").waitFor();

      // The next load uses the new version; and, once seen, it works offline.
      const second = await context.newPage();
      await second.goto(page.url());
      await second.getByTestId("node-round").waitFor({ timeout: 20000 });
      const version = () => getComputedStyle(document.body).getPropertyValue("--floe-version").trim();
      assert.equal(await second.evaluate(version), "2");
      await second.close();
      await context.setOffline(true);
      const third = await context.newPage();
      await third.goto(page.url());
      await third.getByTestId("node-round").waitFor({ timeout: 20000 });
      assert.equal(await third.evaluate(version), "2");
      await context.setOffline(false);
    });
  } finally {
    await site.close();
    await rm(dir, { recursive: true, force: true });
  }
});

// Regression: the service worker dropped the old assets as soon as a new page
// arrived, so an update interrupted before its assets were fetched left an
// app that could not start offline.
test("an update interrupted before its files arrive leaves a working offline app", async () => {
  const dir = await mkdtemp(join(tmpdir(), "floe-interrupted-"));
  await cp(DIST, dir, { recursive: true });
  const site = await serve(dir);
  try {
    await withPage(app.browser, "interrupted", async (page, { context }) => {
      await page.goto(site.url);
      await page.getByTestId("home").waitFor({ timeout: 20000 });
      await page.evaluate(() => navigator.serviceWorker.ready);
      await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 15000 });
      await page.locator('[data-testid="example"][data-example="temperature"]').click();
      await page.getByTestId("node-round").waitFor({ timeout: 20000 });
      const boardUrl = page.url();

      // A new version whose script never arrives (the visit is cut off).
      const js = (await readdir(dir)).find((f) => /^floe-app-[0-9a-f]+\.js$/.test(f));
      const index = await readFile(join(dir, "index.html"), "utf8");
      await deploy(dir, "index.html", index.replaceAll(js, "floe-app-00000000000000bb.js").replace(/integrity="[^"]*"/g, ""));
      const second = await context.newPage();
      await second.goto(boardUrl);
      await second.waitForTimeout(1500);
      await second.close();

      // Offline, the app that was cached still starts and runs a board.
      await context.setOffline(true);
      const third = await context.newPage();
      await third.goto(boardUrl);
      await third.getByTestId("node-round").waitFor({ timeout: 20000 });
      await third.getByTestId("tab-input").click();
      await third.getByTestId("run-input").fill('{"celsius": 0}');
      await run(third);
      await third.getByTestId("tab-outputs").click();
      await third.getByTestId("outputs").getByText("32").waitFor();
      await context.setOffline(false);
    });
  } finally {
    await site.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("import a board file with its custom module: it becomes a new stored board that runs", async () => {
  await withPage(app.browser, "import", async (page) => {
    await page.goto(app.server.url);
    await page.getByTestId("home").waitFor({ timeout: 20000 });
    const file = join(ROOT, "examples", "custom-node.board.json");
    await page.getByTestId("import-input").setInputFiles(file);
    await page.waitForFunction(() => location.hash.startsWith("#/b/"));
    await page.locator(".node").first().waitFor({ timeout: 20000 });
    await page.getByTestId("tab-check").click();
    await page.getByTestId("check").click();
    await page.getByTestId("check-summary").getByText(/^(\d+) of \1 passed$/).waitFor({ timeout: 10000 });
    await saved(page);
    // Stored with its module: it still runs after a reload.
    await page.reload();
    await page.locator(".node").first().waitFor({ timeout: 20000 });
    await page.getByTestId("tab-check").click();
    await page.getByTestId("check").click();
    await page.getByTestId("check-summary").getByText(/^(\d+) of \1 passed$/).waitFor({ timeout: 10000 });
  });
});

test("without storage (IndexedDB blocked) the app says so and still edits and runs a board in the tab", async () => {
  await withPage(app.browser, "no-storage", async (page) => {
    await page.addInitScript(() => {
      Object.defineProperty(window, "indexedDB", {
        get() {
          throw new DOMException("The user denied permission to access the database.", "SecurityError");
        },
      });
    });
    await page.goto(app.server.url);
    await page.getByTestId("home").waitFor({ timeout: 20000 });
    const banner = page.getByTestId("home").getByTestId("storage-error");
    await banner.waitFor();
    assert.match(await banner.textContent(), /does not let Floe store boards.*export/);
    await page.locator('[data-testid="example"][data-example="temperature"]').click();
    await page.getByTestId("node-round").waitFor({ timeout: 20000 });
    await page.getByTestId("app").getByTestId("storage-error").waitFor();
    await page.getByTestId("save-state").getByText("Not saved").waitFor();
    await page.getByTestId("tab-input").click();
    await page.getByTestId("run-input").fill('{"celsius": 100}');
    await run(page);
    await page.getByTestId("tab-outputs").click();
    await page.getByTestId("outputs").getByText("212").waitFor();
    await selectNode(page, "round");
    await page.keyboard.press("Delete");
    await page.waitForFunction(() => !document.querySelector('[data-testid="node-round"]'));
  });
});
