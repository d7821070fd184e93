// The app with a real `floe serve` (issue 15): the server found by itself
// when the app came from it; a short link through it (encrypted in the
// browser) opened in a fresh profile, updated, deleted; a damaged key; the
// server down; and the server's files never holding a board's text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { withPage } from "./harness.mjs";
import { serverSuite, startServer, storedBytes } from "./floe-serve.mjs";
import { audit } from "./a11y.mjs";
import { addNode, buildAddBoard, open } from "./editor.mjs";

const suite = serverSuite();

/** Opens the share dialog and makes (or shows) the board's link through the server. */
async function linkThroughServer(page) {
  // The app found its server by itself (it was loaded from it).
  await page.getByTestId("server-status").filter({ hasText: "Online" }).waitFor({ timeout: 20000 });
  await page.getByTestId("share").click();
  await page.getByTestId("share-server").click();
  const link = page.getByTestId("share-server-link");
  await link.waitFor({ timeout: 20000 });
  return link.inputValue();
}


test("a board shared through the server: short link, fresh profile, update, delete; the server keeps no plaintext", async () => {
  const marker = `MARKER-${Date.now().toString(36)}-plaintext`;
  await withPage(suite.browser, "server-link", async (page, { context }) => {
    await open(page, suite.server.url);
    // The app came from a floe serve: it is the server, found by itself.
    await page.getByTestId("server-status").filter({ hasText: "Online" }).waitFor({ timeout: 20000 });
    await buildAddBoard(page);
    await page.getByTestId("canvas").click({ position: { x: 650, y: 30 } });
    await page.getByTestId("board-name").fill(`${marker} name`);
    await page.getByTestId("board-name").press("Enter");
    await page.locator("#board-description").fill(`${marker} notes`);
    await page.locator("#board-description").blur();
    const url = await linkThroughServer(page);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/#s=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/, url);
    assert.ok(url.length < 100, `short: ${url.length} characters`);
    await page.getByTestId("share-server-message").filter({ hasText: "only the link opens it" }).waitFor();
    await audit(page, "the share dialog with its short link");
    // A QR code of the short link, for phones in a classroom (drawn by the run worker).
    const qr = page.getByTestId("share-server-qr");
    await qr.waitFor({ timeout: 20000 });
    const drawn = await qr.evaluate((img) => img.complete && img.naturalWidth > 0);
    assert.ok(drawn, "the image loads");
    const side = Number(decodeURIComponent(await qr.getAttribute("src")).match(/viewBox='0 0 (\d+) /)[1]);
    assert.ok(side >= 29 && side <= 53, `a small code for a short link: ${side} squares with its quiet zone`);

    // A fresh profile (a new context has no storage) opens it read-only.
    const fresh = await suite.browser.newContext();
    try {
      const other = await fresh.newPage();
      await other.goto(url);
      await other.locator('.node[data-node="add"]').waitFor({ timeout: 20000 });
      assert.equal(await other.locator(".node").count(), 3);
      assert.match(await other.getByTestId("toolbar-board-name").innerText(), new RegExp(marker));
      await other.getByTestId("save-copy").waitFor();

      // The sharer adds a node and updates: the same link shows it.
      await page.keyboard.press("Escape");
      await addNode(page, "multiply", 700, 460, "multiply");
      await page.getByTestId("share").click();
      // While it goes, the top bar says so (seen by a watcher on the page, however short).
      await page.evaluate(() => {
        window.__statuses = [];
        new MutationObserver(() => window.__statuses.push(document.querySelector('[data-testid="server-status"]')?.textContent)).observe(
          document.body,
          { childList: true, subtree: true, characterData: true },
        );
      });
      await page.getByTestId("share-server-update").click();
      await page.getByTestId("share-server-message").filter({ hasText: "updated" }).waitFor({ timeout: 20000 });
      assert.equal(await page.getByTestId("share-server-link").inputValue(), url, "the link stays the same");
      const statuses = await page.evaluate(() => window.__statuses);
      assert.ok(statuses.includes("Syncing…"), `the status while updating: ${[...new Set(statuses)]}`);
      await page.getByTestId("server-status").filter({ hasText: "Online" }).waitFor();
      await other.reload();
      await other.locator('.node[data-node="multiply"]').waitFor({ timeout: 20000 });

      // What the server keeps: ciphertext only (it is there: the format's first bytes are).
      const bytes = await storedBytes(suite.server.data);
      assert.ok(bytes.includes(Buffer.from("FLS1")), "the sealed board is in the server's files");
      assert.ok(!bytes.includes(Buffer.from(marker)), "the board's name is not in the server's files");
      assert.ok(!bytes.includes(Buffer.from("math.multiply")), "nor its node kinds");

      // Deleted: the link opens nothing, and says so.
      await page.getByTestId("share-server-delete").click();
      await page.getByTestId("share-server-message").filter({ hasText: "Deleted" }).waitFor({ timeout: 20000 });
      await page.getByTestId("share-server").waitFor();
      await other.reload();
      const error = other.getByTestId("open-error");
      await error.waitFor({ timeout: 20000 });
      assert.match(await error.innerText(), /does not have this board/);
      assert.equal(await other.locator(".node").count(), 0);
    } finally {
      await fresh.close();
    }
    assert.ok(context); // the sharer's context stays open to the end
  });
});

test("a link whose key was changed is refused with the reason, and nothing is stored", async () => {
  await withPage(suite.browser, "server-wrong-key", async (page) => {
    await open(page, suite.server.url);
    await buildAddBoard(page);
    const url = await linkThroughServer(page);
    const key = url.split(".").pop();
    const flipped = url.slice(0, -key.length) + (key[0] === "A" ? "B" : "A") + key.slice(1);
    await page.goto(suite.server.url + "#/");
    await page.getByTestId("home").waitFor({ timeout: 20000 });
    const boards = await page.locator("[data-testid=board-row]").count();
    await page.goto(flipped);
    const error = page.getByTestId("open-error");
    await error.waitFor({ timeout: 20000 });
    assert.match(await error.innerText(), /key does not open/);
    const cut = url.slice(0, -10);
    await page.goto(cut);
    await page.reload();
    await page.getByTestId("open-error").filter({ hasText: "key is damaged" }).waitFor({ timeout: 20000 });
    await page.goto(suite.server.url + "#/");
    await page.getByTestId("home").waitFor({ timeout: 20000 });
    assert.equal(await page.locator("[data-testid=board-row]").count(), boards, "nothing was stored");
  });
});

test("with the server down, a link says it cannot be reached (the app itself loads offline)", async () => {
  const down = await startServer(suite.bin);
  try {
    await withPage(suite.browser, "server-down", async (page, { context }) => {
      await open(page, down.url);
      await buildAddBoard(page);
      const url = await linkThroughServer(page);
      // The service worker keeps the app for offline use; wait until it controls the page.
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r));
      });
      await down.stop();
      // The link opened in a new tab of this browser: the app comes from its cache.
      const tab = await context.newPage();
      await tab.goto(url, { timeout: 15000 });
      const error = tab.getByTestId("open-error");
      await error.waitFor({ timeout: 30000 });
      assert.match(await error.innerText(), /cannot be reached/);
      await tab.getByTestId("server-status").filter({ hasText: "Offline" }).waitFor({ timeout: 20000 });
    });
  } finally {
    await down.stop();
    await rm(down.data, { recursive: true, force: true });
  }
});

test("the server setting: none on purpose, a bad address named, and back", async () => {
  await withPage(suite.browser, "server-setting", async (page) => {
    await open(page, suite.server.url);
    await page.getByTestId("server-status").filter({ hasText: "Online" }).waitFor({ timeout: 20000 });
    await page.getByTestId("server-status").click();
    await audit(page, "the Server dialog");
    await page.getByTestId("server-none").click();
    await page.getByTestId("server-status").waitFor({ state: "detached" });
    // Chosen on purpose: a reload does not fill it in again.
    await page.reload();
    await page.getByTestId("canvas").or(page.getByTestId("home")).first().waitFor({ timeout: 20000 });
    await page.waitForTimeout(1000);
    assert.equal(await page.getByTestId("server-status").count(), 0);
    await page.getByTestId("share").click();
    await page.getByTestId("share-server-setup").click();
    await page.getByTestId("server-address").fill("http://a b");
    await page.getByTestId("server-save").click();
    assert.match(await page.getByTestId("server-problem").innerText(), /is not a server address/);
    await page.getByTestId("server-address").fill(suite.server.url);
    await page.getByTestId("server-save").click();
    await page.getByTestId("server-status").filter({ hasText: "Online" }).waitFor({ timeout: 20000 });
  });
});
