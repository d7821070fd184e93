// HTTP from the tab (issue 16): the run worker's fetch against local APIs
// on 127.0.0.1 (api-server.mjs, with CORS). The first run of a board whose
// nodes declare HTTP asks, once per board; a share link never carries the
// grant; a revoked grant asks again; a secret from the vault is filled in
// for its granted origin only and never reaches the page; what is not
// granted, a redirect, and the size and time caps are refused — each
// before anything reaches the other server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { withPage, useApp, ROOT } from "./harness.mjs";
import { dropFiles, menuItem, open, run, shareLink } from "./editor.mjs";
import { startApi } from "./api-server.mjs";
import { audit } from "./a11y.mjs";

const app = useApp();
let api;
let other;
before(async () => {
  api = await startApi();
  other = await startApi();
});
after(async () => {
  await api?.close();
  await other?.close();
});

/** A board: one HTTP Request node `req` with `config` (and inline `inputs`), its body and status as outputs. */
function board(name, config, inputs = {}) {
  return {
    format_version: 1,
    meta: { name },
    nodes: [
      { id: "req", kind: "http.request", position: { x: 80, y: 80 }, config, inputs },
      { id: "body", kind: "event.board_output", position: { x: 420, y: 60 }, config: { name: "body" } },
      { id: "status", kind: "event.board_output", position: { x: 420, y: 200 }, config: { name: "status" } },
    ],
    edges: [
      { id: "e1", from: { node: "req", pin: "body" }, to: { node: "body", pin: "value" } },
      { id: "e2", from: { node: "req", pin: "status" }, to: { node: "status", pin: "value" } },
    ],
  };
}

async function load(page, b) {
  await dropFiles(page, [{ name: `${b.meta.name}.board.json`, bytes: Buffer.from(JSON.stringify(b)) }]);
  await page.getByTestId("node-req").waitFor({ timeout: 20000 });
}

/** Clicks Run and waits for the consent dialog or the end of the run. */
async function runOrAsk(page) {
  await page.getByTestId("run").click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="consent-dialog"]') || !document.querySelector('[data-testid="run"]').disabled,
    null,
    { timeout: 20000 },
  );
  return page.getByTestId("consent-dialog").isVisible();
}

const outputs = (page) => page.getByTestId("outputs").textContent();

async function saveSecret(page, name, value) {
  await menuItem(page, "board-menu", "permissions");
  await page.getByTestId("secret-name").fill(name);
  await page.getByTestId("secret-value").fill(value);
  await page.getByTestId("secret-save").click();
  await page.getByTestId("secret-list").locator("option", { hasText: name }).waitFor({ state: "attached" });
  assert.equal(await page.getByTestId("secret-value").inputValue(), "", "the value field is emptied");
}

