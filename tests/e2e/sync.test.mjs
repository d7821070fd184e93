// Spaces (issue 15): "Sync this browser" against a real `floe serve`. Two
// browser profiles (separate contexts: separate IndexedDB, localStorage)
// sync one space: a board made on one appears on the other, an edit on
// either is seen live on the other, a delete travels as a tombstone.
// Offline edits on both sides (the server killed as kill -9 would) converge
// once it is back, the conflict keeping both boards. The server's files
// never hold a board's name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { ROOT, withPage } from "./harness.mjs";
import { serverSuite, startServer, storedBytes } from "./floe-serve.mjs";
import { audit } from "./a11y.mjs";
import { addNode, buildAddBoard, menuItem, open } from "./editor.mjs";

const suite = serverSuite();


/** Names the board on screen. */
async function rename(page, name) {
  await page.getByTestId("canvas").click({ position: { x: 650, y: 30 } });
  await page.getByTestId("board-name").fill(name);
  await page.getByTestId("board-name").press("Enter");
}

/** Opens the board named `name` from the home screen. */
async function openBoard(page, name) {
  await page.locator("[data-testid=board-row]", { hasText: name }).first().getByTestId("board-open").click();
  await page.getByTestId("canvas").waitFor({ timeout: 20000 });
}

/** Waits until the home list of `page` has a board named `name` (it reloads the list by going home). */
async function seesBoard(page, name, timeout = 20000) {
  await page.locator("[data-testid=board-row]", { hasText: name }).first().waitFor({ timeout });
}

/** Turns sync on in `page` (its first profile): the space's link. */
async function syncThisBrowser(page) {
  await page.getByTestId("server-status").filter({ hasText: "Online" }).waitFor({ timeout: 20000 });
  await page.getByTestId("server-status").click();
  await page.getByTestId("space-create").click();
  const link = page.getByTestId("space-link");
  await link.waitFor({ timeout: 20000 });
  return link.inputValue();
}

/** Connects `page` (another profile) with a space link, as a person would: open it, say yes. */
async function connect(page, link) {
  await page.goto(link);
  await page.getByTestId("space-pending").waitFor({ timeout: 20000 });
  await page.getByTestId("space-connect").click();
  await page.getByTestId("space-link").waitFor({ timeout: 20000 });
  // Escape closes the dialog though the button that had the focus is gone.
  await page.keyboard.press("Escape");
  await page.getByTestId("server-dialog").waitFor({ state: "detached" });
}

