/**
 * Region names: every place a scenario names a region takes only an Azure region's ARM name, and anything else is
 * one line with its path and the region meant (exit 2); the network-default warning names the pairs the published
 * table lacks.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SpillwayError } from "../../src/errors.js";
import { loadScenario } from "../../src/scenario/load.js";
import { regionProblem } from "../../src/scenario/schema.js";
import { cli } from "../cli/run-cli.js";

const root = join(import.meta.dirname, "../..");

/** APIM Premium in two regions, callers in a third, an outage of each kind: every field that names a region. */
function scenario(
  r: Partial<Record<"account" | "gateway" | "caller" | "outage" | "gatewayOutage", string>> = {},
) {
  return `name: regions
duration: 5m
accounts:
  - name: east
    region: ${r.account ?? "eastus"}
    deployments: [{ name: d, model: gpt-4.1, sku: GlobalStandard, capacity: 100 }]
  - name: west
    region: westeurope
    deployments: [{ name: d, model: gpt-4.1, sku: GlobalStandard, capacity: 100 }]
gateways:
  - name: apim
    tier: Premium
    regions: [eastus, ${r.gateway ?? "westeurope"}]
    backends: [{ deployment: east/d }, { deployment: west/d }]
outages:
  - { region: ${r.outage ?? "eastus"}, start: 1m, duration: 1m }
  - { gateway: apim, region: ${r.gatewayOutage ?? "westeurope"}, start: 3m, duration: 1m }
traffic:
  - name: chat
    region: ${r.caller ?? "eastus2"}
    via: apim
    arrival: { type: constant, rate: 1/s }
    promptTokens: 100
    completionTokens: 10
    maxTokens: 50
`;
}

/** The one-line message of a scenario that fails to load, or "ok". */
function problemsOf(yaml: string): string {
  try {
    loadScenario(yaml, "s.yaml");
    return "ok";
  } catch (error) {
    if (!(error instanceof SpillwayError)) throw error;
    expect(error.exitCode).toBe(2);
    return error.message;
  }
}

