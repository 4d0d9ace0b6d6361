/**
 * report.json read back (`spillway report`, `spillway compare`): every report spillway writes passes the schema,
 * and every damaged one — a fuzz campaign's kinds of mutant, applied to the golden reports — is refused with one
 * line naming the file and the JSON path, before anything renders.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { compareCommand } from "../../src/cli/compare-command.js";
import { InputError } from "../../src/cli/io.js";
import { writeOutputs } from "../../src/cli/outputs.js";
import { readReport, reportCommand } from "../../src/cli/report-command.js";
import { buildComparison } from "../../src/report/compare.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import {
  type Assert,
  type Exact,
  formatJsonPath,
  isValidName,
  parseReport,
} from "../../src/report/report-schema.js";
import type { Report } from "../../src/report/report-types.js";
import { deleteAt, getAt, setAt } from "./json-edit.js";

// Rendering is replaced by spies: a damaged report must be refused before either is called.
vi.mock("../../src/cli/outputs.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/cli/outputs.js")>();
  return { ...actual, writeOutputs: vi.fn(async () => ["report.json"]) };
});
vi.mock("../../src/report/compare.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/report/compare.js")>();
  return { ...actual, buildComparison: vi.fn(actual.buildComparison) };
});

const root = join(import.meta.dirname, "../..");
const goldenDir = join(root, "test/golden");
const baselineDir = join(root, "reports/baselines");
const goldens = readdirSync(goldenDir)
  .filter((f) => f.endsWith(".report.json"))
  .sort()
  .map((f) => join(goldenDir, f));
const baselines = readdirSync(baselineDir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => join(baselineDir, f));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const readJson = (file: string): Json => JSON.parse(readFileSync(file, "utf8")) as Json;

/** Mutant files (and the folder `report` would render into). */
const scratch = mkdtempSync(join(tmpdir(), "spillway-mutants-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let stdout: MockInstance;
let stderr: MockInstance;
beforeEach(() => {
  stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  vi.mocked(writeOutputs).mockClear();
  vi.mocked(buildComparison).mockClear();
});
afterEach(() => {
  stdout.mockRestore();
  stderr.mockRestore();
});

describe("reports spillway writes pass the schema", () => {
  it.each([...goldens, ...baselines].map((f) => [f.slice(root.length + 1), f]))("%s", (_, file) => {
    const parsed = parseReport(readJson(file));
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
  });

  it("returns the very object it checked, so re-rendering keeps the bytes (unknown keys included)", () => {
    const report = readJson(goldens[0]) as { [key: string]: Json };
    report.addedByANewerSpillway = { x: 1 };
    const parsed = parseReport(report);
    expect(parsed.ok && parsed.value).toBe(report);
  });

  it("readReport hands a golden report to the renderer", async () => {
    expect(await reportCommand(goldens[0], scratch, "json")).toBe(0);
    expect(writeOutputs).toHaveBeenCalledTimes(1);
  });
});

describe("problems name the JSON path, the value found and what was expected", () => {
  const golden = () => readJson(goldens.find((f) => f.includes("apim-priority-pool")) as string);
  const problems = (report: unknown) => {
    const parsed = parseReport(report);
    return parsed.ok ? [] : parsed.problems;
  };

  it("a null, a missing key, a string, a negative count, a wrong enum", () => {
    const r = golden();
    setAt(r, ["latency", "e2e", "p95"], null);
    expect(problems(r)).toEqual(["latency.e2e.p95 is null, expected a finite number ≥ 0"]);
    deleteAt(r, ["latency"]);
    expect(problems(r)).toEqual(["latency is missing, expected an object"]);
    const s = golden();
    setAt(s, ["requests", "arrived"], -1);
    setAt(s, ["deployments", "aoai-eastus/gpt4o-ptu", "tokens", "prompt"], "12");
    setAt(s, ["cost", "billing", "aoai-eastus/gpt4o-ptu", "cheapest"], "free");
    expect(problems(s)).toEqual([
      "requests.arrived is -1, expected a whole number ≥ 0",
      'deployments.aoai-eastus/gpt4o-ptu.tokens.prompt is the string "12", expected a whole number ≥ 0',
      'cost.billing.aoai-eastus/gpt4o-ptu.cheapest is the string "free", expected one of "hourly", "reservation-monthly", "reservation-yearly", "pay-as-you-go"',
    ]);
  });

  it("1e999 (JSON.parse reads Infinity) is not a finite number", () => {
    const text = withoutScenarioAsRun(goldens[0]).replace(/"p95": [0-9.]+/, '"p95": 1e999');
    expect(problems(JSON.parse(text))[0]).toBe("latency.e2e.p95 is Infinity, expected a finite number ≥ 0");
  });

  it("a series shorter than timeseries.t, a deployment without series, a series of no deployment", () => {
    const r = golden();
    (getAt(r, ["timeseries", "served", "aoai-eastus/gpt4o-ptu"]) as unknown[]).pop();
    expect(problems(r)).toEqual([
      "timeseries.served.aoai-eastus/gpt4o-ptu has 29 values, expected 30 (one per step of timeseries.t)",
    ]);
    const s = golden();
    deleteAt(s, ["timeseries", "utilization", "aoai-eastus/gpt4o-ptu"]);
    setAt(s, ["cost", "byDeployment", "nobody/none"], { horizon: 0, monthly: 0 });
    expect(problems(s)).toEqual([
      "timeseries.utilization.aoai-eastus/gpt4o-ptu is missing, expected an entry for every deployment",
      "cost.byDeployment.nobody/none is not one of the report's deployments",
    ]);
  });

  it("shares: weights from 0 to 1, of the report's deployments and gateways, keyed by workload names", () => {
    const r = golden();
    setAt(r, ["shares"], {
      deployments: { "aoai-eastus/gpt4o-ptu": { assistant: 1.5 }, "nobody/none": { assistant: 1 } },
      gateways: { apim: { "../x": 1 }, ghost: { assistant: 1 } },
    });
    expect(problems(r)).toEqual([
      "shares.deployments.aoai-eastus/gpt4o-ptu.assistant is 1.5, expected a number from 0 to 1",
      'shares.gateways.apim["../x"] is not a workload name, expected letters, digits, _ and -',
      "shares.deployments.nobody/none is not one of the report's deployments",
      "shares.gateways.ghost is not one of the report's gateways",
    ]);
  });

  it("a scenario name that is not a name (it ends up in folder names) is refused", () => {
    const r = golden();
    setAt(r, ["scenario", "name"], "../../x");
    expect(problems(r)).toEqual([
      'scenario.name is the string "../../x", expected a name (letters, digits, _ and -)',
    ]);
    expect(isValidName("ok_name-2")).toBe(true);
    expect(isValidName("../x")).toBe(false);
    expect(isValidName("")).toBe(false);
  });

  it("quotes keys and strings so a file cannot forge a path or drive the terminal", () => {
    expect(formatJsonPath(["deployments", "a.b\u001b[31m", "model"])).toBe(
      'deployments["a.b\\u001b[31m"].model',
    );
    const r = golden();
    const hostile = `\u001b]0;pwned\u0007\u009b2J${"x".repeat(100)}`;
    setAt(r, ["tool", "version"], hostile);
    expect(problems(r)).toEqual([]);
    setAt(r, ["tool"], hostile);
    expect(problems(r)).toEqual([
      // 40 characters quoted: the 13 of the escapes and "2J", then 27 x.
      `tool is the string "\\u001b]0;pwned\\u0007\\u009b2J${"x".repeat(27)}…", expected an object`,
    ]);
  });
});

/** Fields added since report.json version 1 first shipped: a report without them is an older one, and is read. */
const ADDED_FIELDS = ["requests.successRate", "assumptions", "timeseries.bucketLevel", "latency.e2eAll"];

describe("a report written before report.json had requests.successRate", () => {
  /** The report with `requests.successRate` removed, as spillway wrote it before the field was added. */
  const older = (file: string) => {
    const report = readJson(file) as { requests: { [key: string]: Json } };
    delete report.requests.successRate;
    return report;
  };

  it.each([...goldens, ...baselines].map((f) => [f.slice(root.length + 1), f]))(
    "%s without it is read with the rate spillway computes, in its place",
    (_, file) => {
      const parsed = parseReport(older(file));
      expect(parsed.ok ? [] : parsed.problems).toEqual([]);
      const current = readJson(file) as { [key: string]: Json };
      expect(parsed.ok && parsed.value.requests.successRate).toEqual(
        (current.requests as { successRate: Json }).successRate,
      );
      // Rewritten (spillway report --format json), it is the current report byte for byte.
      expect(JSON.stringify(parsed.ok && parsed.value)).toBe(JSON.stringify(current));
    },
  );

  it("is rendered by spillway report and compared by spillway compare", async () => {
    const file = join(scratch, "older.report.json");
    writeFileSync(file, JSON.stringify(older(goldens[0])));
    expect(readReport(file).requests.successRate).toEqual(
      (readJson(goldens[0]) as { requests: { successRate: Json } }).requests.successRate,
    );
    expect(await reportCommand(file, scratch, "json")).toBe(0);
    expect(await compareCommand([file, goldens[0]], { format: "md", sets: [] })).toBe(0);
  });

  it("is still refused when the counts the rate comes from are damaged, naming them", () => {
    const report = older(goldens[0]);
    setAt(report, ["requests", "arrived"], "many");
    const parsed = parseReport(report);
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      'requests.arrived is the string "many", expected a whole number ≥ 0',
      "requests.successRate is missing, expected a number from 0 to 1",
    ]);
  });

  it("keeps a reserved key a key (refused), never a prototype", () => {
    const text = JSON.stringify(older(goldens[0])).replace(
      '{"schemaVersion"',
      '{"__proto__":{"polluted":1},"schemaVersion"',
    );
    const parsed = parseReport(JSON.parse(text));
    expect(parsed.ok ? [] : parsed.problems[0]).toMatch(/^__proto__ is a reserved key/);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });
});

