/**
 * Batch deployments and the Priority and Flex processing options of standard deployments [S43, S44, S45]; how a run
 * reports Batch: its turnaround stays out of the run's latency (a workload's own keeps it), and the enqueued tokens
 * that refuse its calls are reported beside the utilization (deployments.<id>.enqueued).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BatchModel } from "../../src/azure/batch-deployment.js";
import type { DeploymentModel } from "../../src/azure/deployment-model.js";
import { FlexModel, PriorityModel, RampLimit } from "../../src/azure/processing-options.js";
import { RandomStreams } from "../../src/engine/rng.js";
import { expandMetrics, namesOfReport } from "../../src/metrics/metric-registry.js";
import { DeploymentAggregates } from "../../src/metrics/run-aggregates.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { ScenarioError } from "../../src/scenario/problems.js";
import { cli } from "../cli/run-cli.js";
import { load, run } from "../helpers.js";

/** A quota that admits everything, so only the option decides. */
const open: DeploymentModel = {
  admit: () => 200,
  retryAfter: 0,
  charged: 0,
  settles: false,
  settle: () => 0,
  capacityPerMinute: 1e9,
};

const latency = (tokensPerSecond: number) => ({
  ttft: 0.5,
  ttftPer1kPromptTokens: 0,
  tokensPerSecond,
  jitter: 0,
  loadSlowdown: 0,
  overTier: 1,
  usageTier: null,
});

/** Global Standard and Global Batch in one account; one workload `w`, 1,000-token prompts a second, via `via`. */
const scenario = (via: string) => `
name: offline
duration: 30m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 1000 }
      - { name: batch, model: gpt-4.1, sku: GlobalBatch, capacity: 200000 }
traffic:
  - { name: w, via: ${via}, arrival: { type: constant, rate: 1/s }, promptTokens: 1000, completionTokens: 100, maxTokens: 100 }
`;

describe("Batch deployment", () => {
  it("refuses a request past its enqueued-token quota until enqueued requests complete", () => {
    const batch = new BatchModel(10_000, 3600, new RandomStreams(1).stream("t"));
    let admitted = 0;
    let t = 0;
    // 1,000-token prompts, one a second: the 11th would take the enqueued count past 10,000.
    for (; t < 11; t++) if (batch.admit(t, 1000, 0, 100) === 200) admitted++;
    expect(admitted).toBe(10);
    expect(batch.enqueued).toBe(10_000);
    expect(batch.admit(t, 1000, 0, 100)).toBe(429);
    // The Retry-After is the time until the next enqueued request completes: its tokens leave the count then.
    const wait = batch.retryAfter;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(3600);
    expect(batch.admit(t + wait, 1000, 0, 100)).toBe(200);
    // A prompt larger than the whole quota can never be enqueued.
    expect(batch.admit(t + wait, 20_000, 0, 100)).toBe(400);
  });

  it("returns results within the turnaround, spread over it", () => {
    const batch = new BatchModel(1e12, 86_400, new RandomStreams(2).stream("t"));
    const waits: number[] = [];
    for (let i = 0; i < 2000; i++) {
      batch.admit(i, 100, 0, 10);
      waits.push(batch.latency.ttft);
    }
    expect(Math.max(...waits)).toBeLessThanOrEqual(86_400);
    expect(Math.min(...waits)).toBeGreaterThan(0);
    const mean = waits.reduce((a, b) => a + b, 0) / waits.length;
    expect(mean).toBeGreaterThan(0.45 * 86_400);
    expect(mean).toBeLessThan(0.55 * 86_400);
  });

  it("costs half the Global Standard price for the same tokens", () => {
    const batch = run(scenario("a/batch"));
    const standard = run(scenario("a/paygo"));
    expect(batch.requests.succeeded).toBe(standard.requests.succeeded);
    // 1,800 requests x (1000 x $2 + 100 x $8) / 1M = $5.04 on Global Standard; Batch is half: $2.52.
    expect(standard.cost.horizon.tokens).toBeCloseTo(5.04, 6);
    expect(batch.cost.horizon.tokens).toBeCloseTo(2.52, 6);
    expect(batch.cost.byDeployment["a/batch"].horizon).toBeCloseTo(2.52, 6);
  });

  it("fails the requests past a small enqueued-token quota", () => {
    // 50K enqueued tokens hold 50 requests of 1,000 prompt tokens; with a 24 h turnaround about 2 % of them complete
    // within the 30 minutes and make room for one more each.
    const r = run(scenario("a/batch"), ["accounts.a.deployments.batch.capacity=50"]);
    expect(r.requests.succeeded).toBeGreaterThanOrEqual(50);
    expect(r.requests.succeeded).toBeLessThan(60);
    expect(r.requests.throttled).toBe(r.requests.arrived - r.requests.succeeded);
    // With the default 200M quota nothing is refused.
    expect(run(scenario("a/batch")).requests.failed).toBe(0);
  });
});

