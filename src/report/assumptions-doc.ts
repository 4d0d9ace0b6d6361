/**
 * README.md's "Assumptions" table, generated from the knob registry (src/catalog/assumptions.ts) so the two cannot disagree:
 * `npm run docs` rewrites the lines between the markers, and a test fails when the committed README differs.
 */
import { KNOBS, type Knob } from "../catalog/assumptions.js";
import { knobText } from "./format.js";

/** The line that opens the generated table in README.md. */
export const ASSUMPTIONS_START =
  "<!-- assumptions:start (generated from src/catalog/assumptions.ts by `npm run docs`) -->";
/** The line that closes it. */
export const ASSUMPTIONS_END = "<!-- assumptions:end -->";

/** A table cell: pipes escaped, one line. */
const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/** The table's Markdown lines, markers included. */
export function renderAssumptionsTable(): string[] {
  const rows = KNOBS.map((k: Knob) => {
    const range =
      k.kind === "choice"
        ? `${knobText(k.low, k.unit)} or ${knobText(k.high, k.unit)}`
        : `${knobText(k.low, k.unit)} to ${knobText(k.high, k.unit)}`;
    const where = `${k.scope === "network" ? "`network`" : `each ${k.scope}`}: \`${k.key}\`${k.onlyWhenUnset ? " (when unset)" : ""}`;
    return `| \`${k.name}\` | ${where} | ${knobText(k.default, k.unit)} | ${range} | ${cell(k.changes)} | ${cell(k.evidence)} |`;
  });
  return [
    ASSUMPTIONS_START,
    "",
    "| knob | where a scenario sets it | default | plausible range | what it changes | evidence |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    ASSUMPTIONS_END,
  ];
}

/**
 * `readme` with its generated table replaced by the registry's; the markers must be there once each, in order.
 * Throws when they are not (the README was edited by hand around them).
 */
export function withAssumptionsTable(readme: string): string {
  const lines = readme.split("\n");
  const start = lines.indexOf(ASSUMPTIONS_START);
  const end = lines.indexOf(ASSUMPTIONS_END);
  if (start < 0 || end < start)
    throw new Error(`README.md needs the lines ${ASSUMPTIONS_START} and ${ASSUMPTIONS_END}, in order`);
  return [...lines.slice(0, start), ...renderAssumptionsTable(), ...lines.slice(end + 1)].join("\n");
}
