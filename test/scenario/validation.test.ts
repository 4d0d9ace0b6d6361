/** Invalid scenarios: every problem at once, with path and line, and a message that says what to change. */
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/load.js";
import { ScenarioError } from "../../src/scenario/problems.js";
import { load } from "../helpers.js";

const VALID = `name: ok
duration: 10m
accounts:
  - name: aoai
    region: eastus
    deployments:
      - name: ptu
        model: gpt-4.1
        sku: GlobalProvisionedManaged
        capacity: 100
        spilloverDeploymentName: paygo
      - name: paygo
        model: gpt-4.1
        sku: GlobalStandard
        capacity: 450
traffic:
  - name: chat
    via: aoai/ptu
    arrival: { type: poisson, rate: 5/s }
    promptTokens: 1000
    completionTokens: 100
`;

function problems(yaml: string, sets: string[] = []) {
  try {
    loadScenario(yaml, "s.yaml", { sets });
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).problems;
  }
  throw new Error("expected the scenario to be invalid");
}

describe("scenario validation", () => {
  it("accepts the valid scenario and fills defaults", () => {
    const s = load(VALID);
    expect(s.seed).toBe(1);
    expect(s.warmup).toBe(0);
    expect(s.duration).toBe(600);
    expect(s.workloads[0].maxTokens).toBe(4096);
    expect(s.workloads[0].client).toEqual({
      maxRetries: 2,
      honorRetryAfter: true,
      backoff: { initial: 0.5, max: 8 },
      timeout: 600,
    });
    expect(s.deployments[0]).toMatchObject({
      kind: "provisioned",
      bucket: { window: 60, burst: 0 },
      spilloverTo: "aoai/paygo",
    });
    // gpt-4.1 Global Standard: 1 RPM per 1K TPM.
    expect(s.deployments[1]).toMatchObject({
      kind: "standard",
      limits: { tpm: 450_000, rpm: 450, rpmWindow: 10 },
    });
  });

  it("rejects an unknown key with its path and line", () => {
    const p = problems(VALID.replace("capacity: 100", "capacty: 100"));
    expect(p).toContainEqual(
      expect.objectContaining({ path: "accounts[0].deployments[0].capacty", line: 10 }),
    );
    expect(p.find((x) => x.path.endsWith("capacty"))?.message).toMatch(/unknown key "capacty"/);
    // The missing capacity is reported in the same pass.
    expect(
      p.some((x) => x.path === "accounts[0].deployments[0].capacity" && /required/.test(x.message)),
    ).toBe(true);
  });

  it("rejects provisioned capacity off the SKU's minimum and increment, suggesting valid sizes", () => {
    const p = problems(VALID.replace("capacity: 100", "capacity: 102"));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ path: "accounts[0].deployments[0].capacity", line: 10 });
    expect(p[0].message).toMatch(/multiple of 5.*try 100 or 105/);
    expect(problems(VALID.replace("capacity: 100", "capacity: 10"))[0].message).toMatch(/minimum is 15/);
  });

  it("rejects dangling references: spillover target, pool member, via, model", () => {
    const yaml = `${VALID.replace("spilloverDeploymentName: paygo", "spilloverDeploymentName: nope").replace("via: aoai/ptu", "via: aoai/missing").replace("model: gpt-4.1\n        sku: GlobalStandard", "model: gpt-9\n        sku: GlobalStandard")}gateways:
  - name: apim
    tier: Standard
    backends: [{ deployment: acct/missing }]
`;
    const p = problems(yaml);
    const paths = p.map((x) => x.path);
    expect(paths).toContain("accounts[0].deployments[0].spilloverDeploymentName");
    expect(paths).toContain("accounts[0].deployments[1].model");
    expect(paths).toContain("traffic[0].via");
    expect(paths).toContain("gateways[0].backends[0].deployment");
    expect(p.find((x) => x.path === "gateways[0].backends[0].deployment")?.message).toMatch(
      /"acct\/missing"/,
    );
    expect(p.every((x) => typeof x.line === "number")).toBe(true);
  });

  it("rejects spillover to a deployment of another data-processing level or model", () => {
    const p = problems(VALID.replace("sku: GlobalStandard", "sku: DataZoneStandard"));
    expect(p[0].message).toMatch(/needs a GlobalStandard deployment/);
    const m = problems(
      VALID.replace(
        "model: gpt-4.1\n        sku: GlobalStandard",
        "model: gpt-4o\n        sku: GlobalStandard",
      ),
    );
    expect(m[0].message).toMatch(/"aoai\/paygo" runs gpt-4o; spillover needs the same model \(gpt-4.1\)/);
  });

  it("quotes an enum value it does not know", () => {
    const p = problems(VALID.replace("sku: GlobalStandard", "sku: PayAsYouGo"));
    expect(p[0].message).toMatch(/"PayAsYouGo" is not allowed: use one of/);
  });

  it("rejects negative durations and rates, and nonsense units, quoting the value", () => {
    const p = problems(VALID.replace("duration: 10m", "duration: -5m").replace("rate: 5/s", "rate: -3/s"));
    expect(p.find((x) => x.path === "duration")?.message).toMatch(/"-5m" must be a positive duration/);
    expect(p.find((x) => x.path === "traffic[0].arrival.rate")?.message).toMatch(
      /"-3\/s" must be a positive rate/,
    );
    const units = problems(VALID.replace("duration: 10m", "duration: 10 fortnights"));
    expect(units[0].message).toMatch(/not a duration/);
  });

  it("reports broken YAML with its line", () => {
    const p = problems("name: x\naccounts:\n  - name: a\n   region: eastus\n");
    expect(p[0].line).toBeGreaterThan(0);
    expect(p[0].message).toMatch(/invalid YAML/);
  });

  it("rejects an unknown arrival type naming the known ones", () => {
    const p = problems(VALID.replace("type: poisson", "type: gaussian"));
    expect(p[0].message).toMatch(/"gaussian".*"constant", "poisson", "diurnal", "bursty"/);
  });

  it("rejects standard-only and provisioned-only keys on the wrong SKU", () => {
    const p = problems(VALID.replace("capacity: 450", "capacity: 450\n        billing: hourly"));
    expect(p[0].message).toMatch(/billing applies to provisioned deployments only/);
  });

  it("rejects an SLO without an operator", () => {
    const p = problems(`${VALID}slo: ["latency.e2e.p95 8s"]\n`);
    expect(p[0]).toMatchObject({ path: "slo[0]", line: 22 });
  });
});

