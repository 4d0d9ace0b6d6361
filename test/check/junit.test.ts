/** JUnit XML and the pull-request Markdown of `spillway check`, from synthetic checks. */
import { describe, expect, it } from "vitest";
import type { ScenarioCheck } from "../../src/check/check-result.js";
import { renderJunit, xmlEscape } from "../../src/check/junit.js";
import { renderCheckMarkdown } from "../../src/check/markdown.js";
import { diffReports } from "../../src/check/regression.js";
import type { SloResult } from "../../src/report/report-types.js";
import { ESCAPES, MARKUP, RAW_CONTROL } from "../report/hostile-fixtures.js";
import { makeReport } from "./fixtures.js";

/** An element of a parsed XML document. */
interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  text: string;
}

/**
 * A deliberately tiny XML reader, enough to prove well-formedness of what renderJunit writes: one declaration, tags
 * balanced and properly nested, attributes quoted and unique, no raw "<" or stray "&" in text or attributes.
 */
function parseXml(xml: string): Element {
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/;
  expect(xml).toMatch(declaration);
  const body = xml.replace(declaration, "");
  const entity = /&(?:amp|lt|gt|quot|apos);/g;
  const checkText = (text: string) => {
    expect(text.replace(entity, "")).not.toMatch(/[<&]/);
    return text.replace(
      entity,
      (e) => ({ "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'" })[e] ?? e,
    );
  };
  const root: Element = { name: "#document", attributes: {}, children: [], text: "" };
  const stack: Element[] = [root];
  const tag = /<(\/?)([A-Za-z][\w-]*)((?:\s+[A-Za-z][\w-]*="[^"]*")*)\s*(\/?)>/y;
  let at = 0;
  while (at < body.length) {
    const next = body.indexOf("<", at);
    const text = body.slice(at, next === -1 ? body.length : next);
    stack[stack.length - 1].text += checkText(text);
    if (next === -1) break;
    tag.lastIndex = next;
    const m = tag.exec(body);
    if (m === null) throw new Error(`malformed tag at ${next}: ${body.slice(next, next + 40)}`);
    const [, closing, name, attributeText, selfClosing] = m;
    if (closing === "/") {
      const open = stack.pop();
      expect(open?.name).toBe(name);
    } else {
      const attributes: Record<string, string> = {};
      for (const a of attributeText.matchAll(/([A-Za-z][\w-]*)="([^"]*)"/g)) {
        expect(attributes).not.toHaveProperty(a[1]);
        attributes[a[1]] = checkText(a[2]);
      }
      const element: Element = { name, attributes, children: [], text: "" };
      stack[stack.length - 1].children.push(element);
      if (selfClosing !== "/") stack.push(element);
    }
    at = tag.lastIndex;
  }
  expect(stack).toHaveLength(1);
  expect(root.children).toHaveLength(1);
  return root.children[0];
}

const slo = (
  expression: string,
  passed: boolean,
  level: "error" | "warn" = "error",
  actual = 1,
): SloResult => ({
  expression,
  actual,
  passed,
  level,
});

/** Three scenarios: all green with a baseline, a failed SLO + warn + regression, and one with no baseline. */
function checks(): ScenarioCheck[] {
  const green = makeReport({}, { name: "green", slo: [slo("latency.e2e.p95 < 8s", true)] });
  const red = makeReport(
    { e2eP95: 9000, costTotal: 70_000 },
    {
      name: "red",
      hash: "b".repeat(64),
      slo: [
        slo("throttle.client.rate < 1%", false, "error", 0.02),
        slo("spillover.rate < 10%", false, "warn", 0.2),
        slo("gateways.apim.rejected == 0", true),
      ],
      warnings: [{ code: "overload", message: 'odd \u0001 <warning> & "quotes"' }],
    },
  );
  const lonely = makeReport({}, { name: "lonely", slo: [] });
  return [
    {
      scenario: "green",
      file: "scenarios/regression/green.yaml",
      report: green,
      baseline: { status: "compared", path: "b/green.report.json", diff: diffReports(green, green) },
    },
    {
      scenario: "red",
      file: "scenarios/a&b <red>.yaml",
      report: red,
      baseline: {
        status: "compared",
        path: "b/red.report.json",
        diff: diffReports(makeReport({}, { name: "red" }), red),
      },
    },
    {
      scenario: "lonely",
      file: "lonely.yaml",
      report: lonely,
      baseline: { status: "missing", path: "b/lonely.report.json" },
    },
  ];
}

