// The hostile-input corpus (tests/hostile/) in the browser: boards, links
// and modules from strangers each end in their documented error within their
// bound, runs happen in the run worker (a panic there never takes the page
// down), and the app stays usable afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT, withPage, useApp } from "./harness.mjs";
import { connect, dropFiles, frameGaps, menuItem, nodeError, open, selectNode, setInput } from "./editor.mjs";

const app = useApp();
const HOSTILE = join(ROOT, "tests", "hostile");

/** Every `NAME.EXT` of a corpus folder with its `NAME.hostile.json`. */
async function corpus(folder, ext) {
  const dir = join(HOSTILE, folder);
  const names = (await readdir(dir)).filter((f) => f.endsWith(ext)).sort();
  return Promise.all(
    names.map(async (file) => ({
      file,
      path: join(dir, file),
      expect: JSON.parse(await readFile(join(dir, file.slice(0, -ext.length) + ".hostile.json"), "utf8")),
    })),
  );
}

/** Imports a board file from the home screen; resolves once it is open. */
async function importBoard(page, path) {
  await page.goto(app.server.url + "#/");
  await page.reload();
  await page.getByTestId("home").waitFor({ timeout: 20000 });
  await page.getByTestId("import-input").setInputFiles(path);
  await page.waitForFunction(() => location.hash.startsWith("#/b/"));
  await page.locator(".node").first().waitFor({ timeout: 20000 });
}

/** The app still works: the palette searches, and a board builds and runs. */
async function stillUsable(page) {
  await open(page, app.server.url + "#/");
  await page.getByTestId("palette-search").fill("upper");
  await page.getByTestId("palette-text.upper").click();
  await page.getByTestId("node-upper").waitFor();
  await setInput(page, "text", "still here");
  await page.getByTestId("run").click();
  await page.getByTestId("run-summary").getByText(/^Ran/).waitFor({ timeout: 10000 });
}

test("a node that panics stops its run, never the page: the page names the node, keeps every edit, and runs again", async () => {
  await withPage(app.browser, "panic-in-run", async (page) => {
    await importBoard(page, join(HOSTILE, "boards", "panic_in_run.board.json"));
    await page.getByTestId("run").click();
    const banner = page.getByTestId("runner-crashed");
    await banner.waitFor({ timeout: 10000 });
    const says = await banner.textContent();
    assert.match(says, /The run of “A node that panics” stopped unexpectedly while node `boom` was running/);
    assert.match(says, /panics on purpose/);
    assert.match(says, /your board is unchanged/);
    assert.match(await page.getByTestId("run-summary").textContent(), /stopped unexpectedly while node `boom`/);
    const boom = page.getByTestId("node-boom");
    assert.equal(await boom.getAttribute("data-run"), "failed");
    assert.match(await nodeError(page, "boom").textContent(), /the runner stopped here/);
    // Run again: a fresh worker takes the run, and stops the same way.
    await page.getByTestId("run-again").click();
    await banner.waitFor({ timeout: 10000 });
    assert.ok((await frameGaps(page)).at(-2) < 100, "the page keeps drawing");
    // The page still edits: take the crashing node out and wire around it.
    await page.getByTestId("dismiss-crash").click();
    await selectNode(page, "boom");
    await page.keyboard.press("Delete");
    await boom.waitFor({ state: "detached" });
    await connect(page, "start", "then", "after", "exec");
    await page.getByTestId("run").click();
    await page.getByTestId("run-summary").getByText(/^Ran/).waitFor({ timeout: 10000 });
    assert.equal(await page.getByTestId("node-after").getAttribute("data-run"), "done");
    assert.equal(await banner.count(), 0);
    // Every edit was kept: after a reload the board is the edited one.
    await page.getByTestId("save-state").getByText("Saved", { exact: true }).waitFor({ timeout: 5000 });
    await page.reload();
    await page.getByTestId("node-after").waitFor({ timeout: 20000 });
    assert.equal(await page.getByTestId("node-boom").count(), 0);
  });
});

