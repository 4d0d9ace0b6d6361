/**
 * docs/metrics.md, generated from the metric registry so the page cannot fall behind report.json: `npm run docs`
 * writes it, and a test fails when the committed page differs from what this returns.
 */
import {
  METRICS,
  type MetricDefinition,
  NOT_METRICS,
  PLACEHOLDERS,
  UNIT_MEANINGS,
} from "./metric-registry.js";

/** A Markdown table: the header, its rule, then the rows. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const row = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [row(header), row(header.map(() => "---")), ...rows.map(row)];
}

/** The meaning column: the description, and when the value is null or not stored at all. */
function meaning(m: MetricDefinition): string {
  const notes = [m.description];
  if (!m.stored) notes.push("Not stored in report.json: computed from the counts it holds.");
  if (m.nullWhen !== undefined) notes.push(`Null when ${m.nullWhen}.`);
  return notes.join(" ");
}

/** The Markdown of docs/metrics.md. */
export function renderMetricsDoc(): string {
  const out = [
    "# Report metrics",
    "",
    "<!-- Generated from src/metrics/metric-registry.ts by `npm run docs`: edit the registry, not this page. -->",
    "",
    "Every number of report.json that an SLO (`slo:`), `spillway check --baseline`, `spillway compare` and",
    "`spillway plan` can name, with its unit, which way is better and its tolerance group in `spillway check`.",
    "`spillway validate` refuses an SLO whose path is not listed here (expanded with the scenario's own names) and",
    "names the nearest one.",
    "",
    "A `{placeholder}` segment stands for each key of a map of report.json:",
    "",
    ...table(
      ["placeholder", "stands for"],
      Object.entries(PLACEHOLDERS).map(([name, what]) => [`\`{${name}}\``, what]),
    ),
    "",
    "For example `deployments.aoai-eastus/gpt41-ptu.utilization.max` or `gateways.apim.regions.eastus.queueFull`.",
    "",
    "## Units",
    "",
    ...table(
      ["unit", "meaning"],
      Object.entries(UNIT_MEANINGS).map(([unit, what]) => [`\`${unit}\``, what]),
    ),
    "",
    "## Metrics",
  ];
  const sections = new Map<string, MetricDefinition[]>();
  for (const m of METRICS) {
    const top = m.path.split(".")[0];
    sections.set(top, [...(sections.get(top) ?? []), m]);
  }
  for (const [top, metrics] of sections) {
    out.push(
      "",
      `### ${top}`,
      "",
      ...table(
        ["path", "label", "unit", "better", "group", "meaning"],
        metrics.map((m) => [
          `\`${m.path}\``,
          m.label,
          `\`${m.unit}\``,
          m.direction === "none" ? "—" : m.direction,
          `\`${m.group}\``,
          meaning(m),
        ]),
      ),
    );
  }
  out.push(
    "",
    "## Numbers that are not metrics",
    "",
    "These hold numbers but are not metrics, so no SLO or check can name them:",
    "",
    ...table(
      ["key", "why"],
      Object.entries(NOT_METRICS).map(([key, why]) => [`\`${key}\``, why]),
    ),
  );
  return `${out.join("\n")}\n`;
}
