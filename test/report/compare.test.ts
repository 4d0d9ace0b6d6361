import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { compareCommand, compareLabels } from "../../src/cli/compare-command.js";
import { InputError } from "../../src/cli/io.js";
import { metricAt } from "../../src/metrics/metric-registry.js";
import {
  buildComparison,
  type Comparison,
  renderComparisonHtml,
  renderComparisonMarkdown,
} from "../../src/report/compare.js";
import { parseReport } from "../../src/report/report-schema.js";
import type { Report } from "../../src/report/report-types.js";
import { runScenario } from "../../src/run/run-scenario.js";
import { loadScenario } from "../../src/scenario/load.js";

const root = join(import.meta.dirname, "../..");
const spillover = join(root, "scenarios/ptu-native-spillover.yaml");
const capacity = "accounts.aoai-eastus.deployments.gpt41-ptu.capacity";

function runFile(file: string, sets: string[] = []): Report {
  return runScenario(loadScenario(readFileSync(file, "utf8"), file, { sets })).report;
}

function row(c: Comparison, key: string) {
  const found = c.rows.find((r) => r.key === key);
  if (found === undefined) throw new Error(`no row ${key}`);
  return found;
}

/** The report fields each row must mirror. */
const FIELDS: Record<string, (r: Report) => number> = {
  "requests.arrived": (r) => r.requests.arrived,
  "requests.successRate": (r) => r.requests.successRate,
  "throttle.client.rate": (r) => r.throttle.client.rate,
  "spillover.requests": (r) => r.spillover.requests,
  "spillover.rate": (r) => r.spillover.rate,
  "latency.e2e.p50": (r) => r.latency.e2e.p50,
  "latency.e2e.p95": (r) => r.latency.e2e.p95,
  "latency.e2e.p99": (r) => r.latency.e2e.p99,
  "latency.e2eAll.p95": (r) => r.latency.e2eAll?.p95 ?? Number.NaN,
  "latency.ttft.p50": (r) => r.latency.ttft.p50,
  "latency.ttft.p95": (r) => r.latency.ttft.p95,
  "cost.monthly.provisioned": (r) => r.cost.monthly.provisioned,
  "cost.monthly.tokens": (r) => r.cost.monthly.tokens,
  "cost.monthly.gateway": (r) => r.cost.monthly.gateway,
  "cost.monthly.total": (r) => r.cost.monthly.total,
};