test("every hostile board ends in its documented error within its bound, and the app stays usable", async () => {
  await withPage(app.browser, "hostile-boards", async (page) => {
    for (const { file, path, expect } of await corpus("boards", ".board.json")) {
      await importBoard(page, path);
      if (expect.input !== undefined) {
        await page.getByTestId("tab-input").click();
        await page.getByTestId("run-input").fill(JSON.stringify(expect.input));
      }
      const t = Date.now();
      await page.getByTestId("run").click();
      const summary = page.getByTestId("run-summary");
      if (expect.limits?.max_wall_ms !== undefined) {
        // The browser runs with the default limits (ten minutes of wall
        // time): a board that waits for ever is ended by Stop, at once.
        await page.waitForFunction(() => document.querySelector('[data-testid="run"]')?.disabled !== false);
        await page.waitForTimeout(300);
        assert.ok((await frameGaps(page)).at(-2) < 100, `${file}: the page keeps drawing`);
        const s = Date.now();
        await page.getByTestId("stop").click();
        await summary.getByText(/^Stopped/).waitFor({ timeout: 3000 });
        assert.ok(Date.now() - s < 3000, `${file}: Stop took ${Date.now() - s} ms`);
        continue;
      }
      const bound = expect.within_ms + 3000;
      if (expect.stage === "validate") {
        // Refused before it runs: the problems say why, with the code.
        await summary.getByText(/^The board has/).waitFor({ timeout: bound });
        assert.ok(Date.now() - t < bound, `${file} took ${Date.now() - t} ms`);
        await page.getByTestId("tab-problems").click();
        const text = await page.getByTestId("app").innerText();
        assert.ok(text.includes(expect.contains), `${file}: the page does not say ${JSON.stringify(expect.contains)}`);
        assert.ok((await frameGaps(page)).at(-2) < 100, `${file}: the page keeps drawing`);
        continue;
      }
      await summary.getByText(/^(Ran|Failed|The runner)/).waitFor({ timeout: bound });
      const took = Date.now() - t;
      assert.ok(took < bound, `${file} took ${took} ms`);
      const text = await page.getByTestId("app").innerText();
      if (expect.code === null) {
        assert.match(await summary.textContent(), /^Ran/, file);
      } else if (expect.code === "internal") {
        await page.getByTestId("runner-crashed").getByText(expect.contains).waitFor();
      } else {
        assert.match(await summary.textContent(), /^Failed/, file);
        const says = expect.contains ?? expect.code;
        assert.ok(text.includes(says), `${file}: the page does not say ${JSON.stringify(says)}:\n${text.slice(0, 2000)}`);
      }
      assert.ok((await frameGaps(page)).at(-2) < 100, `${file}: the page keeps drawing`);
    }
    await stillUsable(page);
  });
});

test("every hostile link opens or says what is wrong within its bound, running nothing", async () => {
  await withPage(app.browser, "hostile-links", async (page) => {
    await open(page, app.server.url);
    for (const { file, path, expect } of await corpus("links", ".link")) {
      const link = (await readFile(path, "utf8")).trim();
      // A fresh load each time: after a bad link the app may already stand
      // at #/, and going there would then be no navigation at all.
      await page.goto("about:blank");
      await page.goto(app.server.url + "#/");
      await page.getByTestId("home").waitFor({ timeout: 20000 });
      const t = Date.now();
      await page.goto(app.server.url + "#" + link);
      // The page's own work to open it, plus what loading a page costs here.
      const bound = expect.within_ms + 3000;
      if (expect.error === null) {
        await page.getByTestId("shared-banner").waitFor({ timeout: bound });
      } else {
        const banner = page.getByTestId("open-error");
        await banner.waitFor({ timeout: bound });
        assert.ok((await banner.textContent()).includes(expect.error), `${file}: ${await banner.textContent()}`);
      }
      assert.ok(Date.now() - t < bound, `${file} took ${Date.now() - t} ms`);
      assert.ok((await frameGaps(page)).at(-2) < 100, `${file}: the page keeps drawing`);
      assert.equal(await page.locator('.node[data-run="running"]').count(), 0, `${file}: nothing runs on open`);
      if (expect.module_error) {
        // A module whose definition code misbehaves: read in the run
        // worker within the definition budget; the page says why it failed.
        await page.getByText(expect.module_error).first().waitFor({ timeout: 10000 });
        assert.ok((await frameGaps(page)).at(-2) < 100, `${file}: the page keeps drawing`);
      }
    }
    await stillUsable(page);
  });
});