test("consent is asked once per board, a secret goes only to its granted origin, and the page never holds it", async () => {
  await withPage(app.browser, "http-consent", async (page, { context }) => {
    const value = "tok-" + Math.random().toString(36).slice(2);
    // Nothing the page or its workers ask may hold the value, except the one request to the API.
    const leaks = [];
    context.on("request", (r) => {
      const text = r.url() + JSON.stringify(r.headers()) + (r.postData() ?? "");
      if (text.includes(value) && !r.url().startsWith(api.origin)) leaks.push(r.url());
    });
    await open(page, app.server.url);
    await load(page, board("weather", { url: `${api.origin}/echo?key={{secret:API_TOKEN}}`, secrets: "API_TOKEN", response: "json" }, { headers: { authorization: "Bearer {{secret:API_TOKEN}}" } }));
    await saveSecret(page, "API_TOKEN", value);
    assert.ok(!(await page.content()).includes(value), "the page does not show a saved value");
    await audit(page, "the Permissions and secrets dialog");
    await page.getByTestId("permissions-close").click();

    // First run: asked, and nothing sent yet.
    assert.ok(await runOrAsk(page), "the first run asks");
    const asks = await page.getByTestId("consent-asks").textContent();
    assert.match(asks, new RegExp(`req \\(HTTP Request\\): GET ${api.origin.replace(/[.]/g, "\\.")}; secret API_TOKEN`));
    await audit(page, "the consent dialog");
    assert.equal(api.requests.length, 0, "nothing is sent before the user allows it");
    await page.getByTestId("consent-cancel").click();
    assert.match(await page.getByTestId("run-summary").textContent(), /needs your permission/);
    assert.equal(api.requests.length, 0);

    // Allowed: it runs; the API got the value; the page got the placeholder.
    assert.ok(await runOrAsk(page));
    await page.getByTestId("consent-allow").click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="run"]').disabled);
    await page.getByTestId("outputs").getByText("200").waitFor({ timeout: 20000 });
    assert.equal(api.requests.length, 1);
    assert.equal(api.requests[0].headers.authorization, `Bearer ${value}`);
    assert.ok(api.requests[0].path.includes(`key=${encodeURIComponent(value)}`), api.requests[0].path);
    const shown = await outputs(page);
    assert.ok(shown.includes("Bearer {{secret:API_TOKEN}}") && shown.includes("key={{secret:API_TOKEN}}"), shown);
    assert.ok(!(await page.content()).includes(value), "the value is nowhere on the page");
    // Nor in what the page keeps: localStorage and the run record's JSON.
    const kept = await page.evaluate(() => JSON.stringify(localStorage));
    assert.ok(!kept.includes(value));

    // Asked once: the second run goes straight through.
    assert.equal(await runOrAsk(page), false, "the second run does not ask");
    assert.equal(api.requests.length, 2);

    // The grant is listed and can be revoked; then the board asks again.
    await menuItem(page, "board-menu", "permissions");
    await page.getByTestId("permissions-list").getByText(/HTTP Request: GET http:\/\/127\.0\.0\.1:\d+; secret API_TOKEN/).waitFor();
    await page.getByTestId("permissions-revoke").click();
    await page.getByTestId("permissions-list").getByText("Nothing:").waitFor();
    await page.keyboard.press("Escape");
    assert.ok(await runOrAsk(page), "a revoked grant asks again");
    await page.getByTestId("consent-cancel").click();
    assert.equal(api.requests.length, 2);

    // A share link never carries the grant: a fresh browser asks.
    const link = await shareLink(page);
    const fresh = await app.browser.newContext();
    const p2 = await fresh.newPage();
    await p2.goto(link);
    await p2.getByTestId("node-req").waitFor({ timeout: 20000 });
    assert.ok(await runOrAsk(p2), "a board from a link asks");
    await fresh.close();
    assert.deepEqual(leaks, [], "the secret's value went somewhere else");

    // The vault: a non-extractable AES-GCM key, and the value stored only sealed.
    const vault = await page.evaluate(async (value) => {
      const db = await new Promise((ok, no) => {
        const r = indexedDB.open("floe");
        r.onsuccess = () => ok(r.result);
        r.onerror = () => no(r.error);
      });
      const get = (key) => new Promise((ok) => {
        const r = db.transaction("vault").objectStore("vault").get(key);
        r.onsuccess = () => ok(r.result);
      });
      const key = await get("key");
      const sealed = await get("s:API_TOKEN");
      const text = new TextDecoder().decode(sealed);
      db.close();
      return { kind: key.constructor.name, algorithm: key.algorithm.name, length: key.algorithm.length, extractable: key.extractable, holds: text.includes(value) };
    }, value);
    assert.deepEqual(vault, { kind: "CryptoKey", algorithm: "AES-GCM", length: 256, extractable: false, holds: false });

    // Rename and delete; the value never comes back to the page.
    await menuItem(page, "board-menu", "permissions");
    await page.getByTestId("secret-list").selectOption("API_TOKEN");
    page.once("dialog", (d) => d.accept("WEATHER_KEY"));
    await page.getByTestId("secret-rename").click();
    await page.getByTestId("secret-list").locator("option", { hasText: "WEATHER_KEY" }).waitFor({ state: "attached" });
    await page.getByTestId("secret-list").selectOption("WEATHER_KEY");
    await page.getByTestId("secret-delete").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="secret-list"]').options.length === 0);
    assert.ok(!(await page.content()).includes(value));
  });
});

