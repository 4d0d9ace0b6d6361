/**
 * Traces that would crash, exhaust memory or flood the terminal: corrupt timestamps (year 9999, a wrong time unit),
 * file-system errors, huge cells, CR-only line endings and control characters. Every one must end as a bounded,
 * one-line TraceError (exit 2) or, with onBadRow: skip, as a counted bad row; stats, fit, size and replay of what is
 * left must complete.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MODELS } from "../../src/catalog/index.js";
import { sizeFromOptions as computeSize } from "../../src/cli/size-command.js";
import { traceFitCommand, traceStatsCommand } from "../../src/cli/trace-command.js";
import { RandomStreams } from "../../src/engine/rng.js";
import { runScenario } from "../../src/run/run-scenario.js";
import { loadScenario } from "../../src/scenario/load.js";
import { EXCERPT_CHARS, plain, quote } from "../../src/workload/trace/bad-rows.js";
import {
  MAX_TIME_GAP_SECONDS,
  MAX_TRACE_SPAN_SECONDS,
  openTrace,
} from "../../src/workload/trace/open-trace.js";
import { writeSyntheticTrace } from "../../src/workload/trace/synthetic.js";
import { daysFromCivil } from "../../src/workload/trace/timestamps.js";
import {
  TraceError,
  type TraceOpenOptions,
  type TraceRow,
  type TraceSource,
} from "../../src/workload/trace/trace-types.js";
import { TraceArrivals } from "../../src/workload/trace-arrivals.js";
import { findNonFinite, fitTraffic, profileTrace } from "../../src/workload/trace-stats.js";

const scratch = mkdtempSync(join(tmpdir(), "spillway-hardening-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens";
const CSV_COLUMNS = { time: "t", prompt: "p", completion: "c" };

function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

/** One row a minute for an hour (18:00–18:59 on 2023-11-16), then `last` as line 62 when given. */
function hourTrace(name: string, last?: string): string {
  const rows = [HEADER];
  for (let m = 0; m < 60; m++) rows.push(`2023-11-16 18:${String(m).padStart(2, "0")}:00.0000000,100,10`);
  if (last !== undefined) rows.push(last);
  return file(name, `${rows.join("\n")}\n`);
}

const YEAR_9999 = "9999-12-31 23:59:59.0000000,100,10";

function open(path: string, extra: Partial<TraceOpenOptions> = {}): TraceSource {
  return openTrace({
    path,
    displayPath: path,
    format: "azure-llm",
    onBadRow: "error",
    reorderWindow: 10,
    ...extra,
  });
}

function readAll(source: TraceSource): TraceRow[] {
  const rows: TraceRow[] = [];
  try {
    for (let row = source.next(); row !== undefined; row = source.next()) rows.push(row);
  } finally {
    source.close();
  }
  return rows;
}

/** The TraceError `fn` throws (fails when it throws anything else, or nothing). */
function traceError(fn: () => unknown): TraceError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TraceError);
    return e as TraceError;
  }
  throw new Error("expected a TraceError");
}

/** A message fit for a terminal: one line, no control character, not longer than `max`. */
function expectBounded(message: string, max = 400): void {
  expect(message.length).toBeLessThanOrEqual(max);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
  expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
}

const gpt4o: Parameters<typeof profileTrace>[1] = {
  name: "gpt-4o",
  facts: MODELS["gpt-4o"],
  sku: "GlobalProvisionedManaged",
};