/**
 * Drops every hostile module on a fresh board and runs it: each is refused or
 * stopped with its error code within its bound. Returns how many runs the
 * browser's own engine made (the node's details say which engine ran it).
 */
async function hostileModules(page) {
  let native = 0;
  for (const { file, path, expect } of await corpus("modules", ".wat")) {
    // A fresh page each time (and so a fresh run worker): going to "#/" from
    // a board's address is only a hash change, which `open` could outrun.
    await page.goto("about:blank");
    await open(page, app.server.url + "#/");
    const t = Date.now();
    await dropFiles(page, [{ name: file, bytes: await readFile(path) }]);
    const bound = expect.within_ms + 3000;
    if (expect.stage === "load") {
      const notice = page.getByTestId("notices").getByText(`${file}: [${expect.code}]`);
      await notice.waitFor({ timeout: bound });
      assert.ok((await notice.textContent()).includes(expect.contains), `${file}: ${await notice.textContent()}`);
      assert.ok(Date.now() - t < bound, `${file} took ${Date.now() - t} ms`);
      continue;
    }
    await page.locator('.palette-item[data-kind^="wasm:"]').first().click({ timeout: bound });
    const node = page.locator(".node.custom");
    const id = await node.getAttribute("data-node");
    for (const [setting, value] of Object.entries(expect.config ?? {})) {
      const field = page.getByTestId(`setting-${setting}`);
      await field.fill(String(value));
      await field.press("Enter");
    }
    const r = Date.now();
    await page.getByTestId("run").click();
    const summary = page.getByTestId("run-summary");
    await summary.getByText(/^(Ran|Failed)/).waitFor({ timeout: bound });
    assert.ok(Date.now() - r < bound, `${file} ran ${Date.now() - r} ms`);
    if (expect.code === null) {
      assert.match(await summary.textContent(), /^Ran/, file);
    } else {
      assert.equal(await page.getByTestId(`node-${id}`).getAttribute("data-run"), "failed", file);
      const error = await nodeError(page, id).textContent();
      assert.ok(error.includes(expect.contains), `${file}: ${error}`);
    }
    await selectNode(page, id);
    const engine = page.locator(".call-path");
    if ((await engine.count()) > 0 && /^Ran on the browser/.test(await engine.textContent())) native += 1;
  }
  await stillUsable(page);
  return native;
}

test("every hostile module is refused or stopped with its error code within its bound", async () => {
  await withPage(app.browser, "hostile-modules", async (page) => {
    assert.equal(await hostileModules(page), 0, "heavy calls move to the browser's engine only after a first call");
  });
});

test("every hostile module is stopped the same way on the browser's own engine", async () => {
  await withPage(app.browser, "hostile-modules-native", async (page) => {
    // Every custom node runs on the browser's engine from its first call.
    await page.addInitScript(() => {
      if (location.protocol.startsWith("http")) localStorage.setItem("floe.native-after-fuel", "0");
    });
    const native = await hostileModules(page);
    // Every Floe ABI module that gets as far as a run; WASI programs stay on
    // the interpreter, where their host calls are.
    let abi = 0;
    for (const { path, expect } of await corpus("modules", ".wat")) {
      if (expect.stage === "run" && !(await readFile(path, "utf8")).includes("wasi_snapshot_preview1")) abi += 1;
    }
    assert.ok(abi >= 4, `${abi} Floe ABI modules in the corpus`);
    assert.equal(native, abi, "each Floe ABI module's run was on the browser's engine");
  });
});