test("what is not declared or granted, a redirect, and the size and time caps are refused before anything is sent", async () => {
  await withPage(app.browser, "http-refused", async (page) => {
    await open(page, app.server.url);
    await page.evaluate(() => {
      localStorage.setItem("floe.http-timeout-ms", "1000");
      localStorage.setItem("floe.max-response-bytes", String(1 << 20));
    });
    const before = other.requests.length;
    const cases = [
      // A redirect to another origin: the browser hides where it leads, so the tab refuses every redirect.
      [{ url: `${api.origin}/redirect?to=${other.origin}/weather`, origins: other.origin }, {}, "redirect-refused"],
      // The url input reaching an origin the node does not declare.
      [{ url: `${api.origin}/weather` }, { url: `${other.origin}/weather` }, "undeclared"],
      [{ url: `${api.origin}/big` }, {}, "response-too-large"],
      [{ url: `${api.origin}/slow` }, {}, "timeout"],
    ];
    for (const [i, [config, inputs, code]] of cases.entries()) {
      await load(page, board(`refused-${i}`, config, inputs));
      if (await runOrAsk(page)) {
        await page.getByTestId("consent-allow").click();
        await page.waitForFunction(() => !document.querySelector('[data-testid="run"]').disabled, null, { timeout: 20000 });
      }
      const error = await page.getByTestId("results-error").textContent();
      assert.ok(error.includes(`[${code}]`), `case ${i}: expected ${code} in ${error}`);
    }
    assert.equal(other.requests.length, before, "the origin that was not granted got nothing");
  });
});

test("the web-api example asks, then reads the local API", async () => {
  const local = await startApi(8787);
  try {
    await withPage(app.browser, "http-example", async (page) => {
      await page.goto(app.server.url + "#/");
      await page.getByTestId("home").waitFor({ timeout: 20000 });
      await page.locator('[data-example="web-api"]').click();
      await page.getByTestId("node-weather").waitFor({ timeout: 20000 });
      assert.ok(await runOrAsk(page), "the example asks before its first run");
      assert.match(await page.getByTestId("consent-asks").textContent(), /weather \(HTTP Request\): GET http:\/\/127\.0\.0\.1:8787$/);
      await page.getByTestId("consent-allow").click();
      await page.getByTestId("outputs").getByText("21.5").waitFor({ timeout: 20000 });
      assert.equal(local.requests.length, 1);
      assert.equal(local.requests[0].path, "/weather?city=Lyon");
    });
  } finally {
    await local.close();
  }
});

test("an HTTP In board is tried in the tab with a sample request in the run input", async () => {
  await withPage(app.browser, "http-in", async (page) => {
    await open(page, app.server.url);
    await load(page, {
      format_version: 1,
      meta: { name: "greeter" },
      nodes: [
        { id: "req", kind: "http.in", position: { x: 60, y: 60 }, config: { method: "GET", path: "/hello/:name" } },
        { id: "name", kind: "data.get_path", position: { x: 320, y: 160 }, inputs: { path: "name" } },
        { id: "greet", kind: "text.concat", position: { x: 560, y: 160 }, inputs: { a: "hello " } },
        { id: "out", kind: "http.response", position: { x: 820, y: 60 } },
      ],
      edges: [
        { id: "e1", from: { node: "req", pin: "params" }, to: { node: "name", pin: "value" } },
        { id: "e2", from: { node: "name", pin: "value" }, to: { node: "greet", pin: "b" } },
        { id: "e3", from: { node: "greet", pin: "text" }, to: { node: "out", pin: "body" } },
        { id: "e4", from: { node: "req", pin: "then" }, to: { node: "out", pin: "exec" } },
      ],
    });
    await page.getByTestId("tab-input").click();
    await page.getByTestId("run-input").fill('{"http": {"method": "GET", "path": "/hello/ada"}}');
    assert.equal(await runOrAsk(page), false, "an HTTP In node needs no permission");
    await page.getByTestId("tab-outputs").click();
    await page.getByTestId("outputs").getByText("hello ada").waitFor({ timeout: 20000 });
    assert.match(await outputs(page), /http_response.*"status":\s*200/s);
  });
});

