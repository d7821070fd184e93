// One screen at the end of scripts/bench: every target, the figure this run
// measured, and the baseline measured in the same run with the ratio.
//
//   node scripts/bench-summary.mjs DIR
//
// DIR holds what each benchmark printed (scripts/bench writes it): a JSON
// object per file, NAME.json. A missing file is a row that says so.
import { readFile } from "node:fs/promises";
import { join } from "node:path";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/bench-summary.mjs DIR");
  process.exit(2);
}

/** The JSON object a benchmark printed (its text may have lines around it). */
async function load(name) {
  try {
    const text = await readFile(join(dir, `${name}.json`), "utf8");
    return JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1));
  } catch {
    return null;
  }
}

const [chainNative, chainV8, nodesNative, nodesV8, watNative, watV8, sieve, boards, editor, editor10k, tab, serveSqlite, servePg, serverLink, sync] = await Promise.all(
  ["chain-native", "chain-v8", "nodes-native", "nodes-v8", "wat-native", "wat-v8", "sieve", "boards", "editor", "editor-10k", "sieve-tab", "serve-sqlite", "serve-postgres", "server-link", "sync"].map(load),
);
const nodeRed = Number(process.env.FLOE_NODERED_HOP_NS) || null;

const rows = [];
/** A row: what, the figure (or null), its unit, the target (figure must be ≤), and an optional baseline [what, figure]. */
function row(what, figure, unit, target, baseline) {
  const fmt = (v) => (v == null ? "—" : `${+v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${unit}`);
  const status = figure == null ? "not measured" : target == null ? "" : figure <= target ? "met" : "NOT MET";
  const ratio = (r) => (r < 0.1 ? `×1/${(1 / r).toFixed(0)}` : `×${r.toFixed(2)}`);
  const base = baseline && baseline[1] != null && figure != null ? `${baseline[0]} ${fmt(baseline[1])} (${ratio(figure / baseline[1])})` : "";
  rows.push([what, fmt(figure), target == null ? "" : `≤ ${fmt(target)}`, status, base]);
}

row("built-in hop, native (run_sync)", chainNative?.floe_sync_hop_ns, "ns", 15, ["dispatcher", chainNative?.dispatcher_hop_ns]);
row("built-in hop, native, async run", chainNative?.floe_async_hop_ns, "ns", 20, nodeRed ? ["Node-RED function hop", nodeRed] : null);
row("built-in hop, V8 (async)", chainV8?.floe_async_hop_ns, "ns", 40, ["dispatcher under V8", chainV8?.dispatcher_hop_ns]);
row("trivial SDK node + optimize-node, native", nodesNative?.trivial_call_us, "µs", 3, ["WAT node", watNative?.trivial_call_us]);
row("trivial SDK node + optimize-node, V8", nodesV8?.trivial_call_us, "µs", 5, ["WAT node", watV8?.trivial_call_us]);
row("fuel overhead, prime sieve", sieve?.sieve_fuel_overhead_pct, "%", 15, null);
row("prime sieve in wasmi, native", sieve?.sieve_wasm_ms, "ms", null, ["the same Rust native", sieve?.sieve_native_ms]);
row("prime sieve in the tab (browser's engine) vs V8 direct", tab?.sieve_tab_ms, "ms", tab && 1.5 * tab.sieve_v8_direct_ms, ["V8 direct", tab?.sieve_v8_direct_ms]);
row("prime sieve in the tab vs native", tab?.sieve_tab_ms, "ms", tab && 2.5 * tab.sieve_native_ms, ["native", tab?.sieve_native_ms]);
row("prime sieve in the tab, first run (interpreter)", tab?.sieve_tab_first_run_ms, "ms", null, ["later runs", tab?.sieve_tab_ms]);
row("heap growth after 1,000 recompiles", sieve?.heap_growth_mb, "MB", 50, null);
row("floe check, 100,000 nodes: time", boards?.check_ms, "ms", 400, ["through JSON values", boards?.baseline_check_ms]);
row("floe check, 100,000 nodes: peak memory", boards?.check_peak_mib, "MiB", 150, ["through JSON values", boards?.baseline_check_peak_mib]);
row("editor: open a 1,000-node board (best)", editor?.open_ms?.best, "ms", 1000, null);
row("editor: drag frame interval, max", editor?.drag_frame_interval_ms?.max, "ms", 33, ["p95", editor?.drag_frame_interval_ms?.p95]);
row("editor: first paint, brotli", editor?.first_load?.first_paint_brotli_kib, "KiB", 600, ["gzip", editor?.first_load?.first_paint_gzip_kib]);
row("editor: with the run worker, brotli", editor?.first_load?.with_run_worker_brotli_kib, "KiB", null, ["gzip", editor?.first_load?.with_run_worker_gzip_kib]);
row("editor: time to interactive", editor?.time_to_interactive_ms, "ms", null, null);
row("editor: open a 10,000-node board (best)", editor10k?.open_ms?.[0], "ms", 2000, null);
for (const [db, r] of [["SQLite", serveSqlite], ["PostgreSQL", servePg]]) {
  row(`floe serve, ${db}: blob PUT p99, 100 clients`, r?.put_p99_ms, "ms", null, ["/v1/health p99", r?.baseline_health_p99_ms]);
  row(`floe serve, ${db}: blob GET p99, 100 clients`, r?.get_p99_ms, "ms", null, ["/v1/health p99", r?.baseline_health_p99_ms]);
  row(`floe serve, ${db}: blob PUTs per second`, r?.put_per_s, "/s", null, ["/v1/health", r?.baseline_health_per_s]);
  row(`floe serve, ${db}: peak RSS`, r?.server_peak_rss_mib, "MiB", null, null);
}
row("1,000-node board through floe serve: share (median of updates)", serverLink?.update_median_ms, "ms", null, ["first share", serverLink?.share_ms]);
row("1,000-node board: open its short link on a second device", serverLink?.second_device_open_median_ms?.server, "ms", null, ["its #b= link", serverLink?.second_device_open_median_ms?.in_url_baseline]);
for (const [db, name] of [["sqlite", "SQLite"], ["postgres", "PostgreSQL"]]) {
  const s = sync?.[db];
  row(`1,000-node board synced (${name}): imported on one device until listed on another`, s?.new_board_listed_median_ms, "ms", null, ["its #b= link opened", s?.baseline_link_in_url_opened_drawn_median_ms]);
  row(`1,000-node board synced (${name}): an edit until the other device shows it`, s?.edit_seen_median_ms, "ms", null, ["its #b= link opened", s?.baseline_link_in_url_opened_drawn_median_ms]);
}

const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.log("\n== summary: target, figure, baseline from this run ==");
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd());