/**
 * The offline share `w` on Global Batch beside an interactive `chat` on Global Standard, with SLOs on the run's latency;
 * `head` goes after the duration (a warmup).
 */
const estate = (head = "") => `${scenario("a/batch").replace("duration: 30m", `duration: 30m\n${head}`)}\
  - { name: chat, via: a/paygo, arrival: { type: poisson, rate: 1/s }, promptTokens: 1000, completionTokens: 100, maxTokens: 100 }
slo:
  - "latency.e2e.p95 < 30s"
  - "latency.ttft.p95 < 10s"
`;

describe("Batch in the estate's latency", () => {
  const r = run(estate());

  it("leaves Batch answers out of the run's latency: it is the interactive workload's", () => {
    expect(r.requests.succeeded).toBe(r.requests.arrived);
    // Hours of turnaround would make these tens of thousands of seconds.
    expect(r.latency.e2e.max).toBeLessThan(60_000);
    expect(r.latency.ttft.p95).toBeLessThan(10_000);
    expect(r.latency.e2eAll?.p99).toBeLessThan(60_000);
    expect(r.latency.e2e).toEqual(r.workloads.chat.latency.e2e);
    expect(r.latency.ttft).toEqual(r.workloads.chat.latency.ttft);
    expect(Math.max(...r.timeseries.latencyP95)).toBeLessThan(60_000);
    expect(r.slo.every((s) => s.passed)).toBe(true);
  });

  it("keeps the turnaround in the Batch workload's own latency", () => {
    const own = r.workloads.w.latency.e2e;
    // Uniform over 24 h: a median of about 12 h.
    expect(own.p50).toBeGreaterThan(8 * 3_600_000);
    expect(own.max).toBeLessThanOrEqual(24 * 3_600_000 + 60_000);
    expect(r.workloads.w.requests.succeeded).toBe(r.workloads.w.requests.arrived);
  });
});

describe("Batch enqueued tokens", () => {
  it("integrates each admission's tokens over its share of the horizon, and what the warmup left at its start", () => {
    const d = new DeploymentAggregates(1);
    // 100 tokens enqueued in the warmup, completing 5 s into a 60 s horizon.
    d.recordEnqueued(-10, 5, 100, 100, 60);
    // 50 more at 10 s holding 150 (the warmup's still counted by the model), leaving after the horizon.
    d.recordEnqueued(10, 100, 50, 150, 60);
    // Admitted after the horizon: no share of it.
    d.recordEnqueued(70, 80, 50, 200, 60);
    expect(d.enqueued).toEqual({ tokenSeconds: 100 * 5 + 50 * 50, max: 150, atStart: 100 });
  });

  it("reports the enqueued share of the quota, the level that triggers the 429s", () => {
    const r = run(estate());
    // 1,000 tokens a second for 30 minutes, nearly none completing within 24 h: a rising line from 0 to 1.8M tokens of
    // the 200M quota, a mean of about half its top.
    const e = r.deployments["a/batch"].enqueued;
    expect(e?.max).toBeCloseTo(1_800_000 / 200e6, 3);
    expect(e?.mean).toBeCloseTo(900_000 / 200e6, 3);
    // Only Batch deployments have one.
    expect(r.deployments["a/paygo"].enqueued).toBeUndefined();
  });

  it("can be the subject of an SLO (deployments.<batch>.enqueued.max)", () => {
    const r = run(`${estate()}  - "deployments.a/batch.enqueued.max < 0.5"\n`);
    expect(r.slo.find((x) => x.expression.includes("enqueued"))).toMatchObject({ passed: true });
  });

  it("reads full when a small quota refuses calls, though the utilization stays low", () => {
    // 50K enqueued tokens: full after 50 requests, then refusing nearly every call.
    const r = run(estate(), ["accounts.a.deployments.batch.capacity=50"]);
    const batch = r.deployments["a/batch"];
    expect(batch.throttled).toBeGreaterThan(1000);
    expect(batch.enqueued?.max).toBe(1);
    expect(batch.enqueued?.mean).toBeGreaterThan(0.95);
    expect(batch.utilization.mean).toBeLessThan(0.1);
  });

  it("counts what the warmup left enqueued", () => {
    const r = run(estate("warmup: 10m"));
    // Ten minutes of 1,000 tokens a second are enqueued when the horizon starts.
    expect(r.deployments["a/batch"].enqueued?.mean).toBeGreaterThan(600_000 / 200e6);
  });
});

