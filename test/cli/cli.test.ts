/**
 * The command line as a user meets it — exit codes, files written, messages — run in process (test/cli/run-cli.ts):
 * the whole command line but the process around it, which test/cli/binary.test.ts covers with the built binary.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cli } from "./run-cli.js";

const root = join(import.meta.dirname, "../..");
/** A path of the repository, as the tests name its scenarios and traces. */
const at = (path: string) => join(root, path);

const tmp = () => mkdtempSync(join(tmpdir(), "spillway-cli-"));

describe("spillway CLI", () => {
  it("run: prints a summary, writes report.json, summary.md and run.json, exits 0 when SLOs pass", async () => {
    const out = tmp();
    // Rendering the page and charts is the next test's business.
    const r = await cli([
      "run",
      at("scenarios/ptu-native-spillover.yaml"),
      "--out",
      out,
      "--format",
      "json,md",
    ]);
    // Before simulating, the run states its size (stderr: stdout is the summary).
    expect(r.stderr).toMatch(/^ptu-native-spillover: simulating about [\d,]+ requests \(under a second\)\n$/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/caller 429 rate/);
    expect(r.stdout).toMatch(/monthly cost/);
    expect(r.stdout).toMatch(/SLO pass/);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.scenario.name).toBe("ptu-native-spillover");
    expect(readFileSync(join(out, "summary.md"), "utf8")).toMatch(/^# ptu-native-spillover/);
    const facts = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
    expect(facts.events).toBeGreaterThan(0);
    // The CLI writes what the library computes (the golden test pins the library).
    expect(readFileSync(join(out, "report.json"), "utf8")).toBe(
      readFileSync(join(root, "test/golden/ptu-native-spillover.report.json"), "utf8"),
    );
  });

  it("run --format json writes only report.json; --seed and --set change the run", async () => {
    const out = tmp();
    const r = await cli([
      "run",
      at("scenarios/ptu-only.yaml"),
      "--out",
      out,
      "--format",
      "json",
      "--seed",
      "99",
      "--set",
      "accounts.aoai-eastus.deployments.gpt41-ptu.capacity=150",
    ]);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, "summary.md"))).toBe(false);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.seed).toBe(99);
    expect(report.deployments["aoai-eastus/gpt41-ptu"].capacity).toBe(150);
  });

  it("run exits 1 when an SLO fails", async () => {
    const out = tmp();
    const r = await cli([
      "run",
      at("scenarios/ptu-only.yaml"),
      "--out",
      out,
      "--set",
      "traffic.chat.arrival.rate=6/s",
      "--format",
      "json",
      "--quiet",
    ]);
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.slo.some((s: { passed: boolean }) => !s.passed)).toBe(true);
  });

  it("invalid scenario: exit 2, every problem with file and line, no stack trace", async () => {
    const dir = tmp();
    const file = join(dir, "bad.yaml");
    writeFileSync(
      file,
      "name: bad\nduration: 10m\naccounts:\n  - name: a\n    region: eastus\n    deployments:\n      - { name: p, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 17, colour: red }\ntraffic:\n  - { name: w, via: a/q, arrival: { type: poisson, rate: 1/s }, promptTokens: 10, completionTokens: 10 }\n",
    );
    for (const command of ["run", "validate"]) {
      const r = await cli([command, file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${file}: line 7: accounts[0].deployments[0].colour: unknown key "colour"`);
      expect(r.stderr).toMatch(/unknown key "colour"/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    // Structure is checked first; once it is sound, every reference and sizing problem is reported together.
    writeFileSync(file, readFileSync(file, "utf8").replace(", colour: red", ""));
    const r = await cli(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/2 problems/);
    expect(r.stderr).toMatch(/line 7: accounts\[0\]\.deployments\[0\]\.capacity: 17 PTU is not deployable/);
    expect(r.stderr).toMatch(
      /line 9: traffic\[0\]\.via: "a\/q" is neither a gateway nor an account\/deployment/,
    );
  });

  it("missing file, unknown option, bad --format and bad SLO path: exit 2 with a message", async () => {
    const missing = await cli(["run", "nope.yaml"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("spillway: nope.yaml: cannot read the scenario: no such file or folder\n");
    expect((await cli(["run", at("scenarios/ptu-only.yaml"), "--colour"])).code).toBe(2);
    const format = await cli(["run", at("scenarios/ptu-only.yaml"), "--format", "pdf"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/choose from json,md/);
    const slo = await cli([
      "run",
      at("scenarios/ptu-only.yaml"),
      "--out",
      tmp(),
      "--set",
      'slo=["latency.e2e.p96 < 1s"]',
    ]);
    expect(slo.code).toBe(2);
    expect(slo.stderr).toMatch(
      /slo\[0\]: "latency\.e2e\.p96" is not a report metric; did you mean "latency\.e2e\.p\d+"\?/,
    );
  });

  it("validate accepts every example; schema prints the JSON Schema committed in schema/", async () => {
    const files = readdirSync(join(root, "scenarios"))
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => at(`scenarios/${f}`));
    const v = await cli(["validate", ...files]);
    expect(v.code).toBe(0);
    expect(v.stdout.match(/^ok /gm)).toHaveLength(files.length);
    const s = await cli(["schema"]);
    expect(s.code).toBe(0);
    const schema = JSON.parse(s.stdout);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(["name", "duration", "accounts", "traffic", "gateways", "slo"]),
    );
    expect(s.stdout).toBe(readFileSync(join(root, "schema/scenario.schema.json"), "utf8"));
  });
});

describe("spillway trace", () => {
  const conv = at("scenarios/traces/azure-llm-2023-conv.csv");

  it("trace stats --json gives rows, duration and token sums of the conversation trace", async () => {
    const r = await cli(["trace", "stats", conv, "--json", "--model", "gpt-4o"]);
    expect(r.code).toBe(0);
    const stats = JSON.parse(r.stdout);
    expect(stats.rows).toBe(19366);
    expect(stats.durationSeconds).toBeGreaterThan(3400);
    expect(stats.durationSeconds).toBeLessThan(3600);
    expect(stats.promptTokens.sum).toBe(22361870);
    expect(stats.completionTokens.sum).toBe(4088665);
    expect(stats.ratePerMinute.peak).toBeGreaterThan(stats.ratePerMinute.mean);
    // The sizing formula at the peak minute needs more PTUs than at the mean.
    expect(stats.ptu.atPeakMinute.ptu).toBeGreaterThan(stats.ptu.atMean.ptu);
    expect(stats.ptu.atMean.ptu % 5).toBe(0);
  });

  it("trace fit prints a traffic block that validates once `via` is set", async () => {
    const r = await cli(["trace", "fit", conv, "--step", "5m"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Fitted by spillway trace fit/);
    const dir = tmp();
    const scenario = join(dir, "fitted.yaml");
    const [workload] = parse(r.stdout) as Record<string, unknown>[];
    writeFileSync(
      scenario,
      `name: fitted\nduration: 1h\naccounts: [{ name: a, region: eastus, deployments: [{ name: p, model: gpt-4o, sku: GlobalStandard, capacity: 1000 }] }]\ntraffic: [${JSON.stringify({ ...workload, via: "a/p" })}]\n`,
    );
    const v = await cli(["validate", scenario]);
    expect(v.stderr).toBe("");
    expect(v.code).toBe(0);
  });

  it("a bad trace row stops the run with exit 2 naming the file and the line", async () => {
    const dir = tmp();
    const scenario = join(dir, "bad.yaml");
    writeFileSync(
      scenario,
      `name: bad\nduration: 1h\naccounts: [{ name: a, region: eastus, deployments: [{ name: p, model: gpt-4o, sku: GlobalStandard, capacity: 1000 }] }]\ntraffic:\n  - { name: w, via: a/p, arrival: { type: trace, file: ${at("test/workload/fixtures/bad-number.csv")}, format: azure-llm } }\n`,
    );
    const r = await cli(["run", scenario, "--out", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-number\.csv: line 3: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const missing = await cli(["trace", "stats", join(dir, "nope.csv")]);
    expect(missing.code).toBe(2);
  });
});

describe("spillway outputs and report", () => {
  it("run writes json, md, html and png by default; csv and requests.csv on request", async () => {
    const out = tmp();
    const r = await cli(["run", at("scenarios/ptu-only.yaml"), "--out", out, "--quiet"]);
    expect(r.code).toBe(0);
    for (const f of [
      "report.json",
      "summary.md",
      "report.html",
      "charts/traffic.png",
      "charts/utilization.png",
      "charts/throttling.png",
      "charts/latency.png",
      "charts/cost.png",
    ]) {
      expect(existsSync(join(out, f))).toBe(true);
    }
    expect(existsSync(join(out, "timeseries.csv"))).toBe(false);
    const md = readFileSync(join(out, "summary.md"), "utf8");
    expect(md).toContain("![Utilization per deployment](charts/utilization.png)");
    const csvOut = tmp();
    const c = await cli([
      "run",
      at("scenarios/ptu-only.yaml"),
      "--out",
      csvOut,
      "--format",
      "json,csv",
      "--requests-log",
      "--quiet",
    ]);
    expect(c.code).toBe(0);
    const report = JSON.parse(readFileSync(join(csvOut, "report.json"), "utf8"));
    const requests = readFileSync(join(csvOut, "requests.csv"), "utf8").trimEnd().split("\r\n");
    expect(requests[0]).toBe(
      "id,workload,arrival_ms,outcome,status,e2e_ms,ttft_ms,attempts,served_by,spillover,prompt_tokens,cached_prompt_tokens,completion_tokens",
    );
    expect(requests.length - 1).toBe(report.requests.arrived);
    expect(readFileSync(join(csvOut, "timeseries.csv"), "utf8").split("\r\n")[0]).toMatch(/^t_ms,arrivals,/);
  });

  it("report re-renders from report.json alone, byte-identical to what run wrote", async () => {
    const out = tmp();
    await cli(["run", at("scenarios/apim-priority-pool.yaml"), "--out", out, "--quiet"]);
    const again = tmp();
    const r = await cli(["report", join(out, "report.json"), "--out", again, "--format", "md,html,png,csv"]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(again, "summary.md"), "utf8")).toBe(
      readFileSync(join(out, "summary.md"), "utf8"),
    );
    expect(readFileSync(join(again, "report.html"), "utf8")).toBe(
      readFileSync(join(out, "report.html"), "utf8"),
    );
    expect(
      readFileSync(join(again, "charts/cost.png")).equals(readFileSync(join(out, "charts/cost.png"))),
    ).toBe(true);
    expect(existsSync(join(again, "timeseries.csv"))).toBe(true);
  });

  it("report refuses a file that is not a report.json, with exit 2", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "x.json"), '{"hello": 1}');
    const r = await cli(["report", join(dir, "x.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/schemaVersion is undefined/);
    writeFileSync(join(dir, "y.json"), "not json");
    expect((await cli(["report", join(dir, "y.json")])).stderr).toMatch(/not JSON/);
  });
});

describe("trace --tag and looped bad rows", () => {
  it("trace stats --tag keeps one deployment's rows of an APIM log export", async () => {
    const fixture = at("test/workload/fixtures/apim-llm-log.csv");
    const all = JSON.parse(
      (await cli(["trace", "stats", fixture, "--format", "apim-llm-log", "--json"])).stdout,
    );
    const chat = JSON.parse(
      (await cli(["trace", "stats", fixture, "--format", "apim-llm-log", "--json", "--tag", "chat"])).stdout,
    );
    expect(chat.rows).toBeGreaterThan(0);
    expect(chat.rows).toBeLessThan(all.rows);
    const none = await cli(["trace", "stats", fixture, "--format", "apim-llm-log", "--tag", "nope"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no row has tag "nope"/);
  });
});