test("two browsers sync one space: boards, live edits, deletes; the server keeps no plaintext", async () => {
  const marker = `SYNC-${Date.now().toString(36)}-plaintext`;
  await withPage(suite.browser, "sync-two", async (a) => {
    await open(a, suite.server.url);
    await buildAddBoard(a);
    await rename(a, `${marker} one`);
    const link = await syncThisBrowser(a);
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#j=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/, link);
    await a.getByTestId("space-qr").waitFor({ timeout: 20000 });
    await audit(a, "the Server dialog with a synced space");
    await a.getByTestId("server-close").click();
    await a.getByTestId("server-status").filter({ hasText: "Online" }).waitFor({ timeout: 20000 });

    // A second tab of the first browser syncs too (its own worker): rounds
    // take turns (Web Locks), so the two tabs never see each other's pushes
    // as conflicts.
    const tab = await a.context().newPage();
    await tab.goto(suite.server.url + "#/");
    await tab.getByTestId("server-status").filter({ hasText: "Online" }).waitFor({ timeout: 20000 });
    const other = await suite.browser.newContext();
    try {
      const b = await other.newPage();
      await connect(b, link);
      // The board made on the first browser is on the second's home screen.
      await seesBoard(b, `${marker} one`);
      // Made on the second: seen on the first.
      await b.getByTestId("new-board").click();
      await b.getByTestId("canvas").waitFor({ timeout: 20000 });
      await rename(b, `${marker} two`);
      await a.goto(suite.server.url + "#/");
      await seesBoard(a, `${marker} two`);

      // Both on the first board: an edit on the second is drawn on the first, live.
      await openBoard(a, `${marker} one`);
      await a.locator('.node[data-node="add"]').waitFor({ timeout: 20000 });
      await b.goto(suite.server.url + "#/");
      await openBoard(b, `${marker} one`);
      await b.locator('.node[data-node="add"]').waitFor({ timeout: 20000 });
      await addNode(b, "multiply", 30, 560, "multiply");
      await a.locator('.node[data-node="multiply"]').waitFor({ timeout: 20000 });
      // And back.
      await addNode(a, "subtract", 780, 40, "subtract");
      await b.locator('.node[data-node="subtract"]').waitFor({ timeout: 20000 });

      // A delete on the second: the first's copy goes to its bin (restorable), off its list.
      await b.goto(suite.server.url + "#/");
      await seesBoard(b, `${marker} two`);
      const row = b.locator("[data-testid=board-row]", { hasText: `${marker} two` }).first();
      await row.hover();
      await row.getByTestId("board-delete").click();
      await a.goto(suite.server.url + "#/");
      await a.waitForFunction(
        (name) => ![...document.querySelectorAll("[data-testid=board-row]")].some((r) => r.textContent.includes(name)),
        `${marker} two`,
        { timeout: 20000 },
      );
      // Brought back from the bin on the second (Undo): back on the first too.
      await b.getByTestId("undo-delete").click();
      await seesBoard(a, `${marker} two`);

      // Disconnecting keeps the boards.
      await b.getByTestId("server-status").click();
      await b.getByTestId("space-leave").click();
      await b.getByTestId("space-create").waitFor();
      await b.getByTestId("server-close").click();
      await b.reload();
      await seesBoard(b, `${marker} one`);

      for (const p of [a, tab]) {
        await p.evaluate(() => window.dispatchEvent(new Event("focus")));
        assert.doesNotMatch(await p.getByTestId("server-status").innerText(), /Conflict/, "no conflict between one browser's tabs");
      }

      const bytes = await storedBytes(suite.server.data);
      assert.ok(bytes.includes(Buffer.from("FLS1")), "the space's blobs are in the server's files");
      assert.ok(!bytes.includes(Buffer.from(marker)), "no board name is");
      assert.ok(!bytes.includes(Buffer.from("math.multiply")), "nor a node kind");
    } finally {
      await other.close();
    }
  });
});

