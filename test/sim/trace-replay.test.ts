/** Replaying traces through a run: counts and tokens from the file, window/speedup/scale/loop, bad rows, fit. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { MODELS } from "../../src/catalog/index.js";
import type { Report } from "../../src/report/report-types.js";
import { runScenario } from "../../src/run/run-scenario.js";
import { loadScenario } from "../../src/scenario/load.js";
import { openTrace } from "../../src/workload/trace/open-trace.js";
import { fitTraffic, profileTrace } from "../../src/workload/trace-stats.js";
import { conservationHolds } from "../helpers.js";

const SHARED = join(import.meta.dirname, "../../scenarios/traces");
const CONV = join(SHARED, "azure-llm-2023-conv.csv");
const MOONCAKE = join(SHARED, "mooncake-synthetic.jsonl");
const FIXTURES = join(import.meta.dirname, "../workload/fixtures");

/** Independent expectations for the conversation trace: a plain whole-file split. */
function convTruth() {
  const lines = readFileSync(CONV, "utf8").trim().split("\n").slice(1);
  let prompt = 0;
  let completion = 0;
  for (const line of lines) {
    const [, p, c] = line.split(",");
    prompt += Number(p);
    completion += Number(c);
  }
  return { rows: lines.length, prompt, completion };
}

function replay(arrival: string, extra = "", duration = "2h"): Report {
  const yaml = `
name: replay
seed: 3
duration: ${duration}
accounts:
  - name: a
    region: eastus
    deployments: [{ name: paygo, model: gpt-4o, sku: GlobalStandard, capacity: 100000, rateLimits: { rpm: 10000000 } }]
traffic:
  - name: w
    via: a/paygo
    arrival: ${arrival}
    maxTokens: 100000
${extra}
`;
  return runScenario(loadScenario(yaml, join(SHARED, "replay.yaml"), { resolvePath: (p) => join(SHARED, p) }))
    .report;
}

describe("trace replay", () => {
  const truth = convTruth();

  it("replays every row with the trace's own token counts", () => {
    const r = replay("{ type: trace, file: azure-llm-2023-conv.csv, format: azure-llm }");
    expect(truth.rows).toBe(19366);
    expect(r.requests.arrived).toBe(truth.rows);
    expect(r.requests.succeeded).toBe(truth.rows);
    expect(r.deployments["a/paygo"].tokens.prompt).toBe(truth.prompt);
    expect(r.deployments["a/paygo"].tokens.completion).toBe(truth.completion);
    // The trace spans ~58.4 minutes: nothing arrives in the second hour.
    expect(r.timeseries.arrivals.slice(59).every((n) => n === 0)).toBe(true);
  });

  it("compresses time with speedup and keeps every row", () => {
    const r = replay(
      "{ type: trace, file: azure-llm-2023-conv.csv, format: azure-llm, speedup: 2 }",
      "",
      "30m",
    );
    expect(r.requests.arrived).toBe(truth.rows);
  });

  it("scales traffic: whole copies with jitter, fractions thinned", () => {
    const double = replay("{ type: trace, file: azure-llm-2023-conv.csv, format: azure-llm, scale: 2 }");
    expect(double.requests.arrived).toBe(2 * truth.rows);
    const half = replay("{ type: trace, file: azure-llm-2023-conv.csv, format: azure-llm, scale: 0.5 }");
    expect(Math.abs(half.requests.arrived - truth.rows / 2)).toBeLessThan(300);
    const oneAndHalf = replay(
      "{ type: trace, file: azure-llm-2023-conv.csv, format: azure-llm, scale: 1.5 }",
    );
    expect(Math.abs(oneAndHalf.requests.arrived - 1.5 * truth.rows)).toBeLessThan(300);
  });

  it("replays a start/end window and loops it", () => {
    const lines = readFileSync(CONV, "utf8").trim().split("\n").slice(1);
    const first = Date.parse(`${lines[0].split(",")[0].replace(" ", "T")}Z`) / 1000;
    const inWindow = lines.filter((l) => {
      const t = Date.parse(`${l.split(",")[0].replace(" ", "T")}Z`) / 1000 - first;
      return t >= 600 && t < 1200;
    }).length;
    const windowed = replay(
      "{ type: trace, file: azure-llm-2023-conv.csv, format: azure-llm, start: 10m, end: 20m }",
      "",
      "30m",
    );
    expect(windowed.requests.arrived).toBe(inWindow);
    // Looping the 10-minute window through 30 minutes replays it three times.
    const looped = replay(
      "{ type: trace, file: azure-llm-2023-conv.csv, format: azure-llm, start: 10m, end: 20m, loop: true }",
      "",
      "30m",
    );
    expect(looped.requests.arrived).toBe(3 * inWindow);
    expect(looped.timeseries.arrivals.slice(0, 10)).toEqual(looped.timeseries.arrivals.slice(10, 20));
  });

  it("replays the Mooncake JSONL trace with millisecond times", () => {
    const r = replay(
      "{ type: trace, file: mooncake-synthetic.jsonl, format: jsonl, columns: { time: timestamp, timeUnit: ms, prompt: input_length, completion: output_length } }",
    );
    const rows = readFileSync(MOONCAKE, "utf8").trim().split("\n");
    const lastMs = Math.max(...rows.map((l) => JSON.parse(l).timestamp as number));
    expect(r.requests.arrived).toBe(rows.length);
    // All rows arrive within the trace's span (milliseconds read as milliseconds, not seconds).
    const lastStep = r.timeseries.arrivals.reduce((last, n, i) => (n > 0 ? i : last), 0);
    expect(lastStep).toBe(Math.floor(lastMs / 1000 / 60));
  });

  it("stops at a bad row with its line, or skips it and says so in report.warnings", () => {
    const file = join(FIXTURES, "bad-number.csv");
    const yaml = (policy: string) => `
name: bad
duration: 1h
accounts: [{ name: a, region: eastus, deployments: [{ name: p, model: gpt-4o, sku: GlobalStandard, capacity: 1000 }] }]
traffic:
  - { name: w, via: a/p, arrival: { type: trace, file: ${file}, format: azure-llm, onBadRow: ${policy} } }
`;
    expect(() => runScenario(loadScenario(yaml("error"), "bad.yaml"))).toThrow(/line \d+/);
    const r = runScenario(loadScenario(yaml("skip"), "bad.yaml")).report;
    expect(r.warnings.some((w) => w.code === "trace-bad-rows" && /skipped \d+ bad row/.test(w.message))).toBe(
      true,
    );
    expect(conservationHolds(r)).toBe(true);
  });

  it("rejects a csv trace without its column mapping, at validation", () => {
    expect(() =>
      loadScenario(
        `
name: cols
duration: 1h
accounts: [{ name: a, region: eastus, deployments: [{ name: p, model: gpt-4o, sku: GlobalStandard, capacity: 1000 }] }]
traffic:
  - { name: w, via: a/p, arrival: { type: trace, file: x.csv, format: csv } }
`,
        "cols.yaml",
      ),
    ).toThrow(/needs columns time, prompt, completion/);
  });
});

