/**
 * Random mutations of the example scenarios through the whole command line (in-process): whatever a careless or
 * hostile user writes, `spillway run` ends with exit 0, 1 or 2, never prints a stack trace, and any report.json it
 * writes is valid data (finite numbers, null only where report.json declares it). Runs are bounded by
 * `--max-requests`, so a mutation that asks for a huge run is refused (exit 2) rather than simulated.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { parseReport } from "../../src/report/report-schema.js";
import { cli } from "./run-cli.js";

const scenarios = join(import.meta.dirname, "../../scenarios");
const examples = readdirSync(scenarios)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => {
    const data = parse(readFileSync(join(scenarios, f), "utf8")) as Record<string, unknown>;
    // Short horizons keep each run to tens of milliseconds; the mutations may still change them.
    data.duration = "4m";
    data.warmup = 0;
    return { name: f, data };
  });

/** Values a careless or hostile user writes. */
const HOSTILE: unknown[] = [
  -1,
  0,
  1,
  1.5,
  1e308,
  -1e308,
  5e-324,
  1e20,
  2 ** 53 + 1,
  "",
  "abc",
  "1e400",
  "-5m",
  "600",
  "1e308/s",
  "PT",
  null,
  true,
  [],
  {},
  [1, 2, 3],
  { type: "nope" },
  "<img src=x onerror=alert(1)>",
  "\u001b[2J\u001b]8;;http://evil\u0007",
  "../../../x",
  "__proto__",
  "x".repeat(3000),
];

/** Every path into a value (objects by key, arrays by index), the root excluded. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...pathsOf(v, [...prefix, i])]);
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
  return [];
}

/** One mutation: where (an index into the paths), what, and with which value. */
interface Mutation {
  at: number;
  op: "set" | "delete" | "duplicate" | "unknown-key";
  value: number;
}

function mutate(data: unknown, mutations: Mutation[]): unknown {
  const copy = structuredClone(data) as Record<string, unknown>;
  for (const m of mutations) {
    const paths = pathsOf(copy);
    if (paths.length === 0) break;
    const path = paths[m.at % paths.length];
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], copy) as
      | Record<string | number, unknown>
      | unknown[];
    const key = path[path.length - 1];
    const value = HOSTILE[m.value % HOSTILE.length];
    if (m.op === "set") (parent as Record<string | number, unknown>)[key] = structuredClone(value);
    else if (m.op === "delete") {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete (parent as Record<string, unknown>)[key as string];
    } else if (m.op === "duplicate") {
      if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
    } else if (!Array.isArray(parent))
      (parent as Record<string, unknown>)[`extra${m.value}`] = structuredClone(value);
  }
  return copy;
}

const mutationArb = fc.record({
  at: fc.nat(),
  op: fc.constantFrom<Mutation["op"]>("set", "set", "delete", "duplicate", "unknown-key"),
  value: fc.nat(),
});

describe("random mutations of the example scenarios", () => {
  it("end with exit 0, 1 or 2, no stack trace, and only valid report.json files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spillway-fuzz-"));
    // The trace example names traces/...: the same folder beside the mutated files resolves it.
    symlinkSync(join(scenarios, "traces"), join(dir, "traces"));
    let n = 0;
    const codes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: examples.length - 1 }),
        fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        async (which, mutations) => {
          n++;
          const example = examples[which];
          const file = join(dir, `s-${n}.yaml`);
          const out = join(dir, `out-${n}`);
          writeFileSync(file, stringify(mutate(example.data, mutations)));
          {
            const r = await cli([
              "run",
              file,
              "--out",
              out,
              "--format",
              "json",
              "--max-requests",
              "40000",
              "--quiet",
            ]);
            codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
            expect([0, 1, 2]).toContain(r.code);
            expect(r.stderr).not.toMatch(/\n\s+at |internal error|TypeError|RangeError|ReferenceError/);
            if (r.code === 2) {
              expect(r.stderr).toMatch(/^spillway: /);
              expect(existsSync(join(out, "report.json"))).toBe(false);
            } else {
              const text = readFileSync(join(out, "report.json"), "utf8");
              expect(text).not.toMatch(/NaN|Infinity/);
              const parsed = parseReport(JSON.parse(text));
              expect(parsed.ok ? [] : parsed.problems).toEqual([]);
            }
          }
        },
      ),
      { numRuns: process.env.FC_RUNS === undefined ? 60 : Number(process.env.FC_RUNS) },
    );
    // The mutations must reach both sides: valid runs and refused ones.
    expect(codes.get(2) ?? 0).toBeGreaterThan(0);
    expect((codes.get(0) ?? 0) + (codes.get(1) ?? 0)).toBeGreaterThan(0);
  }, 120_000);
});
