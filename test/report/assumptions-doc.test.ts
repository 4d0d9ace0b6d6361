/** README.md's "Assumptions" table is generated from the knob registry: the committed README must hold what it generates. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KNOBS } from "../../src/catalog/assumptions.js";
import { renderAssumptionsTable, withAssumptionsTable } from "../../src/report/assumptions-doc.js";

const readme = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8");

describe("README.md Assumptions table", () => {
  it("is what the registry generates (run `npm run docs` after changing src/catalog/assumptions.ts)", () => {
    expect(withAssumptionsTable(readme)).toBe(readme);
  });

  it("lists every knob once, with its scenario key, default, range and evidence", () => {
    const table = renderAssumptionsTable().join("\n");
    for (const k of KNOBS) {
      expect(table.split(`| \`${k.name}\` |`)).toHaveLength(2);
      expect(table).toContain(`\`${k.key}\``);
      expect(table).toContain(k.evidence.replaceAll("|", "\\|"));
    }
    expect(table).toContain(
      "| `provisioned.bucket.window` | each provisioned: `bucket.window` | 60 s | 10 s to 120 s |",
    );
    expect(table).toContain(
      "| `standard.limiter.window` | each standard: `limiter.window` | sliding | fixed or sliding |",
    );
    expect(table).toContain(
      "| `workload.maxTokens` | each workload: `maxTokens` (when unset) | 4,096 tokens |",
    );
  });

  it("refuses a README whose markers were removed", () => {
    expect(() => withAssumptionsTable("# no table here\n")).toThrow(/assumptions:start/);
  });
});
