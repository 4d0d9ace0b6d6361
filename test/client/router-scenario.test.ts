/**
 * `routers:` and `via: <router>` end to end: PTU-first routing through the simulator, and the bad inputs that must
 * exit 2 with one line.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScenario } from "../../src/run/run-scenario.js";
import { loadScenario } from "../../src/scenario/load.js";
import { cli } from "../cli/run-cli.js";

/** A PTU (order 1) and a pay-as-you-go deployment (order 2) behind a router; `ptu` PTUs, `router` extra lines. */
function scenario(ptu: number, rate: string, router = "", traffic = "via: app-router"): string {
  return `
name: router-case
seed: 5
duration: 10m
accounts:
  - name: east
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4o, sku: GlobalProvisionedManaged, capacity: ${ptu} }
      - { name: paygo, model: gpt-4o, sku: GlobalStandard, capacity: 2000 }
routers:
  - name: app-router
    deployments:
      - { deployment: east/ptu, order: 1 }
      - { deployment: east/paygo, order: 2 }
${router}
traffic:
  - name: chat
    ${traffic}
    arrival: { type: poisson, rate: ${rate} }
    promptTokens: 1000
    completionTokens: 100
    maxTokens: 200
`;
}

/** Runs a scenario text and returns its report. */
function run(text: string) {
  return runScenario(loadScenario(text, "router-case.yaml")).report;
}

describe("PTU-first routing through the simulator", () => {
  it("sends everything to the order-1 PTU when it has ample capacity: pay-as-you-go serves nothing", () => {
    // 1/s x 1,100 tokens (output weighted x4: 1,400) = 84,000 per minute, far under 500 PTU x 2,500.
    const r = run(scenario(500, "1/s"));
    expect(r.deployments["east/paygo"].served).toBe(0);
    expect(r.deployments["east/ptu"].served).toBe(r.requests.succeeded);
    expect(r.spillover.requests).toBe(0);
  });

  it("moves the PTU's overflow to pay-as-you-go with no caller 429 when pay-as-you-go has room", () => {
    // 15 PTU (37,500 input TPM) against ~10/s x 1,400 weighted = 840,000 per minute: most requests spill.
    const r = run(scenario(15, "10/s"));
    expect(r.throttle.client.rate).toBe(0);
    expect(r.deployments["east/ptu"].throttled).toBeGreaterThan(0);
    expect(r.deployments["east/paygo"].served).toBeGreaterThan(r.deployments["east/ptu"].served);
    expect(r.spillover.requests).toBe(r.deployments["east/paygo"].served);
  });

  it("lets callers see 429s when allowedFails keeps the PTU in rotation: the retries re-pick the order-1 PTU", () => {
    // With allowedFails 5 the PTU stays a candidate for 5 more 429s, and order 1 always wins the pick, so an
    // attempt and both of its retries can all land on the throttled PTU.
    const r = run(scenario(15, "10/s", "    allowedFails: 5"));
    expect(r.throttle.client.rate).toBeGreaterThan(0.01);
  });
});

/** Runs `spillway validate` on `text`; returns the exit code and stderr. */
async function validate(text: string) {
  const dir = mkdtempSync(join(tmpdir(), "spillway-router-"));
  const file = join(dir, "bad.yaml");
  writeFileSync(file, text);
  return cli(["validate", file]);
}

describe("bad router inputs exit 2 with one line", () => {
  it("names an unknown deployment in a router, with the near miss", async () => {
    const { code, stderr } = await validate(
      scenario(50, "1/s").replace("deployment: east/paygo,", "deployment: east/paygoo,"),
    );
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(
      /routers\[0\]\.deployments\[1\]\.deployment.*"east\/paygoo" is not a deployment.*did you mean "east\/paygo"/,
    );
  });

  it("refuses a Batch deployment in a router: Batch takes jobs, not routed calls", async () => {
    const text = scenario(50, "1/s")
      .replace(
        "      - { name: paygo, model: gpt-4o, sku: GlobalStandard, capacity: 2000 }",
        "      - { name: paygo, model: gpt-4o, sku: GlobalStandard, capacity: 2000 }\n      - { name: batch, model: gpt-4o, sku: GlobalBatch, capacity: 10000 }",
      )
      .replace(
        "      - { deployment: east/paygo, order: 2 }",
        "      - { deployment: east/paygo, order: 2 }\n      - { deployment: east/batch, order: 3 }",
      );
    const { code, stderr } = await validate(text);
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/routers\[0\]\.deployments\[2\]\.deployment.*"east\/batch" is a Batch deployment/);
  });

  it("refuses a router named like a gateway", async () => {
    const text = scenario(50, "1/s").replace(
      "routers:",
      "gateways:\n  - { name: app-router, tier: Standard, backends: [{ deployment: east/ptu }] }\nrouters:",
    );
    const { code, stderr } = await validate(text);
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/routers\[0\]\.name.*has the name of a gateway/);
  });

  it("suggests the router a mistyped via means", async () => {
    const { code, stderr } = await validate(scenario(50, "1/s", "", "via: app-routr"));
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/traffic\[0\]\.via.*"app-routr".*did you mean "app-router"/);
  });

  it("refuses an unknown strategy, listing LiteLLM's names", async () => {
    const { code, stderr } = await validate(scenario(50, "1/s", "    strategy: fastest"));
    expect(code).toBe(2);
    expect(stderr).toMatch(/simple-shuffle.*least-busy.*usage-based.*latency-based/);
  });
});
