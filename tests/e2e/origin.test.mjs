// With no server configured, the app asks nothing of any origin but its
// own: the page, the run worker and the service worker, through a whole
// session (build and run a board, open a share link, open the examples,
// including the one with a custom node). Issue 15 adds an optional server;
// this is what must stay true without one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withPage, useApp } from "./harness.mjs";
import { buildAddBoard, open, run, shareLink } from "./editor.mjs";

const app = useApp();

test("with no server configured, every request goes to the app's own origin", async () => {
  await withPage(app.browser, "own-origin", async (page, { context }) => {
    const origin = new URL(app.server.url).origin;
    const requests = [];
    // The context sees the page's, its workers' and the service worker's requests.
    context.on("request", (r) => requests.push(r.url()));
    await open(page, app.server.url);
    await buildAddBoard(page);
    await run(page);
    const link = await shareLink(page);
    const other = await context.newPage();
    await other.goto(link);
    await other.locator(".node").first().waitFor({ timeout: 20000 });
    for (const name of ["temperature", "custom-node", "subflows"]) {
      await page.goto(app.server.url + "#/");
      await page.getByTestId("home").waitFor({ timeout: 20000 });
      await page.locator(`[data-example="${name}"]`).click();
      await page.locator(".node").first().waitFor({ timeout: 20000 });
    }
    await run(page);
    await page.waitForTimeout(500);
    assert.ok(requests.length > 5, `the session made requests (${requests.length})`);
    const elsewhere = requests.filter((u) => !u.startsWith("data:") && !u.startsWith("blob:") && new URL(u).origin !== origin);
    assert.deepEqual(elsewhere, [], "requests beyond the app's own origin");
  });
});