describe("corrupt timestamps: bad rows, bounded memory", () => {
  it("a last row in year 9999: error names its line; skip counts it and stats/fit cover the real hour", () => {
    const path = hourTrace("y9999.csv", YEAR_9999);
    const e = traceError(() => readAll(open(path)));
    expect(e.line).toBe(62);
    expect(e.message).toContain(
      'line 62: time "9999-12-31 23:59:59.0000000" is 7,976 years after line 61, the latest row before it',
    );
    expect(e.message).toContain("no trace pauses for more than 31 days");
    expectBounded(e.message);

    const profile = profileTrace(open(path, { onBadRow: "skip" }), gpt4o);
    expect(profile.stats.rows).toBe(60);
    expect(profile.stats.skipped).toBe(1);
    expect(profile.stats.durationSeconds).toBe(59 * 60);
    expect(profile.perMinute).toHaveLength(60);
    expect(findNonFinite(profile.stats)).toBeUndefined();
    const traffic = fitTraffic(profile, { name: "w", step: 60, tokens: "empirical" });
    expect((traffic.arrival as { rates: number[] }).rates).toHaveLength(60);
  });

  it("size --trace of it stops at the bad row (sizing never skips rows)", () => {
    const path = hourTrace("y9999-size.csv", YEAR_9999);
    const e = traceError(() =>
      computeSize({
        model: "gpt-4o",
        sku: "GlobalProvisionedManaged",
        trace: path,
        format: "azure-llm",
        json: true,
      }),
    );
    expect(e.line).toBe(62);
  });

  it("a first row that is wrong: the next row names it as the other suspect", () => {
    const path = file("y1970-first.csv", `${HEADER}\n1970-01-01 00:00:00,1,1\n2023-11-16 18:00:00,1,1\n`);
    const e = traceError(() => readAll(open(path)));
    expect(e.line).toBe(3);
    expect(e.message).toContain("after line 2, the latest row before it");
    expect(e.message).toContain("one of the two times is wrong");
    // A future first row: the rows after it lie decades before it.
    const future = file("y9999-first.csv", `${HEADER}\n${YEAR_9999}\n2023-11-16 18:00:00,1,1\n`);
    const f = traceError(() => readAll(open(future)));
    expect(f.line).toBe(3);
    expect(f.message).toContain("years before line 2, read before it");
  });

  it("a relative column in the wrong unit cannot span more than 366 days", () => {
    // Microseconds read as seconds: every gap (2,000,000 s, 23 days) is below the gap limit, the span is not.
    const rows = Array.from({ length: 20 }, (_, i) => `${i * 2_000_000},1,1`);
    const path = file("wrong-unit.csv", `t,p,c\n${rows.join("\n")}\n`);
    expect(2_000_000).toBeLessThan(MAX_TIME_GAP_SECONDS);
    const firstBad = Math.floor(MAX_TRACE_SPAN_SECONDS / 2_000_000) + 1;
    const e = traceError(() => readAll(open(path, { format: "csv", columns: CSV_COLUMNS })));
    expect(e.line).toBe(firstBad + 2);
    expect(e.message).toContain("after line 2, the earliest row; a trace spans at most 366 days");
    expect(e.message).toContain("check columns.timeUnit");
    const source = open(path, { format: "csv", columns: CSV_COLUMNS, onBadRow: "skip" });
    const stats = profileTrace(source).stats;
    expect(stats.rows).toBe(firstBad);
    expect(stats.skipped).toBe(20 - firstBad);
  });

  it("a gap of hours, or of weeks, is still a trace", () => {
    const path = file(
      "gaps.csv",
      `${HEADER}\n2024-05-10 00:00:00,1,1\n2024-05-10 06:00:00,1,1\n2024-05-30 06:00:00,1,1\n2024-05-30 06:00:01,1,1\n`,
    );
    const profile = profileTrace(open(path));
    expect(profile.stats.rows).toBe(4);
    expect(profile.stats.durationSeconds).toBe(20 * 86_400 + 6 * 3600 + 1);
    expect(profile.perMinute).toHaveLength(Math.floor(profile.stats.durationSeconds / 60) + 1);
  });

  it("a week-long trace in the Azure 2024 style reads whole", () => {
    const path = join(scratch, "week.csv");
    const start = daysFromCivil(2024, 5, 10) * 86_400;
    writeSyntheticTrace(path, 2000, "azure-llm", { style: "2024", duration: 7 * 86_400, startEpoch: start });
    const stats = profileTrace(open(path)).stats;
    expect(stats.rows).toBe(2000);
    expect(stats.durationSeconds).toBeGreaterThan(6.9 * 86_400);
  });

  it("1e999 is not a time (it was read as Infinity)", () => {
    const path = file("inf.csv", "t,p,c\n0,1,1\n1e999,1,1\n");
    const e = traceError(() => readAll(open(path, { format: "csv", columns: CSV_COLUMNS })));
    expect(e.line).toBe(3);
    expect(e.message).toContain('t "1e999" is not a timestamp or a number');
  });

  it("profileTrace bounds its minute counters whatever the source", () => {
    const rows: TraceRow[] = [
      { time: 0, prompt: 1, completion: 1, cached: -1, line: 2 },
      { time: 1e12, prompt: 1, completion: 1, cached: -1, line: 3 },
    ];
    const fake: TraceSource = {
      file: "fake.csv",
      skipped: 0,
      skipSamples: [],
      next: () => rows.shift(),
      close: () => {},
    };
    const e = traceError(() => profileTrace(fake));
    expect(e.message).toMatch(/^fake\.csv: line 3: the trace would span more than 527040 minutes/);
  });

  it("a sub-microsecond trace has a finite rate (1e-320 s made it Infinity, printed as null)", () => {
    const path = file("subnormal.csv", "t,p,c\n0,1,1\n1e-320,1,1\n");
    const stats = profileTrace(open(path, { format: "csv", columns: CSV_COLUMNS }), gpt4o).stats;
    expect(stats.ratePerSecond.mean).toBe(2);
    expect(findNonFinite(stats)).toBeUndefined();
  });

  it("the replay path: skip replays the hour and counts the row; error stops the run naming the line", () => {
    const path = hourTrace("y9999-replay.csv", YEAR_9999);
    const arrivals = new TraceArrivals(
      () => open(path, { onBadRow: "skip" }),
      { start: 0, end: Number.POSITIVE_INFINITY, speedup: 1, scale: 1, loop: true, origin: 0 },
      new RandomStreams(1).stream("t"),
    );
    const times: number[] = [];
    for (let i = 0; i < 150; i++) times.push(arrivals.next());
    arrivals.close();
    // Looping the real hour: every arrival finite, in order, one a minute.
    expect(times.every(Number.isFinite)).toBe(true);
    expect(times[149]).toBe(149 * 60);
    expect(arrivals.skipped).toBe(1);

    const scenario = (onBadRow: string) => `
name: y9999
seed: 1
duration: 2h
accounts:
  - name: a
    region: eastus
    deployments: [{ name: paygo, model: gpt-4o, sku: GlobalStandard, capacity: 100000 }]
traffic:
  - name: w
    via: a/paygo
    arrival: { type: trace, file: y9999-replay.csv, format: azure-llm, onBadRow: ${onBadRow} }
    maxTokens: 1000
`;
    const load = (onBadRow: string) =>
      loadScenario(scenario(onBadRow), join(scratch, "s.yaml"), { resolvePath: (p) => join(scratch, p) });
    const report = runScenario(load("skip")).report;
    expect(report.requests.arrived).toBe(60);
    expect(traceError(() => runScenario(load("error"))).line).toBe(62);
  });
});

