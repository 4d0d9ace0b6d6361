/**
 * `model:` in a scenario: a name or ARM's `{ name, version }`, a version the catalog lists, a "did you mean" for near
 * misses, and a standard-only model refused on PTUs; each bad input one line with its path (exit 2).
 */
import { describe, expect, it } from "vitest";
import { runScenario } from "../../src/run/run-scenario.js";
import { loadScenario } from "../../src/scenario/load.js";
import { suggestModel } from "../../src/scenario/suggest.js";
import { problemOf } from "./load-problem.js";

/** One account with one deployment whose `model:` and SKU are given; `extra` is appended (e.g. a `models:` block). */
function scenario(model: string, sku = "GlobalStandard", capacity = 100, extra = "", prompt = 100) {
  return `name: models
duration: 1m
accounts:
  - name: a
    region: eastus2
    deployments:
      - name: d
        model: ${model}
        sku: ${sku}
        capacity: ${capacity}
traffic:
  - name: chat
    via: a/d
    arrival: { type: constant, rate: 1/s }
    promptTokens: ${prompt}
    completionTokens: 10
    maxTokens: 50
${extra}`;
}

describe("model: in ARM's form", () => {
  it("accepts { name, version } and { format: OpenAI, name, version }, and runs the named model", () => {
    const arm = loadScenario(scenario('{ name: gpt-4.1, version: "2025-04-14" }'), "s.yaml");
    expect(arm.deployments[0].model).toBe("gpt-4.1");
    const full = loadScenario(
      scenario('{ format: OpenAI, name: gpt-5.2, version: "2025-12-11" }', "DataZoneProvisionedManaged", 110),
      "s.yaml",
    );
    expect(full.deployments[0].model).toBe("gpt-5.2");
    expect(problemOf(scenario("{ name: gpt-4.1 }"))).toBe("ok");
  });

  it("refuses a version the catalog does not list, naming the versions it knows", () => {
    expect(problemOf(scenario('{ name: gpt-4.1, version: "2024-04-14" }'))).toMatch(
      /accounts\[0\]\.deployments\[0\]\.model\.version.*gpt-4\.1 has no version "2024-04-14": the catalog knows "2025-04-14"/,
    );
  });

  it("takes any version of a model defined under models:", () => {
    const extra = `models:
  my-model: { ptuInputTpm: 1000, outputWeight: 4, rpmPer1kTpm: 6, latency: { ttft: 1, tokensPerSecond: 50 }, prices: { GlobalStandard: { input: 1, output: 4 } } }
`;
    expect(problemOf(scenario('{ name: my-model, version: "7" }', "GlobalStandard", 100, extra))).toBe("ok");
  });

  it("refuses other keys and formats", () => {
    expect(problemOf(scenario('{ name: gpt-4.1, verison: "2025-04-14" }'))).toMatch(/verison/);
    expect(problemOf(scenario("{ format: Meta, name: gpt-4.1 }"))).toMatch(/format/);
  });
});

describe("near misses of a model name get a did-you-mean", () => {
  it.each([
    ["GPT-4.1", "gpt-4.1"],
    ["gpt-5.0", "gpt-5"],
    ["gpt5", "gpt-5"],
    ["GPT 5.2", "gpt-5.2"],
    ["gpt-5-min", "gpt-5-mini"],
    ["gpt-4.1-2025-04-14", "gpt-4.1"],
    ["o-1", "o1"],
  ])("%s → %s", (typed, meant) => {
    expect(problemOf(scenario(`"${typed}"`))).toMatch(
      new RegExp(`model: unknown model "${typed}"; did you mean "${meant.replace(".", "\\.")}"\\?`),
    );
  });

  it("suggests nothing for a name far from every model, and lists the catalog", () => {
    expect(suggestModel("llama-3", ["gpt-4.1", "gpt-5"])).toBeUndefined();
    expect(problemOf(scenario("llama-3"))).toMatch(
      /unknown model "llama-3" \(catalog models: gpt-4o, .*o1, gpt-5.*; or define it under models:\)/,
    );
  });

  it("finds a model defined under models: too", () => {
    expect(suggestModel("My-Model", ["gpt-4.1", "my-model"])).toBe("my-model");
  });

  it("reports an incomplete models: entry once, never as an unknown model at the deployments using it", () => {
    const text = scenario(
      "my-model",
      "GlobalStandard",
      100,
      "models:\n  my-model: { ptuInputTpm: 3000, outputWeight: 4 }\n",
    ).replace(
      "        capacity: 100\n",
      "        capacity: 100\n      - { name: e, model: my-model, sku: GlobalStandard, capacity: 100 }\n",
    );
    const message = problemOf(text);
    expect(message.match(/needs rpmPer1kTpm, latency/g)).toHaveLength(1);
    expect(message).not.toMatch(/unknown model/);
  });
});

describe("a standard-only model on PTUs", () => {
  it("is refused on the deployment's sku, naming the SKUs it has", () => {
    expect(problemOf(scenario("gpt-5-nano", "DataZoneProvisionedManaged", 15))).toMatch(
      /accounts\[0\]\.deployments\[0\]\.sku.*gpt-5-nano has no provisioned \(PTU\) deployment.*use one of the SKUs it has: GlobalStandard, DataZoneStandard/,
    );
    expect(problemOf(scenario("gpt-5-nano", "GlobalStandard", 100))).toBe("ok");
  });

  it("can be given PTU figures under models:, all of them", () => {
    const sizing = "ptuSizing: { GlobalProvisionedManaged: { minimum: 15, increment: 5 } }";
    expect(
      problemOf(
        scenario("gpt-5-nano", "GlobalProvisionedManaged", 15, `models:\n  gpt-5-nano: { ${sizing} }\n`),
      ),
    ).toMatch(
      /gpt-5-nano has no PTU figures in the catalog \(standard only\), so a ptuSizing for it needs ptuInputTpm and ptuTargetTokensPerSecond too/,
    );
    const full = `models:\n  gpt-5-nano: { ${sizing}, ptuInputTpm: 100000, ptuTargetTokensPerSecond: 100 }\n`;
    expect(problemOf(scenario("gpt-5-nano", "GlobalProvisionedManaged", 15, full))).toBe("ok");
    // Another provisioned SKU stays refused.
    expect(problemOf(scenario("gpt-5-nano", "DataZoneProvisionedManaged", 15, full))).toMatch(
      /not offered on DataZoneProvisionedManaged/,
    );
  });
});

describe("gpt-5.4 on PTU with prompts above 128K tokens", () => {
  it("fails each such request with a 400 (counted as failed, no PTU used); shorter prompts are served", () => {
    const long = runScenario(
      loadScenario(scenario("gpt-5.4", "GlobalProvisionedManaged", 300, "", 130_000), "s.yaml"),
    );
    const d = long.report.deployments["a/d"];
    expect(d.served).toBe(0);
    expect(d.errored).toBeGreaterThan(0);
    expect(d.utilization.max).toBe(0);
    const short = runScenario(
      loadScenario(scenario("gpt-5.4", "GlobalProvisionedManaged", 300, "", 100_000), "s.yaml"),
    );
    expect(short.report.deployments["a/d"].errored).toBe(0);
    expect(short.report.deployments["a/d"].served).toBeGreaterThan(0);
  });
});
