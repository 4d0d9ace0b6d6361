/**
 * Golden outputs: report.json and summary.md of every example scenario, byte for byte. A change that moves a number
 * shows up here; if the change is intended, regenerate with `UPDATE_GOLDEN=1 npm test` and review the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scenarioFileReader, scenarioPathResolver } from "../../src/cli/io.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { runScenario } from "../../src/run/run-scenario.js";
import { loadScenario } from "../../src/scenario/load.js";

const root = join(import.meta.dirname, "../..");
const examples = readdirSync(join(root, "scenarios")).filter((f) => f.endsWith(".yaml"));
const update = process.env.UPDATE_GOLDEN === "1";

function golden(name: string, actual: string): void {
  const path = join(import.meta.dirname, name);
  if (update) writeFileSync(path, actual);
  if (!existsSync(path))
    throw new Error(`missing golden file test/golden/${name}: run UPDATE_GOLDEN=1 npm test, review, commit`);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

describe("golden outputs of the example scenarios", () => {
  it("has the documented examples", () => {
    expect(examples.sort()).toEqual([
      "apim-priority-pool.yaml",
      "batch-offline-share.yaml",
      "dr-premium-two-regions.yaml",
      "litellm-ptu-first.yaml",
      "multi-region-apim.yaml",
      "paygo-only.yaml",
      "ptu-native-spillover.yaml",
      "ptu-only.yaml",
      "retry-to-paygo.yaml",
      "semantic-cache.yaml",
      "single-region-apim.yaml",
      "smart-lb-vs-backend-pool.yaml",
      "token-limit.yaml",
      "trace-replay.yaml",
    ]);
  });

  for (const file of examples) {
    it(`${file}: report.json and summary.md match the golden files`, () => {
      const path = join(root, "scenarios", file);
      const scenario = loadScenario(readFileSync(path, "utf8"), `scenarios/${file}`, {
        readFile: scenarioFileReader(path),
        resolvePath: scenarioPathResolver(path),
      });
      const { report } = runScenario(scenario);
      const base = file.replace(/\.yaml$/, "");
      golden(`${base}.report.json`, `${JSON.stringify(report, null, 2)}\n`);
      golden(`${base}.summary.md`, renderMarkdown(report));
    });
  }
});