describe("--set overrides", () => {
  it("addresses lists by name and parses values as YAML", () => {
    const s = load(VALID, [
      "accounts.aoai.deployments.ptu.capacity=150",
      "traffic.chat.arrival.rate=30/s",
      "seed=9",
    ]);
    expect(s.deployments[0].capacity).toBe(150);
    expect(s.workloads[0].arrival).toEqual({ type: "poisson", rate: 30 });
    expect(s.seed).toBe(9);
  });

  it("validates the overridden value like the file's own", () => {
    const p = problems(VALID, ["accounts.aoai.deployments.ptu.capacity=101"]);
    expect(p[0].message).toMatch(/multiple of 5/);
  });

  it("names the entries it knows when a name does not match", () => {
    const p = problems(VALID, ["traffic.nope.maxTokens=10"]);
    expect(p[0].message).toMatch(/no entry "nope".*known: chat/);
  });
});

describe("typo suggestions", () => {
  it("names the key an unknown key was probably meant to be", () => {
    const p = problems(VALID.replace("arrival:", "arival:").replace("capacity: 450", "capcity: 450"));
    expect(p.find((x) => x.path === "traffic[0].arival")?.message).toBe(
      'unknown key "arival" — did you mean "arrival"?',
    );
    expect(p.find((x) => x.path === "accounts[0].deployments[1].capcity")?.message).toMatch(
      /did you mean "capacity"/,
    );
  });

  it("says a key valid elsewhere is misplaced instead of suggesting the same name", () => {
    // `seed:` is a top-level key; written inside a workload it is in the wrong entry, not misspelt.
    const p = problems(VALID.replace("arrival:", "seed: 3\n    arrival:"));
    expect(p.find((x) => x.path === "traffic[0].seed")?.message).toBe(
      'unknown key "seed" here — it belongs to another entry; check its indentation',
    );
  });

  it("does not guess when nothing is close", () => {
    const p = problems(VALID.replace("capacity: 450", "capacity: 450\n        colour: red"));
    expect(p[0].message).toBe('unknown key "colour" — remove it or check its spelling');
  });
});

describe("rpmWindow", () => {
  it("accepts any duration form of 1 s or 10 s and rejects other windows", () => {
    expect(
      load(VALID.replace("capacity: 450", "capacity: 450\n        rateLimits: { rpmWindow: PT1S }"))
        .deployments[1],
    ).toMatchObject({ limits: { rpmWindow: 1 } });
    const p = problems(
      VALID.replace("capacity: 450", "capacity: 450\n        rateLimits: { rpmWindow: 5s }"),
    );
    expect(p[0].message).toMatch(/1 s or 10 s windows/);
  });
});