describe("buildComparison", () => {
  let ptu100: Report;
  let ptu150: Report;
  let ptuOnly: Report;
  beforeAll(() => {
    ptu100 = runFile(spillover);
    ptu150 = runFile(spillover, [`${capacity}=150`]);
    ptuOnly = runFile(join(root, "scenarios/ptu-only.yaml"));
  });

  it("has a row per metric whose values and deltas are the reports' fields and their differences", () => {
    const c = buildComparison([
      { label: "100 PTU", report: ptu100 },
      { label: "150 PTU", report: ptu150 },
      { label: "ptu-only", report: ptuOnly },
    ]);
    expect(c.rows.map((r) => r.key)).toEqual(Object.keys(FIELDS));
    for (const [key, field] of Object.entries(FIELDS)) {
      const cells = row(c, key).cells;
      const base = field(ptu100);
      expect(cells.map((x) => x.value)).toEqual([base, field(ptu150), field(ptuOnly)]);
      // The baseline column has no delta.
      expect(cells[0]).toEqual({ value: base, delta: null, relative: null, verdict: null });
      for (const [i, report] of [ptu150, ptuOnly].entries()) {
        const cell = cells[i + 1];
        expect(cell.delta).toBe(field(report) - base);
        if (base !== 0) expect(cell.relative).toBeCloseTo((field(report) - base) / base, 12);
      }
    }
    expect(c.notes).toHaveLength(1); // ptu-only runs 30 minutes, ptu-native-spillover an hour
    // The success rate is the figure compare always showed, succeeded / arrived, now read from report.json
    // (rounded to 6 decimals like every rate there).
    for (const [i, report] of [ptu100, ptu150, ptuOnly].entries()) {
      const shown = row(c, "requests.successRate").cells[i].value;
      expect(Math.abs(shown - report.requests.succeeded / report.requests.arrived)).toBeLessThanOrEqual(5e-7);
    }
  });

  it("leaves out the latency over every request when a report predates it, and says so", () => {
    const old = structuredClone(ptu100);
    delete old.latency.e2eAll;
    const c = buildComparison([
      { label: "old", report: old },
      { label: "new", report: ptu150 },
    ]);
    expect(c.rows.map((r) => r.key)).not.toContain("latency.e2eAll.p95");
    expect(c.rows).toHaveLength(Object.keys(FIELDS).length - 1);
    expect(c.notes[0]).toBe("latency e2eAll p95 is left out: a report was written before it was added.");
  });

  it("takes every row's label, unit and direction from the metric registry", () => {
    const c = buildComparison([{ label: "a", report: ptu100 }]);
    for (const r of c.rows) {
      const m = metricAt(r.key);
      expect([r.label, r.unit, r.direction]).toEqual([m.label, m.unit, m.direction]);
    }
  });

  it("compares a report written before report.json had requests.successRate, as read back", () => {
    const old = structuredClone(ptu100) as { requests: Partial<Report["requests"]> };
    delete old.requests.successRate;
    const parsed = parseReport(JSON.parse(JSON.stringify(old)));
    if (!parsed.ok) throw new Error(parsed.problems.join("; "));
    const c = buildComparison([
      { label: "old", report: parsed.value },
      { label: "new", report: ptu100 },
    ]);
    expect(row(c, "requests.successRate").cells.map((x) => x.value)).toEqual([
      ptu100.requests.successRate,
      ptu100.requests.successRate,
    ]);
  });

  it("judges each delta by the metric's direction", () => {
    const c = buildComparison([
      { label: "100", report: ptu100 },
      { label: "150", report: ptu150 },
    ]);
    // 50 more PTU: the README's $79,090.67 -> $110,061 a month, and much less spillover.
    expect(ptu150.cost.monthly.total).toBeGreaterThan(ptu100.cost.monthly.total);
    expect(row(c, "cost.monthly.total").cells[1].verdict).toBe("worse");
    expect(row(c, "cost.monthly.provisioned").cells[1].verdict).toBe("worse");
    expect(row(c, "cost.monthly.tokens").cells[1].verdict).toBe("better");
    expect(row(c, "cost.monthly.gateway").cells[1].verdict).toBe("same");
    expect(row(c, "spillover.requests").cells[1].verdict).toBe("neutral");
    expect(row(c, "requests.arrived").cells[1].verdict).toBe("same");
    const p95 = row(c, "latency.e2e.p95").cells[1];
    const p95Change = (ptu150.latency.e2e.p95 - ptu100.latency.e2e.p95) / ptu100.latency.e2e.p95;
    expect(p95.verdict).toBe(Math.abs(p95Change) <= 0.002 ? "same" : p95Change < 0 ? "better" : "worse");

    // Synthetic changes pin every direction regardless of what the simulation happens to produce.
    const better = structuredClone(ptu100);
    better.latency.e2e.p95 -= 100;
    better.latency.ttft.p50 -= 10;
    better.throttle.client.rate += 0.01;
    better.requests.successRate -= 0.0001;
    better.cost.monthly.total += 1;
    better.spillover.rate += 0.1;
    const d = buildComparison([
      { label: "a", report: ptu100 },
      { label: "b", report: better },
    ]);
    expect(row(d, "latency.e2e.p95").cells[1].verdict).toBe("better");
    expect(row(d, "latency.ttft.p50").cells[1].verdict).toBe("better");
    expect(row(d, "throttle.client.rate").cells[1].verdict).toBe("worse");
    expect(row(d, "requests.successRate").cells[1].verdict).toBe("worse");
    expect(row(d, "cost.monthly.total").cells[1].verdict).toBe("worse");
    expect(row(d, "spillover.rate").cells[1].verdict).toBe("neutral");
    expect(row(d, "latency.e2e.p50").cells[1]).toMatchObject({ delta: 0, relative: 0, verdict: "same" });

    // Latency within the histogram's resolution (0.1% per percentile, so 0.2% apart) is not a change.
    const noise = structuredClone(ptu100);
    noise.latency.e2e.p99 *= 1.0015;
    noise.latency.e2e.p95 *= 1.003;
    const n = buildComparison([
      { label: "a", report: ptu100 },
      { label: "b", report: noise },
    ]);
    expect(row(n, "latency.e2e.p99").cells[1].verdict).toBe("same");
    expect(row(n, "latency.e2e.p95").cells[1].verdict).toBe("worse");
    expect(renderComparisonMarkdown(n)).toMatch(
      /\| latency e2e p99 \| [^|]+ \| [^|]+ \(\+\d+ ms, \+0\.15%\) \|/,
    );
    expect(d.notes).toEqual([]);
  });

  it("has no relative change from a zero baseline", () => {
    const more = structuredClone(ptu100);
    more.cost.monthly.gateway = 700;
    const c = buildComparison([
      { label: "a", report: ptu100 },
      { label: "b", report: more },
    ]);
    expect(row(c, "cost.monthly.gateway").cells[1]).toEqual({
      value: 700,
      delta: 700,
      relative: null,
      verdict: "worse",
    });
    expect(renderComparisonMarkdown(c)).toMatch(/\| \$0\.00 \| \$700\.00 \(\+\$700\.00\) 🔴 worse \|/);
  });

  it("rejects duplicate labels and an empty list", () => {
    expect(() => buildComparison([])).toThrow();
    expect(() =>
      buildComparison([
        { label: "x", report: ptu100 },
        { label: "x", report: ptu150 },
      ]),
    ).toThrow(/unique/);
  });

  it("renders Markdown for a PR comment: metric | A | B (Δ), no delta in the first column", () => {
    const md = renderComparisonMarkdown(
      buildComparison([
        { label: "100", report: ptu100 },
        { label: "150", report: ptu150 },
      ]),
    );
    const lines = md.split("\n");
    expect(lines).toContain("| metric | 100 | 150 (Δ) |");
    expect(lines).toContain("| --- | ---: | ---: |");
    const total = lines.find((l) => l.startsWith("| monthly cost, total |"));
    expect(total).toBeDefined();
    const [, first, second] = (total as string).replace(/ \|$/, "").split(" | ");
    expect(first).toBe("$79,090.67");
    expect(second).toMatch(/^\$110,06\d\.\d\d \(\+\$30,9\d\d\.\d\d, \+39\.\d%\) 🔴 worse$/);
    expect(md).toMatch(/\| monthly cost, gateway \| \$0\.00 \| \$0\.00 \(no change\) \|/);
    // A rate's change is in percentage points.
    expect(md).toMatch(/\| spillover rate \| 21\.\d% \| 2\.\d\d% \(\u221219\.\d pp, \u2212\d+\.\d%\) \|/);
  });

  it("escapes hostile scenario names in Markdown and HTML", () => {
    const evil = structuredClone(ptu150);
    const name = '<img src=x onerror=alert(1)> | **x** [y](javascript:z) "q"';
    evil.scenario.name = name;
    const c = buildComparison([
      { label: "base", report: ptu100 },
      { label: name, report: evil },
    ]);
    const md = renderComparisonMarkdown(c);
    expect(md).not.toContain("<img");
    expect(md).toContain("&lt;img src=x onerror=alert(1)&gt; \\| \\*\\*x\\*\\* \\[y\\](javascript:z)");
    // The header still has exactly three columns: the pipe in the name is escaped.
    const header = md.split("\n").find((l) => l.startsWith("| metric |")) as string;
    expect(header.split(/(?<!\\)\|/).length - 2).toBe(3);

    const html = renderComparisonHtml(c);
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; | **x** [y](javascript:z) &quot;q&quot;");
  });

  it("renders one self-contained HTML page: no script, nothing fetched, dark-mode and phone friendly", () => {
    const html = renderComparisonHtml(
      buildComparison([
        { label: "100", report: ptu100 },
        { label: "150", report: ptu150 },
      ]),
    );
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script/i);
    // The only "http" is the CSP's http-equiv attribute: no URL, so nothing to fetch.
    expect(html.replace(/http-equiv=/g, "")).not.toMatch(/http/i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).toContain("prefers-color-scheme: dark");
    expect(html).toContain('name="viewport"');
    expect(html).toMatch(/<td class="worse"><span class="value">\$110,06\d\.\d\d<\/span>/);
    expect(html).toContain("· worse</span>");
  });
});