test("offline edits on two browsers converge when the server is back; the conflict keeps both", async () => {
  const own = await startServer(suite.bin);
  let back = null;
  try {
    await withPage(suite.browser, "sync-offline", async (a) => {
      await open(a, own.url);
      await buildAddBoard(a);
      await rename(a, "Shared plan");
      const link = await syncThisBrowser(a);
      await a.getByTestId("server-close").click();
      const other = await suite.browser.newContext();
      try {
        const b = await other.newPage();
        await connect(b, link);
        await seesBoard(b, "Shared plan");
        // Both apps are kept by their service workers for offline use.
        for (const p of [a, b]) {
          await p.evaluate(async () => {
            await navigator.serviceWorker.ready;
            if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r));
          });
        }
        await openBoard(b, "Shared plan");
        await b.locator('.node[data-node="add"]').waitFor({ timeout: 20000 });

        await own.stop(); // kill -9
        // Each edits the same board while the server is gone; the first also makes a board.
        await addNode(a, "multiply", 30, 560, "multiply");
        await addNode(b, "subtract", 30, 620, "subtract");
        await a.getByTestId("server-status").filter({ hasText: "Offline" }).waitFor({ timeout: 30000 });
        await b.getByTestId("server-status").filter({ hasText: "Offline" }).waitFor({ timeout: 30000 });
        await a.goto(own.url + "#/");
        await a.getByTestId("new-board").click();
        await a.getByTestId("canvas").waitFor({ timeout: 20000 });
        await rename(a, "Made offline");
        await a.goto(own.url + "#/");
        await a.getByTestId("home").waitFor();

        back = await startServer(suite.bin, own);
        // Nothing tells the pages: their retries (with backoff) and the index's
        // event stream reconnecting find the server back, and the queues drain.
        // The board made offline reaches the other browser.
        await b.goto(own.url + "#/");
        await seesBoard(b, "Made offline", 60000);
        // Both converge on one board: the later writer's edit on top, the other kept as a version.
        await openBoard(b, "Shared plan");
        await openBoard(a, "Shared plan");
        const kinds = async (p) =>
          (await p.locator(".node").evaluateAll((ns) => ns.map((n) => n.dataset.node))).sort().join(",");
        let same = false;
        for (let i = 0; i < 120 && !same; i++) {
          await a.waitForTimeout(500);
          same = (await kinds(a)) === (await kinds(b)) && (await a.locator(".node").count()) > 0;
        }
        assert.ok(same, `both show one board: ${await kinds(a)} / ${await kinds(b)}`);
        const shown = await kinds(a);
        assert.ok(shown.includes("multiply") !== shown.includes("subtract"), `one edit is on top: ${shown}`);
        // The browser that met the conflict says so, and the other edit is in its versions.
        const conflicted = (await a.getByTestId("server-status").innerText()).includes("Conflict") ? a : b;
        await conflicted.getByTestId("server-status").filter({ hasText: "Conflict" }).waitFor({ timeout: 20000 });
        await conflicted.getByTestId("server-status").click();
        assert.match(await conflicted.getByTestId("space-conflicts").innerText(), /“Shared plan” was also changed on .+: this browser's edit is on top/);
        await conflicted.getByTestId("space-conflicts-seen").click();
        await conflicted.getByTestId("server-close").click();
        await menuItem(conflicted, "board-menu", "versions-button");
        await conflicted.getByTestId("version").filter({ hasText: "from " }).first().waitFor({ timeout: 20000 });
      } finally {
        await other.close();
      }
    });
  } finally {
    await (back ?? own).stop();
    await rm(own.data, { recursive: true, force: true });
  }
});

/** Rows of the server's SQLite `blobs` table (live ones), through Python's sqlite3. */
function liveBlobs(data) {
  const out = execFileSync("python3", [
    "-c",
    "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('select count(*) from blobs where deleted_ms is null').fetchone()[0])",
    join(data, "floe.db"),
  ]);
  return Number(String(out).trim());
}

test("a custom module goes to the space once, whatever the boards using it, and runs on the other browser", async () => {
  const own = await startServer(suite.bin);
  try {
    await withPage(suite.browser, "sync-modules", async (a) => {
      await a.goto(own.url);
      await a.getByTestId("home").waitFor({ timeout: 20000 });
      // Two boards with the same custom module (the example, imported twice).
      for (let i = 0; i < 2; i++) {
        await a.goto(own.url + "#/");
        await a.getByTestId("home").waitFor();
        await a.getByTestId("import-input").setInputFiles(join(ROOT, "examples", "custom-node.board.json"));
        await a.waitForFunction(() => location.hash.startsWith("#/b/"));
        await a.locator(".node").first().waitFor({ timeout: 20000 });
      }
      await a.goto(own.url + "#/");
      await a.getByTestId("home").waitFor();
      await a.getByTestId("home-server").click();
      await a.getByTestId("space-create").click();
      const link = await a.getByTestId("space-link").inputValue({ timeout: 20000 });
      await a.getByTestId("server-close").click();
      const other = await suite.browser.newContext();
      try {
        const b = await other.newPage();
        await connect(b, link);
        await b.waitForFunction(() => document.querySelectorAll("[data-testid=board-row]").length === 2, null, { timeout: 20000 });
        // The index, two boards, one module: the module went once.
        assert.equal(liveBlobs(own.data), 4, "index + 2 boards + 1 module");
        await b.getByTestId("board-open").first().click();
        await b.locator(".node").first().waitFor({ timeout: 20000 });
        await b.getByTestId("tab-check").click();
        await b.getByTestId("check").click();
        await b.getByTestId("check-summary").getByText(/^(\d+) of \1 passed$/).waitFor({ timeout: 20000 });
      } finally {
        await other.close();
      }
    });
  } finally {
    await own.stop();
    await rm(own.data, { recursive: true, force: true });
  }
});