describe("trace fit", () => {
  it("gives a traffic block whose run lands close to the trace's own replay", () => {
    const profile = profileTrace(
      openTrace({ path: CONV, displayPath: CONV, format: "azure-llm", onBadRow: "error", reorderWindow: 10 }),
      { name: "gpt-4o", facts: MODELS["gpt-4o"], sku: "GlobalProvisionedManaged" },
    );
    const fitted = fitTraffic(profile, { name: "w", step: 60, tokens: "empirical" });
    const estate = `
name: fit
seed: 9
duration: 58m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4o, sku: GlobalProvisionedManaged, capacity: 250, spilloverDeploymentName: paygo }
      - { name: paygo, model: gpt-4o, sku: GlobalStandard, capacity: 300 }
`;
    const trace = runScenario(
      loadScenario(
        `${estate}traffic:\n  - { name: w, via: a/ptu, maxTokens: 1000, arrival: { type: trace, file: ${CONV}, format: azure-llm } }\n`,
        "t.yaml",
      ),
    ).report;
    const w = { ...fitted, via: "a/ptu", maxTokens: 1000 };
    const model = runScenario(loadScenario(`${estate}traffic:\n  - ${JSON.stringify(w)}\n`, "f.yaml")).report;
    const close = (a: number, b: number, tolerance: number) =>
      Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
    expect(close(model.requests.arrived, trace.requests.arrived, 0.03)).toBe(true);
    expect(close(model.latency.e2e.p95, trace.latency.e2e.p95, 0.1)).toBe(true);
    expect(close(model.cost.horizon.total, trace.cost.horizon.total, 0.05)).toBe(true);
    expect(close(model.spillover.rate, trace.spillover.rate, 0.35)).toBe(true);
    expect(Math.abs(model.throttle.client.rate - trace.throttle.client.rate)).toBeLessThan(0.01);
    // The block is plain scenario YAML.
    expect(parse(JSON.stringify(fitted)).arrival.type).toBe("profile");
  });
});

describe("looped traces with bad rows", () => {
  it("counts a skipped bad row once, not once per pass", () => {
    const file = join(FIXTURES, "bad-number.csv");
    const yaml = (loop: boolean) => `
name: loop-bad
duration: 2m
accounts: [{ name: a, region: eastus, deployments: [{ name: p, model: gpt-4o, sku: GlobalStandard, capacity: 1000 }] }]
traffic:
  - { name: w, via: a/p, arrival: { type: trace, file: ${file}, format: azure-llm, onBadRow: skip, loop: ${loop} } }
`;
    const messages = (loop: boolean) =>
      runScenario(loadScenario(yaml(loop), "l.yaml"))
        .report.warnings.map((w) => w.message)
        .join(" ");
    const once = messages(false);
    const looped = messages(true);
    const count = (text: string) => Number(/skipped (\d+) bad row/.exec(text)?.[1]);
    expect(count(once)).toBeGreaterThan(0);
    expect(count(looped)).toBe(count(once));
  });
});
