/**
 * Hostile inputs for the renderer tests, made from real reports (the golden report.json files): one whose every
 * string, map key and seed carries a payload, as a report.json handed to `spillway report` by a pull request could,
 * and one with thousands of deployments.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Report } from "../../src/report/report-types.js";

/** Markup that runs script wherever it lands as markup, plus Markdown table and link syntax. */
export const MARKUP =
  `<img src=x onerror="window.__pwned=1;alert(1)"><script>window.__pwned=2;alert(2)</script>` +
  `<svg onload="window.__pwned=3"> | [click](http://evil.example) \`x\``;

/** Terminal escapes: an OSC 8 hyperlink (BEL-terminated), clear-screen, a C1 CSI, a bidi override, a line break. */
export const ESCAPES = "\x1b]8;;http://evil.example\x07click\x1b]8;;\x07\x1b[2J\x9b31m\u202e\r\nforged line";

/** Control characters no text output may carry raw (C0 but tab, LF and CR; DEL; C1; bidi overrides). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
export const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** The example scenarios that have golden files (test/golden/NAME.report.json and NAME.summary.md). */
export function goldenNames(): string[] {
  return readdirSync(join(import.meta.dirname, "../golden"))
    .filter((f) => f.endsWith(".report.json"))
    .map((f) => f.replace(/\.report\.json$/, ""));
}

/** A golden report.json of the example scenarios. */
export function goldenReport(name = "multi-region-apim"): Report {
  return JSON.parse(
    readFileSync(join(import.meta.dirname, "../golden", `${name}.report.json`), "utf8"),
  ) as Report;
}

/**
 * The report with `payload` appended to every string value and every map key (deployments, gateways, regions,
 * backends, cost and time-series keys, kept consistent so the renderers still join them), a seed that is the payload
 * itself, and one more warning that is the payload.
 */
export function poisoned(report: Report, payload: string): Report {
  const bad = (s: string) => `${s}${payload}`;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return bad(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const rekey = <T>(o: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [bad(k), v]));
  const r = walk(report) as Report;
  r.deployments = rekey(r.deployments);
  for (const g of Object.values(r.gateways)) {
    g.circuitBreakerTrips = rekey(g.circuitBreakerTrips);
    for (const region of Object.values(g.regions))
      region.circuitBreakerTrips = rekey(region.circuitBreakerTrips);
    g.regions = rekey(g.regions);
  }
  r.gateways = rekey(r.gateways);
  r.cost.byDeployment = rekey(r.cost.byDeployment);
  r.cost.billing = rekey(r.cost.billing);
  const ts = r.timeseries;
  ts.served = rekey(ts.served);
  ts.utilization = rekey(ts.utilization);
  ts.regions = rekey(ts.regions);
  ts.gatewayRegions = rekey(ts.gatewayRegions);
  ts.bucketLevel = rekey(ts.bucketLevel);
  // A string where a number belongs: the fuzz campaign's first finding.
  (r as unknown as { seed: unknown }).seed = payload;
  r.warnings.push({ code: payload, message: payload });
  return r;
}

/**
 * ptu-only's report with its one deployment copied `n` times (`account-I/deployment`), each serving a different share
 * of the traffic: weights repeat (ties) and the heaviest deployments sit in the middle, not at the start.
 */
export function manyDeployments(n: number): Report {
  const base = goldenReport("ptu-only");
  const [id0] = Object.keys(base.deployments);
  const r = structuredClone(base);
  r.deployments = {};
  r.cost.byDeployment = {};
  r.cost.billing = {};
  r.timeseries.served = {};
  r.timeseries.utilization = {};
  r.timeseries.bucketLevel = {};
  for (let i = 0; i < n; i++) {
    const id = `account-${i}/deployment`;
    const weight = ((i * 37) % 500) / 500;
    r.deployments[id] = base.deployments[id0];
    r.cost.byDeployment[id] = base.cost.byDeployment[id0];
    r.cost.billing[id] = base.cost.billing[id0];
    r.timeseries.served[id] = base.timeseries.served[id0].map((v) => Math.round(v * weight));
    r.timeseries.utilization[id] = base.timeseries.utilization[id0].map((u) => u * weight);
    r.timeseries.bucketLevel[id] = base.timeseries.bucketLevel[id0].map((u) => u * weight);
  }
  return r;
}