describe("Batch in summary.md", () => {
  it("shows the enqueued share beside the utilization, and says the run's latency leaves Batch out", () => {
    const md = renderMarkdown(run(estate(), ["accounts.a.deployments.batch.capacity=50"]));
    expect(md).toContain("| enqueued mean / max |");
    expect(md).toMatch(/\| a\/batch \|.*\| 9\d\.\d% \/ 100\.0% \|/);
    expect(md).toMatch(/\| a\/paygo \|.*\| — \| — \|/);
    expect(md).toContain("Successes a Batch deployment answered are left out of these figures");
    // The Batch workload's own latency, in hours.
    expect(md).toMatch(/\| w \|.*\| \d+\.\d h \/ \d+\.\d h \/ \d+\.\d h \|/);
  });

  it("names the enqueued metrics for Batch deployments only", () => {
    const paths = expandMetrics(namesOfReport(run(estate()))).map((m) => m.path);
    expect(paths).toContain("deployments.a/batch.enqueued.max");
    expect(paths).not.toContain("deployments.a/paygo.enqueued.max");
  });

  it("adds no column nor note to an estate without Batch", () => {
    const md = renderMarkdown(
      run(
        estate()
          .replace("via: a/batch", "via: a/paygo")
          .replace(/.*sku: GlobalBatch.*\n/, ""),
      ),
    );
    expect(md).not.toContain("enqueued");
    expect(md).not.toContain("Batch deployment answered");
  });
});

describe("Priority processing", () => {
  it("serves a step from X to 2X tokens per minute: the excess over 1.5X as standard for 15 minutes", () => {
    const ramp = new RampLimit(0.5);
    const standardShare: number[] = [];
    // One 1,000-token call a second (60K a minute) for 20 minutes, then two a second.
    for (let minute = 0; minute < 40; minute++) {
      let downgraded = 0;
      let total = 0;
      const perSecond = minute < 20 ? 1 : 2;
      for (let s = 0; s < 60; s++) {
        for (let k = 0; k < perSecond; k++) {
          total += 1000;
          if (!ramp.admit(minute * 60 + s + k / perSecond, 1000)) downgraded += 1000;
        }
      }
      standardShare.push(downgraded / total);
    }
    expect(standardShare.slice(0, 20).every((x) => x === 0)).toBe(true);
    // 2X offered, 1.5X served as priority: a quarter as standard for the 15 minutes the X minutes are in the window.
    for (const x of standardShare.slice(20, 35)) expect(x).toBeCloseTo(0.25, 2);
    expect(standardShare.slice(35).every((x) => x === 0)).toBe(true);
  });

  it("times priority calls at the priority speed and moved ones at the standard speed, long prompts as standard", () => {
    const priority = latency(100);
    const standard = latency(40);
    const model = new PriorityModel(open, new RampLimit(0.5), priority, standard, 128_000);
    expect(model.admit(0, 1000, 0, 100)).toBe(200);
    expect(model.downgraded).toBe(false);
    expect(model.latency).toBe(priority);
    expect(model.admit(1, 130_000, 0, 100)).toBe(200);
    expect(model.downgraded).toBe(true);
    expect(model.latency).toBe(standard);
  });

  const priorityScenario = (processing: string, rate = "1/s") => `
name: priority
duration: 30m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 1000, processing: ${processing} }
traffic:
  - { name: w, via: a/paygo, arrival: { type: constant, rate: ${rate} }, promptTokens: 1000, completionTokens: 100, maxTokens: 100 }
`;

  it("bills priority tokens at the priority meters: gpt-4.1 Global $3.50 in, $14 out", () => {
    const r = run(priorityScenario("priority"));
    // Steady traffic never ramps: 1,800 x (1000 x $3.50 + 100 x $14) / 1M = $8.82 (standard: $5.04).
    expect(r.cost.horizon.tokens).toBeCloseTo(8.82, 6);
    expect(run(priorityScenario("standard")).cost.horizon.tokens).toBeCloseTo(5.04, 6);
  });

  it("bills calls with prompts over 128K at standard prices: the long-context rule moves them to standard", () => {
    const long = (processing: string) =>
      run(priorityScenario(processing, "0.1/s").replace("promptTokens: 1000", "promptTokens: 130000"));
    const standard = long("standard").cost.horizon.tokens;
    expect(standard).toBeGreaterThan(0);
    expect(long("priority").cost.horizon.tokens).toBeCloseTo(standard, 9);
  });

  it("bills Flex at half the standard price and refuses the knob's share with 429", () => {
    const none = run(priorityScenario("flex"), ["accounts.a.deployments.paygo.flexUnavailable=0"]);
    expect(none.cost.horizon.tokens).toBeCloseTo(2.52, 6);
    const model = new FlexModel(open, 0.2, new RandomStreams(3).stream("f"));
    let refused = 0;
    for (let i = 0; i < 10_000; i++) if (model.admit(i, 1000, 0, 100) === 429) refused++;
    expect(refused / 10_000).toBeCloseTo(0.2, 1);
    expect(model.retryAfter).toBe(0);
  });
});