test("a custom node's grant is tied to its module: a changed module asks again", async () => {
  await withPage(app.browser, "http-module", async (page) => {
    const wat = (await readFile(join(ROOT, "node-sdk/examples/wat/http_echo.wat"), "utf8")).replaceAll("http://127.0.0.1:8787", api.origin);
    await open(page, app.server.url);
    // The module dropped on the board: its node is added under Custom.
    await dropFiles(page, [{ name: "http_echo.wat", bytes: Buffer.from(wat) }]);
    await page.locator('.palette-item[data-kind^="wasm:"]').first().click();
    await page.locator(".node").first().waitFor({ timeout: 20000 });
    await saveSecret(page, "DEMO_TOKEN", "demo-value");
    await page.getByTestId("permissions-close").click();
    const before = api.requests.length;
    assert.ok(await runOrAsk(page), "the first run asks");
    assert.match(await page.getByTestId("consent-asks").textContent(), /Echo over HTTP \(WAT\)\): GET http:\/\/127\.0\.0\.1:\d+; secret DEMO_TOKEN/);
    await page.getByTestId("consent-allow").click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="run"]').disabled, null, { timeout: 20000 });
    assert.equal(api.requests.length, before + 1, "allowed: it ran");
    assert.equal(await runOrAsk(page), false, "asked once");
    // The same module, changed (one byte of a comment): another kind, so it asks again.
    await dropFiles(page, [{ name: "http_echo.wat", bytes: Buffer.from(wat.replace(";; A Floe node", ";; A Floe node (v2)")) }]);
    await page.getByText(/replaced the older version/).first().waitFor({ timeout: 20000 });
    assert.ok(await runOrAsk(page), "a changed module asks again");
    await page.getByTestId("consent-cancel").click();
    assert.equal(api.requests.length, before + 2, "nothing sent without the new grant");
  });
});

test("a passphrase locks the vault: after a reload a secret cannot be used until it is unlocked", async () => {
  await withPage(app.browser, "http-passphrase", async (page) => {
    const value = "pp-" + Math.random().toString(36).slice(2);
    const records = () =>
      page.evaluate(async () => {
        const db = await new Promise((ok) => {
          const r = indexedDB.open("floe");
          r.onsuccess = () => ok(r.result);
        });
        const keys = await new Promise((ok) => {
          const r = db.transaction("vault").objectStore("vault").getAllKeys();
          r.onsuccess = () => ok(r.result);
        });
        db.close();
        return keys.sort();
      });
    await open(page, app.server.url);
    await load(page, board("locked", { url: `${api.origin}/echo`, secrets: "API_TOKEN", response: "json" }, { headers: { authorization: "Bearer {{secret:API_TOKEN}}" } }));
    await saveSecret(page, "API_TOKEN", value);
    await page.getByTestId("vault-passphrase").fill("short");
    await page.getByTestId("vault-action").click();
    await page.getByTestId("permissions-problem").getByText("at least 8 characters").waitFor();
    await page.getByTestId("vault-passphrase").fill("correct horse battery");
    await page.getByTestId("vault-action").click();
    await page.getByTestId("vault-action").getByText("Lock").waitFor();
    assert.deepEqual(await records(), ["pass", "s:API_TOKEN"], "no stored key: it is derived from the passphrase");
    await page.getByTestId("permissions-close").click();
    assert.ok(await runOrAsk(page));
    await page.getByTestId("consent-allow").click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="run"]').disabled, null, { timeout: 20000 });
    assert.equal(api.requests.at(-1).headers.authorization, `Bearer ${value}`, "unlocked in this session: the value was re-sealed and still works");

    // A reload starts a new run worker: locked.
    const sent = api.requests.length;
    await page.reload();
    await page.getByTestId("node-req").waitFor({ timeout: 20000 });
    assert.equal(await runOrAsk(page), false, "the grant is kept");
    await page.getByTestId("results-error").getByText(/secret-refused.*locked/).waitFor();
    assert.equal(api.requests.length, sent, "nothing sent while locked");
    await menuItem(page, "board-menu", "permissions");
    await page.getByTestId("vault-action").getByText("Unlock").waitFor();
    await page.getByTestId("vault-passphrase").fill("wrong horse battery");
    await page.getByTestId("vault-action").click();
    await page.getByTestId("permissions-problem").getByText("wrong passphrase").waitFor();
    await page.getByTestId("vault-passphrase").fill("correct horse battery");
    await page.getByTestId("vault-action").click();
    await page.getByTestId("vault-action").getByText("Lock").waitFor();
    // Removing the passphrase re-seals under a stored key again.
    await page.getByTestId("vault-remove").click();
    await page.getByTestId("vault-action").getByText("Protect with a passphrase").waitFor();
    assert.deepEqual(await records(), ["key", "s:API_TOKEN"]);
    await page.getByTestId("permissions-close").click();
    assert.equal(await runOrAsk(page), false);
    assert.equal(api.requests.at(-1).headers.authorization, `Bearer ${value}`);
  });
});
