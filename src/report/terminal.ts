/**
 * The compact summary `spillway run` prints: a few figures of the view model's headline and cost, its SLOs and its
 * warnings (the rest is in summary.md and report.html). Text goes through printable(): a name holding terminal
 * escapes must not reach the terminal (or the CI log) as escapes.
 */
import { printable } from "../errors.js";
import type { Report } from "./report-types.js";
import { type Block, type Cell, reportView, type ViewSection, type ViewTable } from "./view-model.js";

const text = (c: Cell | undefined): string =>
  c === undefined ? "" : typeof c === "string" ? c : Array.isArray(c.text) ? c.text.join(", ") : c.text;

/** The blocks of a kind in a section. */
function blocks<K extends Block["kind"]>(
  section: ViewSection | undefined,
  kind: K,
): Extract<Block, { kind: K }>[] {
  return (section?.blocks ?? []).filter((b): b is Extract<Block, { kind: K }> => b.kind === kind);
}

/** A cell of a table by row key and column. */
function at(t: ViewTable | undefined, key: string, column: number): string {
  const row = t?.keys?.indexOf(key) ?? -1;
  return row < 0 ? "" : text(t?.rows[row][column]);
}

/** Workloads the terminal lists one a line at most. */
const TERMINAL_WORKLOADS = 8;

/**
 * One line per workload when there are several (one workload's figures are the run's): the first
 * {@link TERMINAL_WORKLOADS}, under their own heading so the figures above keep their alignment.
 */
function workloadLines(workloads: ViewSection | undefined): string[] {
  const [t] = blocks(workloads, "table");
  const names = t?.keys ?? [];
  if (names.length < 2) return [];
  const shown = names.slice(0, TERMINAL_WORKLOADS);
  const width = Math.max(...shown.map((n) => printable(n).length));
  const lines = shown.map(
    (name) =>
      `    ${printable(name).padEnd(width)}  ${at(t, name, 1)} arrived, failed ${at(t, name, 3)}, e2e ` +
      `p50/p95/p99 ${at(t, name, 7)}, ${at(t, name, 8)} a month (${at(t, name, 9)} of the cost)`,
  );
  if (names.length > shown.length)
    lines.push(`    and ${names.length - shown.length} more (summary.md lists them all)`);
  return ["  workloads", ...lines];
}

/** Renders the terminal summary (plain text, no colour so it reads the same in CI logs). */
export function renderTerminalSummary(report: Report): string {
  // The terminal shows no chart: skip computing them.
  const view = reportView(report, []);
  const section = (id: string) => view.sections.find((s) => s.id === id);
  const headline = section("headline");
  const cards = blocks(headline, "cards").flatMap((b) => b.cards);
  const card = (key: string) => cards.find((c) => c.key === key)?.value ?? "";
  const [figures] = blocks(headline, "table");
  const [costs] = blocks(section("cost"), "table");
  const month = (key: string) => at(costs, key, 2);
  const [latency] = blocks(section("latency"), "table");
  const percentiles = (key: string) => [2, 4, 5].map((column) => at(latency, key, column)).join(" / ");
  const rows: [string, string][] = [
    ["requests", at(figures, "arrived", 1)],
    ["success", card("succeeded")],
    ["caller 429 rate", card("throttled")],
    ["spillover", at(figures, "spillover", 1)],
    ["latency p50/p95/p99", at(figures, "latency", 1)],
    // Only when failures move it: otherwise it is the line above.
    ...(latency?.keys?.includes("e2eAll") && percentiles("e2eAll") !== percentiles("e2e")
      ? ([["  every request", percentiles("e2eAll")]] as [string, string][])
      : []),
    [
      "monthly cost",
      `${month("total")} (PTU ${month("provisioned")}, tokens ${month("tokens")}, APIM ${month("gateway")})`,
    ],
  ];
  for (const [expression, actual, verdict] of blocks(section("slo"), "table").flatMap((t) => t.rows)) {
    rows.push([`SLO ${text(verdict)}`, `${printable(text(expression))} (actual ${printable(text(actual))})`]);
  }
  const [knobs] = blocks(section("assumptions"), "table");
  if (knobs !== undefined) {
    const defaults = knobs.rows.filter((row) => text(row[2]) === "default").length;
    rows.push([
      "assumptions",
      `${knobs.rows.length} undocumented behaviour${knobs.rows.length === 1 ? "" : "s"} assumed, ${defaults} at ` +
        "the default (summary.md lists them)",
    ]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [
    `${printable(view.title)} — seed ${printable(view.seed)}`,
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    ...workloadLines(section("workloads")),
  ];
  for (const w of blocks(section("warnings"), "warnings").flatMap((b) => b.items))
    lines.push(`  warning [${printable(w.code)}]: ${printable(w.message)}`);
  return `${lines.join("\n")}\n`;
}