describe("token counts and JSON output", () => {
  it("counts above 100 million tokens are bad rows; at the limit every figure stays finite", () => {
    const huge = file("huge.csv", `${HEADER}\n2023-11-16 18:00:00,999999999999999,1\n`);
    expect(traceError(() => readAll(open(huge))).message).toContain(
      'ContextTokens "999999999999999" is too large for a token count (at most 100,000,000)',
    );
    const jsonl = file("huge.jsonl", '{"t": 0, "p": 1e15, "c": 1}\n');
    expect(
      traceError(() => readAll(open(jsonl, { format: "jsonl", columns: CSV_COLUMNS }))).message,
    ).toContain("too large for a token count");
    const rows = Array.from({ length: 120 }, (_, i) => `${i / 2},100000000,100000000,100000000`);
    const max = file("max.csv", `t,p,c,k\n${rows.join("\n")}\n`);
    const columns = "time=t,prompt=p,completion=c,cached=k";
    const stats = profileTrace(open(max, { format: "csv", columns: { ...CSV_COLUMNS, cached: "k" } }), gpt4o);
    expect(findNonFinite(stats.stats)).toBeUndefined();
    expect(stats.stats.ptu?.atPeakMinute.ptu).toBeGreaterThan(1e6);
    const sized = computeSize({
      model: "gpt-4o",
      sku: "GlobalProvisionedManaged",
      trace: max,
      format: "csv",
      columns,
      json: true,
    });
    expect(JSON.stringify(sized)).not.toContain("null");
  });

  it("findNonFinite names the path of the first Infinity or NaN", () => {
    expect(findNonFinite({ a: 1, b: { c: [1, Number.POSITIVE_INFINITY] } })).toBe("b.c.1");
    expect(findNonFinite({ a: Number.NaN })).toBe("a");
    expect(findNonFinite({ a: null, b: "x", c: [0] })).toBeUndefined();
  });
});