describe("JUnit XML", () => {
  const xml = renderJunit(checks());
  const doc = parseXml(xml);

  it("is well-formed, with one testsuite per scenario", () => {
    expect(doc.name).toBe("testsuites");
    expect(doc.children.map((s) => s.name)).toEqual(["testsuite", "testsuite", "testsuite"]);
    expect(doc.children.map((s) => s.attributes.name)).toEqual(["green", "red", "lonely"]);
  });

  it("has one testcase per SLO and per regression metric, and counts that match", () => {
    let tests = 0;
    let failures = 0;
    let skipped = 0;
    for (const suite of doc.children) {
      const cases = suite.children.filter((c) => c.name === "testcase");
      const failed = cases.filter((c) => c.children.some((x) => x.name === "failure")).length;
      const skip = cases.filter((c) => c.children.some((x) => x.name === "skipped")).length;
      expect(Number(suite.attributes.tests)).toBe(cases.length);
      expect(Number(suite.attributes.failures)).toBe(failed);
      expect(Number(suite.attributes.skipped)).toBe(skip);
      tests += cases.length;
      failures += failed;
      skipped += skip;
    }
    expect(doc.attributes).toMatchObject({
      tests: String(tests),
      failures: String(failures),
      skipped: String(skipped),
    });
    const [green, red, lonely] = doc.children.map((s) => s.children.filter((c) => c.name === "testcase"));
    // 1 SLO + 14 tracked metrics; 3 SLOs + 14 metrics; no SLO and a failed "baseline" case
    expect(green.length).toBe(15);
    expect(red.length).toBe(17);
    expect(lonely.map((c) => `${c.attributes.classname}:${c.attributes.name}`)).toEqual([
      "regression:baseline",
    ]);
    expect(green.filter((c) => c.attributes.classname === "slo").map((c) => c.attributes.name)).toEqual([
      "latency.e2e.p95 < 8s",
    ]);
  });

  it("fails error-level SLOs and regressions, skips warn-level failures", () => {
    const red = doc.children[1].children.filter((c) => c.name === "testcase");
    const outcome = (c: Element) => c.children.find((x) => x.name !== "system-out")?.name ?? "pass";
    const byName = Object.fromEntries(
      red.map((c) => [`${c.attributes.classname}:${c.attributes.name}`, outcome(c)]),
    );
    expect(byName).toMatchObject({
      "slo:throttle.client.rate < 1%": "failure",
      "slo:spillover.rate < 10%": "skipped",
      "slo:gateways.apim.rejected == 0": "pass",
      "regression:latency.e2e.p95": "failure",
      "regression:latency.e2e.p50": "pass",
      "regression:cost.monthly.total": "pass",
      "regression:spillover.rate": "pass",
    });
    const failure = red.find((c) => c.attributes.name === "latency.e2e.p95")?.children[0];
    expect(failure?.attributes.message).toMatch(/latency\.e2e\.p95 regressed: baseline 6\.00 s, now 9\.00 s/);
    expect(doc.children[2].children[1].children[0].attributes.message).toMatch(/--update-baseline/);
  });

  it("escapes what it quotes and shows characters XML cannot hold as visible escapes", () => {
    expect(xmlEscape(`a&b<c>"d"'e'\u0001\u001f\tf\uffff`)).toBe(
      "a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;\\u0001\\u001f\tf",
    );
    const red = doc.children[1];
    const file = red.children[0].children.find((p) => p.attributes.name === "file");
    expect(file?.attributes.value).toBe("scenarios/a&b <red>.yaml");
    expect(red.children.at(-1)?.text).toMatch(/odd \\u0001 <warning> & "quotes"/);
    expect(red.children.at(-1)?.text).toMatch(/scenario changed/);
  });

  it("is deterministic", () => {
    expect(renderJunit(checks())).toBe(xml);
  });
});

