/**
 * `spillway compare` for a finance reader: column labels, the billing row, the whole estate on pay-as-you-go as a
 * reference, the cost chart of differences, compare.html with the chart, and "never" for a break-even above 100 %.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { breakEvenReachable } from "../../src/cost/break-even.js";
import {
  billingPlanText,
  buildComparison,
  comparisonCostChart,
  PAYG_ESTATE_KEY,
  payAsYouGoEstateMonthly,
  renderComparisonHtml,
  renderComparisonMarkdown,
} from "../../src/report/compare.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import type { Report } from "../../src/report/report-types.js";
import { cli } from "../cli/run-cli.js";
import { run } from "../helpers.js";

const goldenDir = join(import.meta.dirname, "../golden");
const golden = (name: string) => join(goldenDir, `${name}.report.json`);
const load = (name: string) => JSON.parse(readFileSync(golden(name), "utf8")) as Report;

describe("the billing row", () => {
  it("says how each design's PTUs are paid, in words", () => {
    expect(billingPlanText(load("ptu-only"))).toBe("100 PTU hourly");
    expect(billingPlanText(load("paygo-only"))).toBe("pay-as-you-go only");
    expect(billingPlanText(load("ptu-native-spillover"))).toBe("100 PTU hourly + pay-as-you-go");
    const reserved = load("ptu-only");
    reserved.deployments["aoai-eastus/gpt41-ptu"].billing = "reservation-yearly";
    reserved.cost.billing["aoai-eastus/gpt41-ptu"].reservedCapacity = 60;
    expect(billingPlanText(reserved)).toBe("100 PTU (60 on a 1-year reservation, 40 hourly)");
    reserved.cost.billing["aoai-eastus/gpt41-ptu"].reservedCapacity = 100;
    expect(billingPlanText(reserved)).toBe("100 PTU on a 1-year reservation");
  });
});

describe("the whole estate on pay-as-you-go (reference row)", () => {
  it("replaces each PTU deployment by its served tokens at the pay-as-you-go price, keeps the rest", () => {
    const ptu = load("ptu-only");
    // 100 PTU at 74.9 % mean utilization, $2 per 1M normalized tokens: the PTUs' $73,000 month becomes $19,684.69.
    expect(payAsYouGoEstateMonthly(ptu)).toBeCloseTo(19684.6924, 4);
    const mixed = load("multi-region-apim");
    // PTU served at pay-as-you-go ($26,275.24) + the two pay-as-you-go deployments + the gateway, as reported.
    expect(payAsYouGoEstateMonthly(mixed)).toBeCloseTo(26275.2433 + 14290.5311 + 2816.8379 + 704, 3);
    // Pay-as-you-go only: the reference is the design itself.
    const paygo = load("paygo-only");
    expect(payAsYouGoEstateMonthly(paygo)).toBeCloseTo(paygo.cost.monthly.total, 6);
    // A PTU model without a pay-as-you-go price has no reference, never $0.
    ptu.cost.billing["aoai-eastus/gpt41-ptu"].payAsYouGoMonthlyAtMeanUtilization = null;
    expect(payAsYouGoEstateMonthly(ptu)).toBeNull();
    const c = buildComparison([
      { label: "a", report: ptu },
      { label: "b", report: paygo },
    ]);
    expect(c.reference).toBeNull();
    expect(c.notes).toContain(
      "The pay-as-you-go reference is left out: a PTU model has no pay-as-you-go price.",
    );
  });
});

describe("a comparison a CFO reads", () => {
  const c = buildComparison([
    { label: "PTU 100, hourly", report: load("ptu-only") },
    { label: "pay-as-you-go", report: load("paygo-only") },
  ]);

  it("scales the PTU's served tokens to a month as the run scales tokens: a weekend factor counts", () => {
    // Two Monday hours, 2 calls a second, weekends at 0.3: the month is (5 + 2 x 0.3) / 7 = 0.8 of the flat one.
    const yaml = `
name: weekday
duration: 2h
warmup: 0s
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 100, spilloverDeploymentName: paygo }
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 1000 }
traffic:
  - { name: w, via: a/ptu, arrival: { type: constant, rate: 2/s, weekend: 0.3 }, promptTokens: 1000, completionTokens: 100, maxTokens: 100 }
`;
    const withPtu = run(yaml);
    const without = run(yaml, ["accounts.a.deployments.ptu.capacity=0"]);
    // The reference for the PTU design is what the design without PTUs costs, to the cent of a rounding.
    expect(payAsYouGoEstateMonthly(withPtu)).toBeCloseTo(without.cost.monthly.total, 0);
  });

  it("has the billing row and the reference row with deltas in money and percent", () => {
    expect(c.billing).toEqual(["100 PTU hourly", "pay-as-you-go only"]);
    expect(c.reference?.key).toBe(PAYG_ESTATE_KEY);
    const md = renderComparisonMarkdown(c);
    expect(md).toContain("| billing | 100 PTU hourly | pay-as-you-go only |");
    const lines = md.split("\n");
    const total = lines.findIndex((l) => l.startsWith("| monthly cost, total |"));
    // The reference follows the total, and like every money row shows the change in money and in percent.
    expect(lines[total + 1]).toMatch(
      /^\| monthly cost, every PTU on pay-as-you-go \(reference\) \| \$19,684\.69 \| \$[\d,.]+ \([+\u2212]\$[\d,.]+, [+\u2212][\d.]+%\)/,
    );
    expect(lines[total]).toMatch(/\(\u2212\$[\d,.]+, \u2212[\d.]+%\) 🟢 better \|$/);
    expect(md).toContain("The reference row prices the same estate with every PTU deployment replaced");
  });

  it("charts the differences against the first design, not the totals from 0", () => {
    const chart = comparisonCostChart(c);
    expect(chart).not.toBeNull();
    const [designed, reference] = chart?.config.data.datasets ?? [];
    const base = load("ptu-only").cost.monthly.total;
    expect(designed.data).toEqual([0, load("paygo-only").cost.monthly.total - base]);
    expect((reference.data as number[])[0]).toBeCloseTo(19684.6924 - base, 4);
    expect(chart?.title).toBe("Monthly cost against PTU 100, hourly ($73,000.00 a month)");
    expect(chart?.table.rows[1][1]).toBe("pay-as-you-go only");
  });

  it("compare.html embeds the chart as an image and still allows no script", () => {
    const html = renderComparisonHtml(c, { chartPng: new Uint8Array([1, 2, 3]) });
    expect(html).toContain('src="data:image/png;base64,AQID"');
    expect(html).toContain("img-src data:");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(
      "<figcaption>Monthly cost against PTU 100, hourly ($73,000.00 a month)</figcaption>",
    );
    expect(html).toContain('<span class="value plan">pay-as-you-go only</span>');
  });
});

describe("spillway compare --label", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("names the columns, and writes compare.md, compare.html and the chart", async () => {
    dir = mkdtempSync(join(tmpdir(), "compare-"));
    const out = join(dir, "out");
    const r = await cli([
      "compare",
      golden("ptu-only"),
      golden("paygo-only"),
      "--label",
      "PTUs",
      "--label",
      "No PTUs",
      "--out",
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("| metric | PTUs | No PTUs (Δ) |");
    expect(r.stdout).toContain("Runs: PTUs: scenario ptu-only");
    expect(existsSync(join(out, "charts/compare-cost.png"))).toBe(true);
    expect(readFileSync(join(out, "compare.md"), "utf8")).toContain("](charts/compare-cost.png)");
    const html = readFileSync(join(out, "compare.html"), "utf8");
    expect(html).toContain("<h1>PTUs vs No PTUs</h1>");
    expect(html).toMatch(/src="data:image\/png;base64,iVBOR/);
  });

  it("refuses a label count that does not match the inputs, and a label given twice", async () => {
    const one = await cli(["compare", golden("ptu-only"), golden("paygo-only"), "--label", "only one"]);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain(
      "--label: 1 label(s) for 2 inputs; give one --label per input, in the same order",
    );
    const twice = await cli([
      "compare",
      golden("ptu-only"),
      golden("paygo-only"),
      "--label",
      "x",
      "--label",
      "x",
    ]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('--label: "x" is given twice');
  });
});

describe("break-even that cannot happen reads never", () => {
  it("is reachable only up to 100 % utilization", () => {
    expect(breakEvenReachable(0.84)).toBe(true);
    expect(breakEvenReachable(1)).toBe(true);
    expect(breakEvenReachable(2.777778)).toBe(false);
    expect(breakEvenReachable(null)).toBe(false);
  });

  it("summary.md's billing table says never, not 277.8%", () => {
    const md = renderMarkdown(load("ptu-only"));
    expect(md).not.toContain("277.8%");
    expect(md).toMatch(/\| hourly \| \$73,000\.00 \| never \|/);
    expect(md).toMatch(/\| 1-year reservation \| \$22,100\.00 \| 84\.1% \|/);
  });
});
