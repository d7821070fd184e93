// The start page: the engine, compiled to wasm, runs a board in the tab.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launch, serve, withPage } from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("the page loads the engine and lists the built-in nodes", async () => {
  await withPage(browser, "start-loads", async (page, { errors }) => {
    await page.goto(server.url);
    const text = await page.getByTestId("catalog").textContent({ timeout: 15000 });
    const count = Number(text.match(/^(\d+) built-in nodes/)?.[1]);
    assert.ok(count >= 35, `catalog text: ${text}`);
    assert.deepEqual(errors, []);
  });
});

test("a board runs in the tab with the value typed in", async () => {
  await withPage(browser, "start-runs", async (page, { errors }) => {
    await page.goto(server.url);
    await page.getByTestId("celsius").fill("100");
    await page.getByTestId("run").click();
    await page.getByTestId("result").getByText(/°F/).waitFor({ timeout: 10000 });
    const result = await page.getByTestId("result").textContent();
    assert.match(result, /^100 °C = 212 °F \(ran in the tab in [\d.]+ ms\)$/);
    assert.deepEqual(errors, []);
  });
});