describe("pull-request Markdown", () => {
  const md = renderCheckMarkdown(checks());

  it("says what failed up front", () => {
    expect(md).toMatch(/^## Spillway check\n\n❌ 2 of 3 scenarios failed: red, lonely\.\n/);
  });

  it("has a metric, baseline, now, delta, verdict table per compared scenario", () => {
    expect(md).toContain("| metric | baseline | now | delta | verdict |");
    expect(md).toContain(
      "| latency e2e p95 (`latency.e2e.p95`) | 6.00 s | 9.00 s | +3.00 s (+50.0%) | ❌ **regression** (tolerance +10%) |",
    );
    expect(md).toContain(
      "| monthly cost, total (`cost.monthly.total`) | $80,000.00 | $70,000.00 | −$10,000.00 (−12.5%) | ✅ improvement |",
    );
    expect(md).toContain("| caller 429 rate (`throttle.client.rate`) | 0.50% | 0.50% | ±0 | neutral |");
    expect(md).toContain("| spillover rate (`spillover.rate`) | 20.0% | 20.0% | ±0 | info |");
  });

  it("lists SLOs with their level, and tells how to create a missing baseline", () => {
    expect(md).toContain("| `throttle.client.rate < 1%` | error | 2.00% | ❌ **fail** |");
    expect(md).toContain("| `spillover.rate < 10%` | warn | 20.0% | ⚠️ warn |");
    expect(md).toMatch(
      /\*\*No baseline\*\* at `b\/lonely\.report\.json`: run `spillway check` with `--update-baseline`/,
    );
    expect(md).toMatch(/> Note: the scenario changed since the baseline/);
  });

  it("passes when nothing failed; a warn-only scenario passes with a warning mark", () => {
    const warnOnly = checks()[0];
    warnOnly.report.slo.push(slo("latency.ttft.p95 < 1ms", false, "warn", 900));
    const text = renderCheckMarkdown([warnOnly]);
    expect(text).toMatch(/✅ 1 scenario passed\./);
    expect(text).toMatch(/### ⚠️ green/);
  });

  it("lists each scenario's run warnings with their code, and a check with only warnings still passes", () => {
    const warned = checks()[0];
    warned.report.warnings = [
      { code: "overload", message: "99.3% of the requests got a 429 as their final answer" },
      { code: "short-horizon", message: "the horizon is 1 h" },
    ];
    const text = renderCheckMarkdown([warned]);
    expect(text).toMatch(/✅ 1 scenario passed\./);
    expect(text).toMatch(/· SLOs pass · no regression · 2 run warnings\n/);
    expect(text).toContain(
      "2 run warnings (never a failure):\n\n- `overload` 99.3% of the requests got a 429 as their final answer\n" +
        "- `short-horizon` the horizon is 1 h\n",
    );
    expect(md).toMatch(/^- `overload` odd \\u0001 &lt;warning&gt; &amp; "quotes"$/m);
    // JUnit: a note of the suite, never a failure or a skipped test.
    const suite = parseXml(renderJunit([warned])).children[0];
    expect(suite.attributes.failures).toBe("0");
    expect(suite.children.at(-1)?.text).toMatch(/^warning \[overload\]: 99\.3% of the requests/m);
  });
});

/** A check whose scenario, file, paths, SLOs, warnings, seed, notes and reasons all carry `payload`. */
function hostileChecks(payload: string): ScenarioCheck[] {
  const report = makeReport(
    { e2eP95: 9000 },
    {
      name: `red${payload}`,
      hash: `b${payload}`,
      seed: payload as unknown as number,
      slo: [slo(`latency.e2e.p95 < 8s${payload}`, false, `error${payload}` as "error", 9000)],
      warnings: [{ code: `code${payload}`, message: `odd${payload}` }],
    },
  );
  const diff = diffReports(makeReport({}, { name: "red" }), report);
  diff.notes.push(`note${payload}`);
  return [
    {
      scenario: `red${payload}`,
      file: `scenarios/red${payload}.yaml`,
      report,
      baseline: { status: "compared", path: `b/red${payload}.report.json`, diff },
    },
    {
      scenario: `odd${payload}`,
      file: `odd${payload}.yaml`,
      report: makeReport({}, { name: `odd${payload}` }),
      baseline: { status: "incompatible", path: `b/odd${payload}.json`, reason: `version 9${payload}` },
    },
  ];
}

describe("hostile names, paths and messages", () => {
  it("JUnit XML stays well-formed and carries no raw control character", () => {
    const escaped = parseXml(renderJunit(hostileChecks(ESCAPES)));
    const names = escaped.children.map((s) => s.attributes.name);
    expect(names.map((n) => n.slice(0, 3))).toEqual(["red", "odd"]);
    for (const n of names) {
      expect(RAW_CONTROL.test(n)).toBe(false);
      expect(n).toContain("\\u001b]8;;http://evil.example\\u0007click\\u001b]8;;\\u0007\\u001b[2J");
    }
    expect(RAW_CONTROL.test(renderJunit(hostileChecks(ESCAPES)))).toBe(false);
    // Markup is only text to XML: it reads back exactly.
    const markup = parseXml(renderJunit(hostileChecks(MARKUP)));
    expect(markup.children.map((s) => s.attributes.name)).toEqual([`red${MARKUP}`, `odd${MARKUP}`]);
  });

  it("check.md shows terminal escapes as visible text, markup as text, and keeps its tables' shape", () => {
    const md = renderCheckMarkdown(hostileChecks(ESCAPES));
    expect(RAW_CONTROL.test(md)).toBe(false);
    expect(md).toContain("\\u001b\\]8;;http://evil.example\\u0007click");
    expect(md.split("\n").filter((l) => l.startsWith("forged line"))).toEqual([]);
    const markup = renderCheckMarkdown(hostileChecks(MARKUP));
    // Outside code spans no tag or link can start; every table row has its header's cell count.
    const text = markup.replace(/`[^`\n]*`/g, "``");
    expect(text.match(/<[a-zA-Z!?/][^\n]{0,30}/g) ?? []).toEqual([]);
    expect(text.match(/(?<!\\)\]\([^\n]{0,30}/g) ?? []).toEqual([]);
    let header: number | null = null;
    for (const line of markup.split("\n")) {
      const cells = line.split(/(?<!\\)\|/).length;
      if (!line.startsWith("|")) header = null;
      else if (header === null) header = cells;
      else expect(cells, line).toBe(header);
    }
  });
});
