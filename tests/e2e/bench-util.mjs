// What the browser benchmarks share: medians, rounding, and a page opened in
// a fresh profile until its board is drawn.

/** The median of `xs`. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** `xs` rounded to whole milliseconds. */
export const ms = (xs) => xs.map((t) => +t.toFixed(0));

/** Opens `url` in a fresh profile of `browser` until its first nodes are drawn: the time, and the toolbar's board name. */
export async function drawnInFreshProfile(browser, url, viewport = { width: 1280, height: 720 }) {
  const context = await browser.newContext({ viewport });
  try {
    const page = await context.newPage();
    const t = performance.now();
    await page.goto(url);
    await page.waitForFunction(() => document.querySelectorAll(".node").length > 0, null, { polling: "raf", timeout: 60000 });
    const took = performance.now() - t;
    const name = await page.evaluate(() => document.querySelector('[data-testid="toolbar-board-name"]')?.textContent ?? "");
    return { took, name };
  } finally {
    await context.close();
  }
}