describe("file-system errors: one line naming the path and the fix", () => {
  const dir = join(scratch, "a-folder");
  mkdirSync(dir, { recursive: true });

  it("a folder, a missing file and a path through a file", () => {
    const folder = traceError(() => open(dir));
    expect(folder.message).toBe(
      `${dir}: cannot read the trace: it is a folder, not a file; name a trace file inside it`,
    );
    const missing = traceError(() => open(join(scratch, "nope.csv")));
    expect(missing.message).toContain("nope.csv: cannot read the trace: no such file; check the path");
    const notDir = traceError(() => open(join(hourTrace("plain.csv"), "x.csv")));
    expect(notDir.message).toContain("a part of the path is a file, not a folder");
    // The scenario's resolved path is shown too when it differs from what the user wrote.
    const shown = traceError(() =>
      openTrace({
        path: dir,
        displayPath: "traces",
        format: "azure-llm",
        onBadRow: "error",
        reorderWindow: 10,
      }),
    );
    expect(shown.message).toBe(
      `traces: cannot read the trace (${dir}): it is a folder, not a file; name a trace file inside it`,
    );
    for (const e of [folder, missing, notDir, shown]) expectBounded(e.message);
  });

  it("size --trace of a folder is the same one-line TraceError", () => {
    expect(() =>
      computeSize({
        model: "gpt-4o",
        sku: "GlobalProvisionedManaged",
        trace: dir,
        format: "azure-llm",
        json: true,
      }),
    ).toThrow(/cannot read the trace: it is a folder/);
  });

  const root = process.getuid?.() === 0;
  it.skipIf(root)("an unreadable file (not testable as root: chmod does not stop root)", () => {
    const path = hourTrace("locked.csv");
    chmodSync(path, 0o000);
    try {
      expect(traceError(() => open(path)).message).toContain("permission denied; make the file readable");
    } finally {
      chmodSync(path, 0o644);
    }
  });
});

