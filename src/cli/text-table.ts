/** Plain-text tables for the terminal: columns padded to their widest cell, no colour, so CI logs read the same. */
import { printable } from "../errors.js";

/**
 * Rows under a header, each column as wide as its widest cell, two spaces apart, indented by `indent`. Cells go
 * through printable(): a name from a scenario must not reach the terminal as escapes.
 */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  indent = "  ",
): string[] {
  const all = [header, ...rows].map((row) => row.map((cell) => printable(cell)));
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? "").length)));
  return all.map((row) => `${indent}${row.map((cell, i) => cell.padEnd(widths[i])).join("  ")}`.trimEnd());
}
