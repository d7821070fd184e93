// Benchmark (not a test; prints figures): a 1,000-node board synced to a
// second device through a space on a real `floe serve` (release build,
// 127.0.0.1), on SQLite and on PostgreSQL (a throwaway cluster); two
// browser profiles.
//   * new board: from choosing the file on the first device until the
//     second lists it (import, store, the half-second wait, the worker's
//     round: pack, seal, upload, index; the server's event; the second's
//     round: fetch, open, store) — then opened there, until drawn;
//   * an edit: the first renames the board, until the second (with the
//     board open) shows the new name (the whole board goes each way; the
//     half-second wait included);
//   * baseline in the same run: the same board's `#b=` link opened in a
//     fresh profile until drawn.
//   node tests/e2e/bench-sync.mjs
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch } from "./harness.mjs";
import { bigBoard } from "./big-board.mjs";
import { floeBinary, startPostgres, startServer } from "./floe-serve.mjs";
import { linkPacked } from "./editor.mjs";
import { drawnInFreshProfile, median, ms } from "./bench-util.mjs";

const NODES = 1000;
const REPS = 5;
const dir = await mkdtemp(join(tmpdir(), "floe-bench-sync-"));
const bin = floeBinary("release");
const browser = await launch();

const viewport = { width: 1600, height: 1000 };

/** The measurements against `server`. */
async function measure(server) {
  const one = await (await browser.newContext({ viewport })).newPage();
  await one.goto(server.url);
  await one.getByTestId("home").waitFor({ timeout: 20000 });
  await one.getByTestId("server-status").filter({ hasText: "Online" }).waitFor({ timeout: 20000 });
  await one.getByTestId("server-status").click();
  await one.getByTestId("space-create").click();
  const link = await one.getByTestId("space-link").inputValue({ timeout: 20000 });
  await one.getByTestId("server-close").click();
  const two = await (await browser.newContext({ viewport })).newPage();
  await two.goto(link);
  await two.getByTestId("space-connect").click();
  await two.getByTestId("space-link").waitFor({ timeout: 20000 });
  await two.getByTestId("server-close").click();

  const arrive = [];
  const drawn = [];
  for (let i = 0; i < REPS; i++) {
    const name = `Big ${i}`;
    const file = join(dir, `big-${i}.board.json`);
    const board = bigBoard(NODES);
    board.meta = { ...(board.meta ?? {}), name };
    await writeFile(file, JSON.stringify(board));
    await one.goto(server.url + "#/");
    await one.getByTestId("home").waitFor();
    const t = performance.now();
    await one.getByTestId("file-input").setInputFiles(file);
    await two.locator("[data-testid=board-row]", { hasText: name }).first().waitFor({ timeout: 60000 });
    arrive.push(performance.now() - t);
    await one.waitForFunction(() => location.hash.startsWith("#/b/") && document.querySelectorAll(".node").length > 0);
    const t2 = performance.now();
    await two.locator("[data-testid=board-row]", { hasText: name }).first().getByTestId("board-open").click();
    await two.waitForFunction(() => document.querySelectorAll(".node").length > 0, null, { polling: "raf", timeout: 60000 });
    drawn.push(performance.now() - t2);
    await two.goto(server.url + "#/");
    await two.getByTestId("home").waitFor();
  }

  // Edits: both on the last board; the first renames it, the second shows the name.
  await two.locator("[data-testid=board-row]", { hasText: `Big ${REPS - 1}` }).first().getByTestId("board-open").click();
  await two.waitForFunction(() => document.querySelectorAll(".node").length > 0);
  const edits = [];
  for (let i = 0; i < REPS; i++) {
    const name = `Renamed ${i}`;
    await one.getByTestId("canvas").click({ position: { x: 5, y: 5 } });
    await one.getByTestId("board-name").fill(name);
    const t = performance.now();
    await one.getByTestId("board-name").press("Enter");
    await two.getByTestId("toolbar-board-name").filter({ hasText: name }).waitFor({ timeout: 60000 });
    edits.push(performance.now() - t);
  }

  // Baseline: the same board's #b= link, opened on a fresh profile.
  await one.getByTestId("share").click();
  await linkPacked(one);
  const longLink = await one.getByTestId("share-link").inputValue();
  const viaLink = [];
  for (let i = 0; i < REPS; i++) viaLink.push((await drawnInFreshProfile(browser, longLink, viewport)).took);
  await one.context().close();
  await two.context().close();
  return {
    new_board_listed_on_second_device_ms: ms(arrive),
    new_board_listed_median_ms: +median(arrive).toFixed(0),
    then_opened_drawn_median_ms: +median(drawn).toFixed(0),
    edit_seen_on_second_device_ms: ms(edits),
    edit_seen_median_ms: +median(edits).toFixed(0),
    baseline_link_in_url_opened_drawn_median_ms: +median(viaLink).toFixed(0),
  };
}

const pg = await startPostgres();
try {
  const figures = { board: `${NODES} nodes, ${NODES * 1.5} wires` };
  for (const [database, extra] of [["sqlite", []], ["postgres", ["--database", pg.url]]]) {
    const server = await startServer(bin, null, extra);
    try {
      figures[database] = await measure(server);
    } finally {
      await server.stop();
      await rm(server.data, { recursive: true, force: true });
    }
  }
  console.log(JSON.stringify(figures, null, 1));
} finally {
  await browser.close();
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}
