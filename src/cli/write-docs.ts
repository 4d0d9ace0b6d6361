/**
 * `npm run docs`: rewrites the pages generated from the registries — docs/metrics.md from the metric registry and the
 * "Assumptions" table of README.md from the knob registry. Tests fail when the committed pages differ.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderMetricsDoc } from "../metrics/metrics-doc.js";
import { withAssumptionsTable } from "../report/assumptions-doc.js";

/** Writes both pages under the repository root `root`. */
export function writeDocs(root: string): void {
  writeFileSync(join(root, "docs/metrics.md"), renderMetricsDoc());
  const readme = join(root, "README.md");
  writeFileSync(readme, withAssumptionsTable(readFileSync(readme, "utf8")));
}

writeDocs(process.cwd());