describe("compareLabels", () => {
  it("uses scenario names, then file names, then paths, then positions", () => {
    expect(
      compareLabels([
        { file: "a.yaml", name: "x" },
        { file: "b.yaml", name: "y" },
      ]),
    ).toEqual(["x", "y"]);
    expect(
      compareLabels([
        { file: "dir/a.yaml", name: "x" },
        { file: "dir/b.yaml", name: "x" },
        { file: "c.yaml", name: "y" },
      ]),
    ).toEqual(["x (a.yaml)", "x (b.yaml)", "y"]);
    expect(
      compareLabels([
        { file: "r1/report.json", name: "x" },
        { file: "r2/report.json", name: "x" },
      ]),
    ).toEqual(["x (r1/report.json)", "x (r2/report.json)"]);
    expect(
      compareLabels([
        { file: "a.yaml", name: "x" },
        { file: "a.yaml", name: "x" },
      ]),
    ).toEqual(["x (a.yaml) #1", "x (a.yaml) #2"]);
  });
});

describe("compareCommand", () => {
  const write = { stdout: process.stdout.write, stderr: process.stderr.write };
  let stdout = "";
  let stderr = "";
  function capture(): void {
    stdout = "";
    stderr = "";
    process.stdout.write = ((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    }) as typeof process.stderr.write;
  }
  afterEach(() => {
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
  });

  it("compares a report.json with a scenario run with --set; prints Markdown, writes compare.md and compare.html", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spillway-compare-"));
    const base = runFile(spillover);
    writeFileSync(join(dir, "base.json"), JSON.stringify(base));
    capture();
    const code = await compareCommand([join(dir, "base.json"), spillover], {
      out: join(dir, "out"),
      format: "md,html",
      sets: [`${capacity}=150`],
    });
    const printed = stdout;
    const status = stderr;
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
    expect(code).toBe(0);
    // Same scenario name: the file names tell the columns apart.
    expect(printed).toContain(
      "| metric | ptu-native-spillover (base.json) | ptu-native-spillover (ptu-native-spillover.yaml) (Δ) |",
    );
    const expected = renderComparisonMarkdown(
      buildComparison([
        { label: "ptu-native-spillover (base.json)", report: base },
        {
          label: "ptu-native-spillover (ptu-native-spillover.yaml)",
          report: runFile(spillover, [`${capacity}=150`]),
        },
      ]),
    );
    expect(printed).toBe(expected);
    expect(readFileSync(join(dir, "out", "compare.md"), "utf8")).toBe(expected);
    const html = readFileSync(join(dir, "out", "compare.html"), "utf8");
    expect(html).not.toMatch(/<script/i);
    expect(status).toBe(`wrote compare.md, compare.html to ${join(dir, "out")}/\n`);
  });

  it("applies --seed and writes only the formats asked for", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spillway-compare-"));
    const ptuOnly = join(root, "scenarios/ptu-only.yaml");
    capture();
    const code = await compareCommand([ptuOnly, spillover], { out: dir, format: "html", sets: [], seed: 3 });
    const printed = stdout;
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
    expect(code).toBe(0);
    expect(printed).toContain("| metric | ptu-only | ptu-native-spillover (Δ) |");
    expect(printed).toMatch(/ptu-only: seed 3,/);
    expect(existsSync(join(dir, "compare.html"))).toBe(true);
    expect(existsSync(join(dir, "compare.md"))).toBe(false);
  });

  it("rejects fewer than two inputs, unknown formats and bad seeds as input errors", async () => {
    await expect(compareCommand([spillover], { format: "md,html", sets: [] })).rejects.toThrow(InputError);
    await expect(compareCommand([], { format: "md,html", sets: [] })).rejects.toThrow(/at least two/);
    await expect(compareCommand([spillover, spillover], { format: "md,json", sets: [] })).rejects.toThrow(
      /--format: unknown output "json"/,
    );
    await expect(
      compareCommand([spillover, spillover], { format: "md", sets: [], seed: -1 }),
    ).rejects.toThrow(InputError);
    await expect(
      compareCommand([spillover, join(root, "no-such-report.json")], { format: "md", sets: [] }),
    ).rejects.toThrow(/no such file/);
  });
});