describe("a report written before warnings had codes, latency.e2eAll and timeseries.bucketLevel", () => {
  /** The golden report as spillway wrote it before those fields: plain-string warnings, no e2eAll, no bucketLevel. */
  const older = (file: string) => {
    const report = readJson(file) as Record<string, Record<string, Json>>;
    report.warnings = ["a warning | with *markup*", "another"] as unknown as Record<string, Json>;
    delete report.latency.e2eAll;
    delete report.timeseries.bucketLevel;
    return report;
  };

  it.each(goldens.map((f) => [f.slice(root.length + 1), f]))(
    "%s is read: each warning with the code legacy, no bucket level, no latency over every request",
    (_, file) => {
      const parsed = parseReport(older(file));
      expect(parsed.ok ? [] : parsed.problems).toEqual([]);
      const report = parsed.ok ? parsed.value : ({} as Report);
      expect(report.warnings).toEqual([
        { code: "legacy", message: "a warning | with *markup*" },
        { code: "legacy", message: "another" },
      ]);
      expect(report.timeseries.bucketLevel).toEqual({});
      expect(report.latency.e2eAll).toBeUndefined();
    },
  );

  it("renders what it has: the warnings with their code, the latency table without the missing row", () => {
    const parsed = parseReport(older(goldens.find((f) => f.includes("ptu-only")) as string));
    const md = renderMarkdown(parsed.ok ? parsed.value : ({} as Report), { charts: false });
    expect(md).toContain("- `legacy` a warning \\| with \\*markup\\*\n- `legacy` another\n");
    expect(md).toContain("(latency.e2e) |");
    expect(md).not.toContain("latency.e2eAll");
    // No bucket level: the column says so rather than guessing.
    expect(md).toMatch(/\| bucket peak \|\n[^\n]*\n\| aoai-eastus\/gpt41-ptu \|[^\n]* \| — \|\n/);
  });

  it("refuses a warning that is neither text nor a code and a message", () => {
    const report = readJson(goldens[0]) as Record<string, Json>;
    report.warnings = [{ code: "overload" }, 3];
    const parsed = parseReport(report);
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      "warnings[0].message is missing, expected a string",
      "warnings[1] is 3, expected an object",
    ]);
  });
});