describe("excerpts in messages: bounded and escaped", () => {
  it("quote cuts at 80 printed characters, gives the full length and escapes control characters", () => {
    expect(quote("abc")).toBe('"abc"');
    expect(quote('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
    const long = quote("9".repeat(3_000_000));
    expect(long).toBe(`"${"9".repeat(EXCERPT_CHARS)}…" (3,000,000 characters)`);
    expect(quote("\u001b[31mred\u001b[0m\r\n\u009b2J\u202Eevil\u0000")).toBe(
      '"\\u001b[31mred\\u001b[0m\\r\\n\\u009b2J\\u202eevil\\u0000"',
    );
    // Escapes count towards the bound, and a surrogate pair (an emoji) is never split.
    expect(quote("\u001b".repeat(100)).length).toBeLessThan(EXCERPT_CHARS + 40);
    expect(quote(`${"x".repeat(79)}😀`)).toBe(`"${"x".repeat(79)}…" (81 characters)`);
    expect(quote("\ud800x")).toBe('"\\ud800x"');
    expect(plain("a\u001bb", 2)).toBe("a…");
  });

  it("a 3 MB cell is quoted in 80 characters", () => {
    const path = file("big-cell.csv", `${HEADER}\n2023-11-16 18:00:00,${"9".repeat(3_000_000)},1\n`);
    const e = traceError(() => readAll(open(path)));
    expect(e.message).toContain("(3,000,000 characters) is too large for a token count");
    expectBounded(e.message);
    const time = file("big-time.csv", `${HEADER}\n2023-11-16 18:00:00${"0".repeat(100_000)},1,1\n`);
    expectBounded(traceError(() => readAll(open(time))).message);
  });

  it("control characters in a cell are escaped, not written to the terminal", () => {
    // ESC and BEL (OSC: set the window title), C1 CSI (clear the screen), a right-to-left override.
    const path = file("escape.csv", `${HEADER}\n2023-11-16 18:00:00,\u001b]0;pwned\u0007\u009b2J\u202e1,1\n`);
    const e = traceError(() => readAll(open(path)));
    expect(e.message).toContain('ContextTokens "\\u001b]0;pwned\\u0007\\u009b2J\\u202e1" is not a number');
    expectBounded(e.message);
    const jsonl = file(
      "escape.jsonl",
      `{"t": 0, "p": 1, "c": 1}\n{"t": 1, "p": "\\u001b[2J", "c": 1}\n{"t": 2, \u001b[2J\n`,
    );
    const source = open(jsonl, { format: "jsonl", columns: CSV_COLUMNS, onBadRow: "skip" });
    expect(readAll(source)).toHaveLength(1);
    expect(source.skipSamples).toHaveLength(2);
    expect(source.skipSamples[0]).toBe('line 2: p "\\u001b[2J" is not a number; expected a token count');
    for (const sample of source.skipSamples) expectBounded(sample);
  });

  it("a garbage first line: the columns found are listed briefly, the line never whole", () => {
    const passwd = file(
      "passwd",
      "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
    );
    const e = traceError(() => open(passwd));
    expect(e.message).not.toContain("root:x:0:0:root:/root:/bin/bash");
    expect(e.message).toContain('columns found: "root:x:0:0:root:/root:/b…" (31 characters)');
    const wide = file("wide.csv", `${Array.from({ length: 5000 }, (_, i) => `c${i}`).join(",")}\n1\n`);
    const w = traceError(() => open(wide));
    expect(w.message).toContain("… and 4988 more");
    expectBounded(w.message, 700);
  });

  it("CR-only line endings are named, with the fix, for CSV and JSONL", () => {
    const rows = [HEADER];
    for (let i = 0; i < 1000; i++)
      rows.push(`2023-11-16 18:00:${String(i % 60).padStart(2, "0")}.0000000,100,10`);
    const path = file("mac.csv", `${rows.join("\r")}\r`);
    const e = traceError(() => open(path));
    expect(e.message).toMatch(
      /the file uses CR line endings \(classic Mac\), so it reads as one line of [\d,]+ characters/,
    );
    expect(e.message).toContain("tr '\\r' '\\n' < old.csv > new.csv");
    expectBounded(e.message);
    const jsonl = file("mac.jsonl", '{"t": 0, "p": 1, "c": 1}\r{"t": 1, "p": 1, "c": 1}\r');
    expect(traceError(() => open(jsonl, { format: "jsonl", columns: CSV_COLUMNS })).message).toContain(
      "CR line endings",
    );
    // CRLF files are not CR-only files.
    expect(readAll(open(file("crlf.csv", `${rows.slice(0, 5).join("\r\n")}\r\n`)))).toHaveLength(4);
  });
});

describe("the CLI: exit 2 and one line on stderr", () => {
  const bin = join(import.meta.dirname, "../../dist/spillway.mjs");
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });

  it.skipIf(!existsSync(bin))("trace stats on a folder; size --rpm 1e308 --json", () => {
    const dir = join(scratch, "cli-folder");
    mkdirSync(dir, { recursive: true });
    for (const args of [
      ["trace", "stats", dir],
      [
        "size",
        "--model",
        "gpt-4o",
        "--rpm",
        "1e308",
        "--prompt-tokens",
        "10",
        "--completion-tokens",
        "1",
        "--json",
      ],
    ]) {
      const r = run(...args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n"), r.stderr).toHaveLength(1);
      expect(r.stderr).not.toContain("    at ");
    }
  });
});

describe("trace commands print finite figures", () => {
  it("trace stats --json and trace fit of a sub-microsecond trace at the token limit", async () => {
    // Two rows 1e-320 s apart: the mean rate per second was Infinity, which JSON prints as null.
    const path = file("max-cli.csv", "t,p,c,k\n0,100000000,100000000,0\n1e-320,100000000,100000000,0\n");
    const write = process.stdout.write;
    let out = "";
    process.stdout.write = ((chunk: string) => {
      out += chunk;
      return true;
    }) as typeof process.stdout.write;
    try {
      const common = {
        file: path,
        format: "csv",
        columns: "time=t,prompt=p,completion=c,cached=k",
        onBadRow: "error",
      };
      await traceStatsCommand({ ...common, json: true, model: "gpt-4o", sku: "GlobalProvisionedManaged" });
      const stats = JSON.parse(out);
      expect(stats.ptu.atMean.ptu).toBeGreaterThan(0);
      expect(out).not.toMatch(/null|Infinity|NaN/);
      out = "";
      await traceFitCommand({ ...common, step: "60s", tokens: "lognormal", name: "w" });
      expect(out).not.toMatch(/\.inf|\.nan|null/i);
    } finally {
      process.stdout.write = write;
    }
  });
});