describe("region names", () => {
  it("accepts ARM names everywhere a region appears", () => {
    expect(problemsOf(scenario())).toBe("ok");
  });

  it("refuses an unknown region in each place, naming the path and the nearest region", () => {
    const cases: [Parameters<typeof scenario>[0], string][] = [
      [
        { account: "eastus22" },
        'line 5: accounts[0].region: unknown Azure region "eastus22"; did you mean "eastus2"?',
      ],
      [
        { gateway: "swedencentrl" },
        'line 13: gateways[0].regions[1]: unknown Azure region "swedencentrl"; did you mean "swedencentral"?',
      ],
      [
        { outage: "westeurpe" },
        'line 16: outages[0].region: unknown Azure region "westeurpe"; did you mean "westeurope"?',
      ],
      [
        { gatewayOutage: "westeurop" },
        'line 17: outages[1].region: unknown Azure region "westeurop"; did you mean "westeurope"?',
      ],
      [
        { caller: "eastus3" },
        'line 20: traffic[0].region: unknown Azure region "eastus3"; did you mean "eastus"?',
      ],
    ];
    for (const [change, message] of cases) expect(problemsOf(scenario(change))).toBe(`s.yaml: ${message}`);
  });

  it("shows a display name or another spelling of a known region its ARM name", () => {
    expect(problemsOf(scenario({ account: '"East US"' }))).toBe(
      's.yaml: line 5: accounts[0].region: a region is written as ARM names it: "eastus", not "East US"',
    );
    expect(regionProblem("west us 2")).toBe(
      'a region is written as ARM names it: "westus2", not "west us 2"',
    );
    expect(regionProblem("EastUS")).toBe('a region is written as ARM names it: "eastus", not "EastUS"');
    expect(regionProblem("sweden-central")).toBe(
      'a region is written as ARM names it: "swedencentral", not "sweden-central"',
    );
    expect(regionProblem("Sweden Centrl")).toBe(
      'unknown Azure region "Sweden Centrl"; did you mean "swedencentral"?',
    );
  });

  it("says where to find the name when nothing is near, and never takes an object-internals key for a region", () => {
    const hint =
      'write a region\'s ARM name, as `az account list-locations -o table` lists it (e.g. "eastus", "swedencentral")';
    expect(regionProblem("mars")).toBe(`unknown Azure region "mars": ${hint}`);
    for (const key of ["__proto__", "constructor", "prototype", "toString"]) {
      expect(problemsOf(scenario({ account: key }))).toBe(
        `s.yaml: line 5: accounts[0].region: unknown Azure region "${key}": ${hint}`,
      );
    }
    // A hostile value is quoted short and printable.
    expect(regionProblem(`x\u001b[2J${"y".repeat(500)}`)).toMatch(
      /^unknown Azure region "x\\u001b\[2Jy+… \(\d+ characters\): /,
    );
  });

  it("checks both regions of a network.latency.pairs key, and refuses a pair of one region or the same pair twice", () => {
    const withPairs = (pairs: string) => `${scenario()}network: { latency: { pairs: { ${pairs} } } }\n`;
    expect(problemsOf(withPairs('"eastus~westeurope": 85ms'))).toBe("ok");
    expect(problemsOf(withPairs('"eastus~westeurpe": 85ms'))).toBe(
      's.yaml: line 26: network.latency.pairs.eastus~westeurpe: unknown Azure region "westeurpe"; did you mean "westeurope"?',
    );
    expect(problemsOf(withPairs('"East US~westeurope": 85ms'))).toMatch(
      /pairs\.East US~westeurope: a region is written as ARM names it: "eastus", not "East US"$/,
    );
    expect(problemsOf(withPairs('"eastus-westeurope": 85ms'))).toMatch(
      /pairs\.eastus-westeurope: a pair is written "regionA~regionB", e.g. "eastus~westeurope"$/,
    );
    expect(problemsOf(withPairs('"eastus~eastus": 1ms'))).toMatch(
      /pairs\.eastus~eastus: a pair of one region: set network\.latency\.sameRegion for round trips within eastus$/,
    );
    expect(problemsOf(withPairs('"eastus~westeurope": 85ms, "westeurope~eastus": 90ms'))).toMatch(
      /pairs\.westeurope~eastus: the same pair as "eastus~westeurope": keep one of the two$/,
    );
  });

  it("spillway validate: an unknown region is exit 2 with one line naming the file, path and region meant", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "spillway-regions-")), "s.yaml");
    writeFileSync(path, scenario({ account: "eastus22" }));
    const r = await cli(["validate", path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^spillway: [^\n]*s\.yaml: line 5: accounts\[0\]\.region: unknown Azure region "eastus22"; did you mean "eastus2"\?\n$/,
    );
  });

  it("every shipped example and regression scenario still validates", () => {
    for (const dir of ["scenarios", "scenarios/regression"]) {
      for (const file of readdirSync(join(root, dir)).filter((f) => f.endsWith(".yaml"))) {
        const text = readFileSync(join(root, dir, file), "utf8");
        expect(() => loadScenario(text, join(root, dir, file)), `${dir}/${file}`).not.toThrow();
      }
    }
  });
});

describe("network-default", () => {
  const codes = (yaml: string) =>
    loadScenario(yaml, "s.yaml").warnings.filter((w) => w.code === "network-default");

  it("names a pair the published table lacks, and is quiet for a published or stated pair", () => {
    // Chile Central is a region (regions-list [S60]) the latency statistics [S61] do not cover yet.
    const far = scenario({ caller: "chilecentral" });
    expect(codes(far).map((w) => w.message)).toEqual([
      "no round trip is known between chilecentral and eastus: the assumed inter-region default (80 ms) applies; " +
        'set network.latency.pairs "chilecentral~eastus" (or network.latency.interRegion)',
      "no round trip is known between chilecentral and westeurope: the assumed inter-region default (80 ms) applies; " +
        'set network.latency.pairs "chilecentral~westeurope" (or network.latency.interRegion)',
    ]);
    const stated = `${far}network: { latency: { pairs: { "eastus~chilecentral": 120ms, "westeurope~chilecentral": 190ms } } }\n`;
    expect(codes(stated)).toEqual([]);
    // eastus2 -> eastus and westeurope, eastus <-> westeurope: all published.
    expect(codes(scenario())).toEqual([]);
  });
});