describe("reserved keys: __proto__, constructor and prototype are refused wherever they appear", () => {
  // JSON.parse creates an own "__proto__" key; zod's record would copy it by assignment, setting a prototype.
  it.each([
    ['"deployments": {', '"deployments": {"__proto__": {"model": "x"}, ', "deployments.__proto__"],
    ['"gateways": {', '"gateways": {"constructor": {}, ', "gateways.constructor"],
    ['"served": {', '"served": {"prototype": [], ', "timeseries.served.prototype"],
    ['"latency": {', '"latency": {"__proto__": {"polluted": true}, ', "latency.__proto__"],
  ])("%s → %s", (from, to, path) => {
    const text = withoutScenarioAsRun(goldens[0]).replace(from, to);
    const json = JSON.parse(text);
    const parsed = parseReport(json);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.problems[0]).toMatch(
      new RegExp(`^${path.replace(/\./g, "\\.")} is a reserved key`),
    );
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Mutation test: deterministic mutants of every golden report, each damaged in one place.

/** Objects whose keys are names (deployments, gateways, regions, backends) rather than fields of the format. */
function isRecord(path: Path): boolean {
  const p = path.join(".");
  return (
    /^(deployments|gateways|cost\.byDeployment|cost\.billing|timeseries\.(served|utilization|regions|gatewayRegions))$/.test(
      p,
    ) ||
    /^gateways\.[^.]+\.regions$/.test(p) ||
    /circuitBreakerTrips$/.test(p)
  );
}

/** Fields the format allows to be null: null is not damage there. */
const NULLABLE = /(^|\.)(billing|capacityPerSecond|breakEvenUtilization\.\w+)$/;

interface Node {
  path: Path;
  value: Json;
}

/**
 * A golden's text without `scenario.validated`, so that a text edit of the first `"latency": {` reaches the report's
 * own figures rather than the scenario as run, which comes first.
 */
function withoutScenarioAsRun(file: string): string {
  const doc = JSON.parse(readFileSync(file, "utf8")) as { scenario: { validated?: unknown } };
  delete doc.scenario.validated;
  return JSON.stringify(doc, null, 2);
}

function nodes(value: Json, path: Path = []): Node[] {
  // The scenario as run is an input record (an object whose keys the reserved-key check covers), not report figures:
  // its values have no report-side type to break.
  if (path.length === 2 && path[0] === "scenario" && path[1] === "validated") return [];
  // Share weights: a workload left out of a line has weight 0, so deleting one is valid; their types and ranges have
  // their own tests above.
  if (path.length === 1 && path[0] === "shares") return [];
  const here: Node[] = [{ path, value }];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => nodes(v, [...path, i]))];
  if (value !== null && typeof value === "object") {
    return [...here, ...Object.entries(value).flatMap(([k, v]) => nodes(v, [...path, k]))];
  }
  return here;
}

interface Mutant {
  kind: string;
  golden: string;
  /** The path the first problem must name (undefined: the problem is about a relation, checked by `expect`). */
  path?: Path;
  expect?: RegExp;
  /** The damaged file's text. */
  text: string;
}

const INFINITY = "__INFINITY__";

/** What each kind of damage does to a node, and which nodes it applies to. */
const KINDS: {
  kind: string;
  applies: (n: Node) => boolean;
  mutate: (n: Node, doc: Json) => void;
  expect?: RegExp;
}[] = [
  {
    kind: "delete a field",
    // Without a field added since version 1 shipped a report is one written before it: read, not refused (tested
    // above and below).
    applies: (n) =>
      n.path.length > 0 &&
      typeof n.path.at(-1) === "string" &&
      !isRecord(n.path.slice(0, -1)) &&
      !ADDED_FIELDS.includes(n.path.join(".")),
    mutate: (n, doc) => {
      deleteAt(doc, n.path);
    },
  },
  ...[
    ["null", null],
    ["the string NaN", "NaN"],
    ["the string 1e999", "1e999"],
    ["an object", { value: 1 }],
    ["a list", [1]],
    ["true", true],
    ["1e999 (Infinity)", INFINITY],
  ].map(([label, replacement]) => ({
    kind: `a number set to ${label}`,
    applies: (n: Node) =>
      typeof n.value === "number" && !(replacement === null && NULLABLE.test(n.path.join("."))),
    mutate: (n: Node, doc: Json) => {
      setAt(doc, n.path, replacement);
    },
  })),
  {
    kind: "a count set to -1 or 2.5",
    applies: (n) =>
      typeof n.value === "number" &&
      /^(requests|attempts)\.|\.(served|attempts|throttled|errored)$/.test(n.path.join(".")),
    mutate: (n, doc) => {
      setAt(doc, n.path, n.path.length % 2 === 0 ? -1 : 2.5);
    },
  },
  ...[
    ["a number", 42],
    ["a list", ["x"]],
    ["null", null],
  ].map(([label, replacement]) => ({
    kind: `a string set to ${label}`,
    applies: (n: Node) =>
      typeof n.value === "string" && !(replacement === null && NULLABLE.test(n.path.join("."))),
    mutate: (n: Node, doc: Json) => {
      setAt(doc, n.path, replacement);
    },
  })),
  {
    kind: "a boolean set to a string",
    // An assumption's value may be a boolean or text (a choice knob's alternatives): a string is valid there.
    applies: (n) =>
      typeof n.value === "boolean" && !(n.path[0] === "assumptions" && n.path.at(-1) === "value"),
    mutate: (n, doc) => {
      setAt(doc, n.path, "true");
    },
  },
  {
    kind: "an object set to a list, a string or null",
    applies: (n) =>
      n.path.length > 0 && n.value !== null && typeof n.value === "object" && !Array.isArray(n.value),
    mutate: (n, doc) => {
      setAt(doc, n.path, [[], "oops", null][n.path.length % 3]);
    },
  },
  {
    kind: "a list set to an object or a number",
    applies: (n) => Array.isArray(n.value),
    mutate: (n, doc) => {
      setAt(doc, n.path, n.path.length % 2 === 0 ? { 0: 1 } : 3);
    },
  },
  {
    kind: "a series truncated",
    applies: (n) =>
      Array.isArray(n.value) &&
      n.value.length > 1 &&
      n.path[0] === "timeseries" &&
      n.path.join(".") !== "timeseries.outages",
    mutate: (n) => {
      (n.value as Json[]).pop();
    },
    expect: /has \d+ values, expected \d+ \(one per step of timeseries\.t\)/,
  },
  {
    kind: "a deployment removed (its series stay)",
    applies: (n) => n.path.length === 2 && n.path[0] === "deployments",
    mutate: (n, doc) => {
      deleteAt(doc, n.path);
    },
    expect: /is not one of the report's deployments/,
  },
  {
    kind: "a series value of the wrong type",
    applies: (n) =>
      n.path[0] === "timeseries" && typeof n.path.at(-1) === "number" && typeof n.value === "number",
    mutate: (n, doc) => {
      setAt(doc, n.path, String(n.value));
    },
  },
];

/** A node's field, whatever the names and positions: `deployments.*.tokens.prompt`, `timeseries.t[]`. */
function shapeOf(path: Path): string {
  return path
    .map((key, i) => (typeof key === "number" ? "[]" : isRecord(path.slice(0, i)) ? "*" : key))
    .join(".");
}

/**
 * Up to `per` mutants of each kind, deterministic (no RNG): spread evenly over the distinct fields the kind applies
 * to, each field damaged in one of the goldens that has it.
 */
function mutants(per: number): Mutant[] {
  const out: Mutant[] = [];
  KINDS.forEach((k, kindIndex) => {
    const byShape = new Map<string, { golden: string; path: Path }[]>();
    for (const golden of goldens) {
      for (const n of nodes(readJson(golden))) {
        // schemaVersion is checked before the schema, with its own message (test/cli).
        if (n.path[0] === "schemaVersion" || !k.applies(n)) continue;
        const shape = shapeOf(n.path);
        byShape.set(shape, [...(byShape.get(shape) ?? []), { golden, path: n.path }]);
      }
    }
    const shapes = [...byShape.keys()].sort();
    const picked = Array.from({ length: Math.min(per, shapes.length) }, (_, i) =>
      Math.floor(((i + 0.5) * shapes.length) / Math.min(per, shapes.length)),
    );
    picked.forEach((s, i) => {
      const candidates = byShape.get(shapes[s]) as { golden: string; path: Path }[];
      const { golden, path } = candidates[(kindIndex * 7 + i * 13) % candidates.length];
      const doc = readJson(golden);
      const node = nodes(doc).find((n) => n.path.join("\u0000") === path.join("\u0000")) as Node;
      k.mutate(node, doc);
      const text = JSON.stringify(doc, null, 2).replace(`"${INFINITY}"`, "1e999");
      out.push({
        kind: k.kind,
        golden,
        path: k.expect === undefined ? path : undefined,
        expect: k.expect,
        text,
      });
    });
  });
  return out;
}

const MUTANTS = mutants(8);

describe("mutation test over the golden reports", () => {
  it("has at least 80 mutants, of every kind", () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(80);
    expect(new Set(MUTANTS.map((m) => m.kind)).size).toBe(KINDS.length);
  });

  it.each(MUTANTS.map((m, i) => [i, m.kind, m.golden.slice(goldenDir.length + 1), m] as const))(
    "#%i %s (%s): one line, exit-2 error naming the file and path; nothing renders",
    async (i, _kind, _golden, m) => {
      const file = join(scratch, `mutant-${i}.json`);
      writeFileSync(file, m.text);
      let error: unknown;
      try {
        readReport(file);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      const message = (error as Error).message;
      expect(message).not.toContain("\n");
      expect(message.startsWith(`${file}: `)).toBe(true);
      expect(message).toMatch(/; pass the report\.json that spillway run wrote$/);
      if (m.path !== undefined) {
        expect(message.startsWith(`${file}: ${formatJsonPath(m.path)} `)).toBe(true);
      } else {
        expect(message).toMatch(m.expect as RegExp);
      }
      // `spillway report` and `spillway compare` refuse it with the same error, before rendering anything.
      await expect(reportCommand(file, scratch, "json")).rejects.toThrow(message);
      await expect(compareCommand([goldens[0], file], { format: "md", sets: [] })).rejects.toThrow(message);
      expect(writeOutputs).not.toHaveBeenCalled();
      expect(buildComparison).not.toHaveBeenCalled();
    },
  );
});

describe("the compile-time check", () => {
  it("Exact<> tells types apart, so the schema-vs-Report check in report-schema.ts can fail", () => {
    // @ts-expect-error a Report without its seed is not the Report.
    const dropsAField: Assert<Exact<Omit<Report, "seed">, Report>> = true;
    // @ts-expect-error a Report whose seed may be a string is not the Report.
    const widensAField: Assert<Exact<Omit<Report, "seed"> & { seed: number | string }, Report>> = true;
    const same: Assert<Exact<Report, Report>> = true;
    expect([dropsAField, widensAField, same]).toEqual([true, true, true]);
  });
});
