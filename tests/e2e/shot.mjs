// Dev helper (not a test): opens the built app and saves a screenshot.
//   node tests/e2e/shot.mjs OUT.png [script.js]
import { launch, serve } from "./harness.mjs";
const [out = "/tmp/shot.png", script] = process.argv.slice(2);
const server = await serve();
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
const errors = [];
page.on("pageerror", (e) => errors.push(e.message));
page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
await page.goto(server.url);
await page.getByTestId("home").or(page.getByTestId("canvas")).first().waitFor({ timeout: 20000 });
if (script) {
  const { default: run } = await import(script);
  await run(page);
}
await page.screenshot({ path: out });
console.log(errors.length ? `errors:\n${errors.join("\n")}` : "no page errors");
await browser.close();
await server.close();