describe("processing options in a scenario", () => {
  const yaml = (deployment: string) => `
name: bad
duration: 10m
accounts:
  - name: a
    region: eastus
    deployments:
      - ${deployment}
traffic:
  - { name: w, via: a/d, arrival: { type: poisson, rate: 1/s }, promptTokens: 1000, completionTokens: 100 }
`;

  function message(deployment: string): string {
    try {
      load(yaml(deployment));
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError);
      return (error as ScenarioError).problems.map((p) => p.message).join("\n");
    }
    throw new Error("expected the scenario to be invalid");
  }

  it("refuses an option on a SKU that lacks it, naming the SKUs that have it", () => {
    expect(
      message("{ name: d, model: gpt-4.1, sku: Standard, capacity: 100, processing: priority }"),
    ).toMatch(
      /Standard does not offer priority processing; it is offered on GlobalStandard and DataZoneStandard/,
    );
    expect(
      message("{ name: d, model: gpt-4.1, sku: DataZoneStandard, capacity: 100, processing: flex }"),
    ).toMatch(/offered on GlobalStandard deployments/);
  });

  it("refuses priority for a model it does not serve, and the option keys on other kinds", () => {
    expect(
      message("{ name: d, model: gpt-4o, sku: GlobalStandard, capacity: 100, processing: priority }"),
    ).toMatch(/priority processing does not serve gpt-4o/);
    expect(
      message("{ name: d, model: gpt-4.1, sku: GlobalStandard, capacity: 100, turnaround: 1h }"),
    ).toMatch(/turnaround applies to Batch deployments only/);
    expect(
      message("{ name: d, model: gpt-4.1, sku: GlobalBatch, capacity: 100, rateLimits: { tpm: 5 } }"),
    ).toMatch(/enqueued-token quota/);
  });

  it("refuses priority on an EU Data Zone deployment, and a Batch deployment behind a gateway", () => {
    // In the US zone it is offered.
    const us = load(
      yaml("{ name: d, model: gpt-4.1, sku: DataZoneStandard, capacity: 100, processing: priority }"),
    );
    expect(us.deployments[0].kind === "standard" && us.deployments[0].processing).toBe("priority");
    const eu = yaml(
      "{ name: d, model: gpt-4.1, sku: DataZoneStandard, capacity: 100, processing: priority }",
    ).replace("region: eastus", "region: swedencentral");
    expect(() => load(eu)).toThrow(/US data zone only, and swedencentral is in the EU zone/);
    const gateway = `${yaml("{ name: d, model: gpt-4.1, sku: GlobalBatch, capacity: 1000 }").replace("via: a/d", "via: apim")}
gateways:
  - { name: apim, tier: StandardV2, backends: [{ deployment: a/d }] }
`;
    expect(() => load(gateway)).toThrow(/a Batch deployment, which takes jobs, not calls through a gateway/);
  });

  it("exits 2 with the file and the path", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "spillway-")), "bad.yaml");
    writeFileSync(
      file,
      yaml("{ name: d, model: gpt-4.1, sku: Standard, capacity: 100, processing: priority }"),
    );
    const r = await cli(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml.*processing.*GlobalStandard and DataZoneStandard/s);
  });
});
