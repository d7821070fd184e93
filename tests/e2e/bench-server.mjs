// Benchmark (not a test; prints figures): a 1,000-node board through a real
// `floe serve` (release build, SQLite) on 127.0.0.1.
//   * share: "Link through the server" until the link shows (pack, encrypt,
//     upload), and "Update the shared board" (the same, as a PUT);
//   * open on a second device: a fresh profile goes to the short link until
//     the board's first nodes are drawn (app load, fetch, decrypt, unpack);
//     baseline in the same run: the same board's `#b=` link (the board in
//     the URL), same profile state, same criterion.
//   node tests/e2e/bench-server.mjs
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch } from "./harness.mjs";
import { bigBoard } from "./big-board.mjs";
import { floeBinary, startServer } from "./floe-serve.mjs";
import { open, linkPacked } from "./editor.mjs";
import { drawnInFreshProfile, median, ms } from "./bench-util.mjs";

const NODES = 1000;
const REPS = 5;
const dir = await mkdtemp(join(tmpdir(), "floe-bench-server-"));
const file = join(dir, "big.board.json");
await writeFile(file, JSON.stringify(bigBoard(NODES)));
const server = await startServer(floeBinary("release"));
const browser = await launch();


try {
  const sharer = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await open(sharer, server.url);
  await sharer.getByTestId("server-status").filter({ hasText: "Online" }).waitFor({ timeout: 20000 });
  await sharer.getByTestId("file-input").setInputFiles(file);
  await sharer.waitForFunction(() => location.hash.startsWith("#/b/") && document.querySelectorAll(".node").length > 0);
  await sharer.getByTestId("share").click();
  await linkPacked(sharer);
  const longLink = await sharer.getByTestId("share-link").inputValue();

  // Share once (POST), then update (PUT).
  let t0 = performance.now();
  await sharer.getByTestId("share-server").click();
  await sharer.getByTestId("share-server-link").waitFor({ timeout: 60000 });
  const share = performance.now() - t0;
  const shortLink = await sharer.getByTestId("share-server-link").inputValue();
  const updates = [];
  for (let i = 0; i < REPS; i++) {
    // From the click until the result's message is back (it goes while the request runs).
    const took = await sharer.evaluate(
      () =>
        new Promise((resolve) => {
          const t = performance.now();
          let cleared = false;
          const seen = new MutationObserver(() => {
            const message = document.querySelector('[data-testid="share-server-message"]');
            if (!message) cleared = true;
            else if (cleared) {
              seen.disconnect();
              resolve(message.textContent.includes("updated") ? performance.now() - t : -1);
            }
          });
          seen.observe(document.body, { childList: true, subtree: true, characterData: true });
          document.querySelector('[data-testid="share-server-update"]').click();
        }),
    );
    if (took < 0) throw new Error("the update failed");
    updates.push(took);
  }

  // A second device: a fresh profile each time, alternating the two links.
  const opened = async (url) => {
    const { took, name } = await drawnInFreshProfile(browser, url);
    if (!name.includes("1,000 nodes")) throw new Error(`opened ${name}`);
    return took;
  };
  const viaServer = [];
  const viaLink = [];
  for (let i = 0; i < REPS; i++) {
    viaServer.push(await opened(shortLink));
    viaLink.push(await opened(longLink));
  }
  console.log(
    JSON.stringify(
      {
        board: `${NODES} nodes, ${NODES * 1.5} wires`,
        database: "SQLite",
        link_characters: { server: shortLink.length, in_url: longLink.length },
        share_ms: +share.toFixed(0),
        update_ms: ms(updates),
        update_median_ms: +median(updates).toFixed(0),
        second_device_open_ms: { server: ms(viaServer), in_url_baseline: ms(viaLink) },
        second_device_open_median_ms: { server: +median(viaServer).toFixed(0), in_url_baseline: +median(viaLink).toFixed(0) },
      },
      null,
      1,
    ),
  );
} finally {
  await browser.close();
  await server.stop();
  await rm(server.data, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
}
