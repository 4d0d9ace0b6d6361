import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FORMAT_DEFAULTS } from "../../src/workload/trace/columns.js";
import { LineReader } from "../../src/workload/trace/line-reader.js";
import { openTrace, type TraceReadTuning } from "../../src/workload/trace/open-trace.js";
import { writeSyntheticTrace } from "../../src/workload/trace/synthetic.js";
import { formatAzureTimestamp, parseTimestamp } from "../../src/workload/trace/timestamps.js";
import {
  TraceError,
  type TraceOpenOptions,
  type TraceRow,
  type TraceSource,
} from "../../src/workload/trace/trace-types.js";
import {
  COUNT_EMPTY,
  COUNT_NEGATIVE,
  COUNT_NOT_NUMBER,
  COUNT_NOT_WHOLE,
  parseCount,
} from "../../src/workload/trace/values.js";

const FIXTURES = join(import.meta.dirname, "fixtures");
const SHARED = join(import.meta.dirname, "../../scenarios/traces");
const scratch = mkdtempSync(join(tmpdir(), "spillway-trace-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Epoch seconds of a UTC time, built independently of the reader: whole seconds from Date.UTC plus the fraction's decimal text. */
function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, fraction = ""): number {
  const whole = Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
  return fraction === "" ? whole : whole + Number(`0.${fraction}`);
}

function open(
  file: string,
  format: TraceOpenOptions["format"],
  extra: Partial<TraceOpenOptions> = {},
  tuning: TraceReadTuning = {},
): TraceSource {
  const path = file.startsWith("/") ? file : join(FIXTURES, file);
  return openTrace(
    { path, displayPath: file, format, onBadRow: "error", reorderWindow: 10, ...extra },
    tuning,
  );
}

function readAll(source: TraceSource): TraceRow[] {
  const rows: TraceRow[] = [];
  for (let row = source.next(); row !== undefined; row = source.next()) rows.push(row);
  source.close();
  return rows;
}

function rowsOf(
  file: string,
  format: TraceOpenOptions["format"],
  extra: Partial<TraceOpenOptions> = {},
  tuning: TraceReadTuning = {},
): TraceRow[] {
  return readAll(open(file, format, extra, tuning));
}

/** The TraceError a call throws (fails the test when it throws something else or nothing). */
function traceError(fn: () => unknown): TraceError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TraceError);
    return e as TraceError;
  }
  throw new Error("expected a TraceError");
}

function scratchFile(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

describe("timestamps", () => {
  it("parses the Azure trace forms to the microsecond", () => {
    const p = (s: string) => parseTimestamp(s, 0, s.length);
    expect(p("2023-11-16 18:15:46.6805900")).toBe(utc(2023, 11, 16, 18, 15, 46, "6805900"));
    expect(p("2024-05-10 00:00:00.004291+00:00")).toBe(utc(2024, 5, 10, 0, 0, 0, "004291"));
    expect(p("2024-05-10 00:00:00+00:00")).toBe(utc(2024, 5, 10, 0, 0, 0));
    expect(p("2024-05-10T00:00:00.5Z")).toBe(utc(2024, 5, 10, 0, 0, 0, "5"));
    expect(p("2024-05-10T02:30:00+02:30")).toBe(utc(2024, 5, 10, 0, 0, 0));
    expect(p("2024-05-09T23:00:00-0100")).toBe(utc(2024, 5, 10, 0, 0, 0));
    expect(p("2024-05-10 00:00")).toBe(utc(2024, 5, 10, 0, 0, 0));
    expect(p("2024-05-10")).toBe(utc(2024, 5, 10, 0, 0, 0));
    expect(p("2024-02-29 12:00:00")).toBe(utc(2024, 2, 29, 12, 0, 0));
    expect(p("1969-12-31 23:59:59.5")).toBe(-0.5);
    // Microsecond exactness: the fraction survives the addition to a 1.7e9 epoch.
    const t = p("2024-05-10 00:00:00.123457+00:00");
    expect(Math.round((t - utc(2024, 5, 10, 0, 0, 0)) * 1e6)).toBe(123457);
  });

  it("parses the Log Analytics portal's US format", () => {
    const p = (s: string) => parseTimestamp(s, 0, s.length);
    expect(p("11/25/2026, 8:10:49.123 AM")).toBe(utc(2026, 11, 25, 8, 10, 49, "123"));
    expect(p("11/25/2026, 8:10:49.123 PM")).toBe(utc(2026, 11, 25, 20, 10, 49, "123"));
    expect(p("11/25/2026, 12:00:00.000 AM")).toBe(utc(2026, 11, 25, 0, 0, 0));
    expect(p("11/25/2026, 12:30:00 PM")).toBe(utc(2026, 11, 25, 12, 30, 0));
    expect(p("1/5/2026 17:01:02")).toBe(utc(2026, 1, 5, 17, 1, 2));
  });

  it("rejects what is not a timestamp", () => {
    for (const bad of [
      "2023-13-16 18:15:46",
      "2023-02-30 00:00:00",
      "2023-11-16 24:00:00",
      "2023-11-16 18:60:00",
      "2023-11-16 18:15:46.",
      "2023-11-16 18:15:46 junk",
      "2023-11-16X18:15:46",
      "2023-11-16 18:15:46+25:00",
      "13/25/2026, 8:10:49 AM",
      "11/25/2026, 13:10:49 PM",
      "yesterday",
      "",
    ]) {
      expect(Number.isNaN(parseTimestamp(bad, 0, bad.length)), bad).toBe(true);
    }
  });

  it("formats both Azure styles so that they parse back", () => {
    const whole = utc(2024, 5, 10, 0, 0, 0);
    expect(formatAzureTimestamp(whole, 42_910, "2024")).toBe("2024-05-10 00:00:00.004291+00:00");
    expect(formatAzureTimestamp(whole, 5_000_000, "2024")).toBe("2024-05-10 00:00:00.5+00:00");
    expect(formatAzureTimestamp(whole, 0, "2024")).toBe("2024-05-10 00:00:00+00:00");
    expect(formatAzureTimestamp(whole + 3661, 6_805_900, "2023")).toBe("2024-05-10 01:01:01.6805900");
  });
});

describe("token counts", () => {
  it("reads non-negative integers in place and names what is wrong otherwise", () => {
    const c = (s: string) => parseCount(s, 0, s.length);
    expect(c("374")).toBe(374);
    expect(c(" 12 ")).toBe(12);
    expect(c("12.0")).toBe(12);
    expect(c("0")).toBe(0);
    expect(c("")).toBe(COUNT_EMPTY);
    expect(c("abc")).toBe(COUNT_NOT_NUMBER);
    expect(c("1e3")).toBe(COUNT_NOT_NUMBER);
    expect(c("-5")).toBe(COUNT_NEGATIVE);
    expect(c("12.5")).toBe(COUNT_NOT_WHOLE);
  });
});

describe("formats", () => {
  it("azure-llm, 2023 style: rows and times exactly", () => {
    const rows = rowsOf("azure-llm-2023.csv", "azure-llm");
    expect(rows).toEqual([
      { time: utc(2023, 11, 16, 18, 15, 46, "6805900"), prompt: 374, completion: 44, cached: -1, line: 2 },
      { time: utc(2023, 11, 16, 18, 15, 50, "9951690"), prompt: 396, completion: 109, cached: -1, line: 3 },
      { time: utc(2023, 11, 16, 18, 15, 51, "2224670"), prompt: 879, completion: 55, cached: -1, line: 4 },
      { time: utc(2023, 11, 16, 18, 15, 51, "3910170"), prompt: 91, completion: 16, cached: -1, line: 5 },
    ]);
  });

  it("azure-llm, 2024 style: mixed precision, +00:00, no final newline, small disorder sorted", () => {
    const rows = rowsOf("azure-llm-2024.csv", "azure-llm");
    expect(rows.map((r) => [r.line, r.time, r.prompt, r.completion])).toEqual([
      [2, utc(2024, 5, 10, 0, 0, 0), 1024, 12],
      [3, utc(2024, 5, 10, 0, 0, 0, "004291"), 2048, 34],
      [5, utc(2024, 5, 10, 0, 0, 0, "04"), 77, 8],
      [4, utc(2024, 5, 10, 0, 0, 0, "5"), 10, 0],
      [6, utc(2024, 5, 10, 0, 0, 1, "1234567"), 5, 6],
      [7, utc(2024, 5, 10, 0, 0, 1, "999999"), 300, 400],
    ]);
  });

  it("aoai-log: the portal's US export, BOM and `TimeGenerated [UTC]` header, cached tokens", () => {
    const rows = rowsOf("aoai-log-portal.csv", "aoai-log");
    expect(rows).toEqual([
      { time: utc(2026, 11, 25, 8, 10, 49, "123"), prompt: 1200, completion: 300, cached: 1024, line: 2 },
      { time: utc(2026, 11, 25, 8, 10, 49, "5"), prompt: 800, completion: 150, cached: -1, line: 3 },
      { time: utc(2026, 11, 25, 12, 0, 0), prompt: 50, completion: 5, cached: 0, line: 4 },
      { time: utc(2026, 11, 25, 23, 59, 59, "999"), prompt: 60, completion: 6, cached: 0, line: 5 },
      { time: utc(2026, 11, 26, 0, 0, 0, "001"), prompt: 70, completion: 7, cached: -1, line: 6 },
    ]);
    const ptu = rowsOf("aoai-log-portal.csv", "aoai-log", { tag: "gpt-4o-ptu" });
    expect(ptu.map((r) => r.line)).toEqual([2, 4, 5]);
  });

  it("aoai-log: ISO times with 7 digits and Z, header without [UTC]", () => {
    const rows = rowsOf("aoai-log-iso.csv", "aoai-log");
    expect(rows.map((r) => [r.time, r.prompt, r.completion, r.cached])).toEqual([
      [utc(2026, 11, 25, 8, 10, 49, "1234567"), 100, 10, -1],
      [utc(2026, 11, 25, 8, 10, 50), 200, 20, -1],
      [utc(2026, 11, 25, 8, 10, 50, "5"), 300, 30, -1],
    ]);
    expect(rowsOf("aoai-log-iso.csv", "aoai-log", { tag: "batch" }).map((r) => r.line)).toEqual([4]);
  });

  it("apim-llm-log: one row per request, continuation entries dropped, tag = DeploymentName", () => {
    const rows = rowsOf("apim-llm-log.csv", "apim-llm-log");
    expect(rows).toEqual([
      { time: utc(2026, 11, 25, 9, 0, 0), prompt: 1000, completion: 200, cached: -1, line: 2 },
      { time: utc(2026, 11, 25, 9, 0, 1, "25"), prompt: 500, completion: 0, cached: -1, line: 5 },
      { time: utc(2026, 11, 25, 9, 0, 2), prompt: 4000, completion: 800, cached: -1, line: 6 },
      { time: utc(2026, 11, 25, 9, 0, 3, "5"), prompt: 30, completion: 3, cached: -1, line: 8 },
    ]);
    const chat = rowsOf("apim-llm-log.csv", "apim-llm-log", { tag: "chat" });
    expect(chat.map((r) => r.line)).toEqual([2, 6, 8]);
  });

  it("csv: absolute ISO times with Z, offsets and none; cached and tag columns", () => {
    const columns = { time: "ts", prompt: "in", completion: "out", cached: "cached", tag: "workload" };
    const rows = rowsOf("csv-absolute.csv", "csv", { columns });
    expect(rows).toEqual([
      { time: utc(2026, 1, 2, 3, 4, 5), prompt: 100, completion: 10, cached: 50, line: 2 },
      { time: utc(2026, 1, 2, 3, 4, 5, "25"), prompt: 200, completion: 20, cached: 0, line: 3 },
      { time: utc(2026, 1, 2, 3, 4, 6), prompt: 300, completion: 30, cached: -1, line: 4 },
      { time: utc(2026, 1, 2, 3, 4, 7), prompt: 400, completion: 40, cached: 400, line: 5 },
      { time: utc(2026, 1, 2, 3, 4, 8, "000001"), prompt: 500, completion: 50, cached: 0, line: 6 },
    ]);
    expect(rowsOf("csv-absolute.csv", "csv", { columns, tag: "batch" }).map((r) => r.line)).toEqual([4]);
  });

  it("csv: column names match case-insensitively", () => {
    const rows = rowsOf("csv-absolute.csv", "csv", {
      columns: { time: "TS", prompt: "In", completion: "OUT" },
    });
    expect(rows.map((r) => r.prompt)).toEqual([100, 200, 300, 400, 500]);
  });

  it("jsonl: millisecond times to seconds, blank lines ignored but counted, numeric strings accepted", () => {
    const columns = { time: "ts_ms", timeUnit: "ms" as const, prompt: "in", completion: "out", tag: "app" };
    const rows = rowsOf("jsonl-ms.jsonl", "jsonl", { columns });
    expect(rows).toEqual([
      { time: 0, prompt: 10, completion: 1, cached: -1, line: 1 },
      { time: 1.5, prompt: 20, completion: 2, cached: -1, line: 2 },
      { time: 2.25, prompt: 30, completion: 3, cached: -1, line: 4 },
      { time: 4.001, prompt: 40, completion: 4, cached: -1, line: 6 },
    ]);
    expect(rowsOf("jsonl-ms.jsonl", "jsonl", { columns, tag: "a" }).map((r) => r.line)).toEqual([1, 4, 6]);
  });

  it("exports the default columns of every format", () => {
    expect(FORMAT_DEFAULTS["azure-llm"]).toMatchObject({
      time: "TIMESTAMP",
      prompt: "ContextTokens",
      completion: "GeneratedTokens",
    });
    expect(FORMAT_DEFAULTS["aoai-log"]).toMatchObject({ time: "TimeGenerated", tag: "DeploymentName" });
    expect(FORMAT_DEFAULTS["apim-llm-log"]).toMatchObject({
      sequence: "SequenceNumber",
      tag: "DeploymentName",
    });
  });
});

describe("quoting, CRLF and chunk boundaries", () => {
  const quotedColumns = { time: "time", prompt: "prompt", completion: "completion", tag: "tag" };

  it("reads RFC 4180 quoting: quoted numbers, commas, doubled quotes and a field spanning lines", () => {
    const rows = rowsOf("quoted.csv", "csv", { columns: quotedColumns });
    expect(rows.map((r) => [r.line, r.time, r.prompt])).toEqual([
      [2, 1.5, 100],
      [3, 2, 200],
      [4, 2.5, 300],
      [5, 3, 400],
      [7, 4, 500],
    ]);
    const tag = (t: string) =>
      rowsOf("quoted.csv", "csv", { columns: quotedColumns, tag: t }).map((r) => r.line);
    expect(tag("with, comma")).toEqual([3]);
    expect(tag('say "hi"')).toEqual([4]);
    expect(tag("two\nlines")).toEqual([5]);
  });

  it("reads CRLF files with multi-byte UTF-8 at every chunk size", () => {
    const expected = [
      { time: 0, prompt: 1, completion: 2, cached: -1, line: 2 },
      { time: 0.5, prompt: 3, completion: 4, cached: -1, line: 3 },
      { time: 1, prompt: 5, completion: 6, cached: -1, line: 5 },
      { time: 2, prompt: 7, completion: 8, cached: -1, line: 6 },
    ];
    for (let chunkBytes = 1; chunkBytes <= 17; chunkBytes++) {
      expect(rowsOf("crlf-utf8.csv", "csv", { columns: quotedColumns }, { chunkBytes })).toEqual(expected);
      const cafe = rowsOf("crlf-utf8.csv", "csv", { columns: quotedColumns, tag: "café" }, { chunkBytes });
      expect(cafe.map((r) => r.line)).toEqual([2, 5]);
      const emoji = rowsOf("crlf-utf8.csv", "csv", { columns: quotedColumns, tag: "😀" }, { chunkBytes });
      expect(emoji.map((r) => r.line)).toEqual([6]);
    }
  });

  it("gives the same rows whatever the chunk size (quoted multi-line records included)", () => {
    const reference = rowsOf("quoted.csv", "csv", { columns: quotedColumns });
    const portal = rowsOf("aoai-log-portal.csv", "aoai-log");
    for (const chunkBytes of [1, 2, 3, 5, 8, 13, 64]) {
      expect(rowsOf("quoted.csv", "csv", { columns: quotedColumns }, { chunkBytes })).toEqual(reference);
      expect(rowsOf("aoai-log-portal.csv", "aoai-log", {}, { chunkBytes })).toEqual(portal);
    }
  });

  it("the line reader drops a byte-order mark and CRs, keeps a final line without newline, counts blank lines", () => {
    const path = scratchFile("bom.txt", "\ufeffa,b\r\n\r\nc\u00e9,d\re\r\nlast");
    for (const chunkBytes of [1, 2, 3, 4, 1 << 20]) {
      const reader = new LineReader(path, "bom.txt", chunkBytes);
      const seen: string[] = [];
      while (reader.next()) seen.push(`${reader.line}:${reader.text()}`);
      reader.close();
      reader.close(); // idempotent
      expect(seen).toEqual(["1:a,b", "2:", "3:c\u00e9,d\re", "4:last"]);
    }
  });

  it("reads a CRLF copy of a file exactly like the LF original", () => {
    const lf = readFileSync(join(FIXTURES, "apim-llm-log.csv"), "utf8");
    const path = scratchFile("apim-crlf.csv", lf.replaceAll("\n", "\r\n"));
    expect(rowsOf(path, "apim-llm-log", {}, { chunkBytes: 7 })).toEqual(
      rowsOf("apim-llm-log.csv", "apim-llm-log"),
    );
  });
});

describe("bad rows", () => {
  it("error: stops at the first bad number with its line and value", () => {
    // The reorder buffer reads ahead, so the error comes from whichever next() reaches the line.
    const source = open("bad-number.csv", "azure-llm");
    const e = traceError(() => readAll(source));
    expect(e.line).toBe(3);
    expect(e.file).toBe("bad-number.csv");
    expect(e.message).toBe(
      'bad-number.csv: line 3: ContextTokens "abc" is not a number; expected a token count',
    );
    source.close();
  });

  it("skip: counts every kind of bad number and field count, keeps five samples, reads the rest", () => {
    const source = open("bad-number.csv", "azure-llm", { onBadRow: "skip" });
    const rows = readAll(source);
    expect(rows.map((r) => r.line)).toEqual([2, 5, 9]);
    expect(source.skipped).toBe(5);
    expect(source.skipSamples).toEqual([
      'line 3: ContextTokens "abc" is not a number; expected a token count',
      'line 4: GeneratedTokens "-5" is negative; token counts must be >= 0',
      'line 6: ContextTokens "12.5" is not a whole number of tokens',
      "line 7: ContextTokens is empty; expected a token count",
      'line 8: expected 3 fields as in the header, found 4: "2023-11-16 18:15:54.0000000,7,8,9"',
    ]);
  });

  it("a bad timestamp: the physical line (blank lines count) and the value", () => {
    const e = traceError(() => rowsOf("bad-timestamp.csv", "azure-llm"));
    expect(e.line).toBe(4);
    expect(e.message).toContain(
      'bad-timestamp.csv: line 4: TIMESTAMP "2023-13-16 18:15:50.9951690" is not a timestamp',
    );
    const source = open("bad-timestamp.csv", "azure-llm", { onBadRow: "skip" });
    expect(readAll(source).map((r) => r.line)).toEqual([2, 5]);
    expect(source.skipped).toBe(1);
    expect(source.skipSamples[0]).toMatch(/^line 4: TIMESTAMP "2023-13-16/);
  });

  it("a missing column: line 1, listing the columns found, whatever the policy", () => {
    for (const onBadRow of ["error", "skip"] as const) {
      const e = traceError(() => open("missing-column.csv", "azure-llm", { onBadRow }));
      expect(e.line).toBe(1);
      expect(e.message).toContain('no column "ContextTokens"');
      expect(e.message).toContain('columns found: "TIMESTAMP", "PromptTokens", "GeneratedTokens"');
    }
    const tagged = traceError(() => open("aoai-log-iso.csv", "aoai-log", { columns: { cached: "Cached" } }));
    expect(tagged.message).toContain('no column "Cached"');
  });

  it("broken quoting: text after a closing quote and a quote never closed", () => {
    const columns = { time: "time", prompt: "prompt", completion: "completion", tag: "tag" };
    const e = traceError(() => rowsOf("bad-quote.csv", "csv", { columns }));
    expect(e.line).toBe(3);
    expect(e.message).toContain("unexpected text after the closing quote of field 2");
    const source = open("bad-quote.csv", "csv", { columns, onBadRow: "skip" });
    expect(readAll(source).map((r) => r.line)).toEqual([2, 4]);
    expect(source.skipped).toBe(2);
    expect(source.skipSamples[1]).toMatch(/^line 5: a quoted field \(field 4\) is not closed/);
  });

  it("empty file, header only, all rows bad, no row of the tag: TraceErrors at open", () => {
    expect(traceError(() => open("empty.csv", "azure-llm")).message).toContain("the file is empty");
    expect(traceError(() => open("header-only.csv", "azure-llm")).message).toContain("a header but no rows");
    const allBad = scratchFile("all-bad.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\nx,1,1\ny,2,2\n");
    expect(traceError(() => open(allBad, "azure-llm", { onBadRow: "skip" })).message).toContain(
      "no usable rows: 2 rows were bad",
    );
    const noTag = traceError(() => open("apim-llm-log.csv", "apim-llm-log", { tag: "nope" }));
    expect(noTag.message).toContain('no row has tag "nope" in DeploymentName (tags found: "chat", "embed")');
    const emptyJsonl = scratchFile("blank.jsonl", "\n\n");
    const columns = { time: "t", prompt: "p", completion: "c" };
    expect(traceError(() => open(emptyJsonl, "jsonl", { columns })).message).toContain("no rows");
  });

  it("jsonl: invalid JSON and missing keys are bad rows with their line", () => {
    const path = scratchFile(
      "bad.jsonl",
      '{"t": 1, "p": 2, "c": 3}\n{"t": 2, "p": 2\n\n{"t": 3, "c": 3}\n[1, 2]\n{"t": 4, "p": -1, "c": 3}\n{"t": 5, "p": 1, "c": 1}\n',
    );
    const columns = { time: "t", prompt: "p", completion: "c" };
    expect(traceError(() => rowsOf(path, "jsonl", { columns })).line).toBe(2);
    const source = open(path, "jsonl", { columns, onBadRow: "skip" });
    expect(readAll(source).map((r) => r.line)).toEqual([1, 7]);
    expect(source.skipped).toBe(4);
    expect(source.skipSamples[0]).toMatch(/^line 2: not valid JSON/);
    expect(source.skipSamples[1]).toBe('line 4: no key "p" (keys in this row: "t", "c")');
    expect(source.skipSamples[2]).toBe('line 5: expected a JSON object, found "[1, 2]"');
    expect(source.skipSamples[3]).toBe('line 6: p "-1" is negative; token counts must be >= 0');
  });

  it("configuration mistakes are TraceErrors naming what to set", () => {
    expect(traceError(() => open("quoted.csv", "csv")).message).toContain("needs columns.time");
    expect(traceError(() => open("azure-llm-2023.csv", "azure-llm", { tag: "chat" })).message).toContain(
      "set columns.tag",
    );
    expect(traceError(() => open("nowhere.csv", "azure-llm")).message).toContain("no such file");
  });
});

describe("reorder window", () => {
  it("sorts rows out of order within the window", () => {
    const rows = rowsOf("out-of-order.csv", "azure-llm", { reorderWindow: 60 });
    expect(rows.map((r) => r.line)).toEqual([2, 4, 7, 3, 5, 6, 8]);
    for (let i = 1; i < rows.length; i++) expect(rows[i].time).toBeGreaterThanOrEqual(rows[i - 1].time);
  });

  it("beyond the window: error names the line and the lag, skip drops the row", () => {
    const e = traceError(() => rowsOf("out-of-order.csv", "azure-llm"));
    expect(e.line).toBe(7);
    expect(e.message).toContain('time "2023-11-16 18:00:02.0000000" is out of order by 43 s');
    expect(e.message).toContain("sort the file or raise reorderWindow (now 10 s)");
    const source = open("out-of-order.csv", "azure-llm", { onBadRow: "skip" });
    expect(readAll(source).map((r) => r.line)).toEqual([2, 4, 3, 5, 6, 8]);
    expect(source.skipped).toBe(1);
    expect(source.skipSamples[0]).toMatch(/^line 7: time .* out of order by 43 s/);
  });

  it("keeps equal times in file order and never goes back in time", () => {
    // 3 arrives after 5 was emitted (20 pushed it out) but within the window: replayed at 5, not before it.
    const path = scratchFile("late.csv", "t,p,c\n0,1,1\n5,2,2\n5,3,3\n20,4,4\n3,5,5\n21,6,6\n");
    const rows = rowsOf(path, "csv", { columns: { time: "t", prompt: "p", completion: "c" } });
    expect(rows.map((r) => [r.line, r.time])).toEqual([
      [2, 0],
      [3, 5],
      [4, 5],
      [6, 5],
      [5, 20],
      [7, 21],
    ]);
  });

  it("a zero window accepts sorted input and rejects any disorder", () => {
    const columns = { time: "t", prompt: "p", completion: "c" };
    const sorted = scratchFile("sorted.csv", "t,p,c\n1,1,1\n1,2,2\n2,3,3\n");
    expect(rowsOf(sorted, "csv", { columns, reorderWindow: 0 }).map((r) => r.line)).toEqual([2, 3, 4]);
    const late = scratchFile("late0.csv", "t,p,c\n1,1,1\n3,2,2\n4,2,2\n2,3,3\n");
    expect(traceError(() => rowsOf(late, "csv", { columns, reorderWindow: 0 })).line).toBe(5);
  });
});

describe("the real traces shipped in scenarios/traces", () => {
  it("azure-llm-2023-conv.csv: 19,366 rows, token sums, non-decreasing times", () => {
    // Expected values from a plain whole-file split, independent of the reader.
    const lines = readFileSync(join(SHARED, "azure-llm-2023-conv.csv"), "utf8").split(/\r?\n/);
    const data = lines.slice(1).filter((l) => l !== "");
    let context = 0;
    let generated = 0;
    for (const l of data) {
      const [, c, g] = l.split(",");
      context += Number(c);
      generated += Number(g);
    }
    expect(data.length).toBe(19_366);

    const rows = rowsOf(join(SHARED, "azure-llm-2023-conv.csv"), "azure-llm");
    expect(rows.length).toBe(19_366);
    expect(rows.reduce((s, r) => s + r.prompt, 0)).toBe(context);
    expect(rows.reduce((s, r) => s + r.completion, 0)).toBe(generated);
    for (let i = 1; i < rows.length; i++) expect(rows[i].time >= rows[i - 1].time).toBe(true);
    expect(rows[0].time).toBe(utc(2023, 11, 16, 18, 15, 46, "6805900"));
    expect(rows.at(-1)?.line).toBe(19_367);
  });

  it("azure-llm-2023-conv.csv reads identically with 1000-byte chunks", () => {
    const path = join(SHARED, "azure-llm-2023-conv.csv");
    expect(rowsOf(path, "azure-llm", {}, { chunkBytes: 1000 })).toEqual(rowsOf(path, "azure-llm"));
  });

  it("mooncake-synthetic.jsonl: 3,993 rows, times in seconds", () => {
    const text = readFileSync(join(SHARED, "mooncake-synthetic.jsonl"), "utf8");
    const maxMs = Math.max(
      ...text
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => (JSON.parse(l) as { timestamp: number }).timestamp),
    );
    const columns = {
      time: "timestamp",
      timeUnit: "ms" as const,
      prompt: "input_length",
      completion: "output_length",
    };
    const rows = rowsOf(join(SHARED, "mooncake-synthetic.jsonl"), "jsonl", { columns });
    expect(rows.length).toBe(3_993);
    expect(rows.at(-1)?.time).toBe(maxMs / 1000);
    for (let i = 1; i < rows.length; i++) expect(rows[i].time >= rows[i - 1].time).toBe(true);
  });
});

describe("writeSyntheticTrace", () => {
  it("writes a sorted azure-llm trace that reads back with the same sums", () => {
    const path = join(scratch, "synthetic.csv");
    const summary = writeSyntheticTrace(path, 2000, "azure-llm", { duration: 3600 });
    const rows = rowsOf(path, "azure-llm", { reorderWindow: 0 });
    expect(rows.length).toBe(2000);
    expect(rows.reduce((s, r) => s + r.prompt, 0)).toBe(summary.promptSum);
    expect(rows.reduce((s, r) => s + r.completion, 0)).toBe(summary.completionSum);
    expect(rows.map((r) => r.line)).toEqual(rows.map((_, i) => i + 2));
    const start = utc(2023, 11, 16, 0, 0, 0);
    expect(rows[0].time).toBeGreaterThanOrEqual(start);
    expect(rows.at(-1)?.time).toBeLessThan(start + 3600);
    expect(readFileSync(path, "utf8").split("\n")[1]).toMatch(/^2023-11-16 00:00:0\d\.\d{7},\d+,\d+$/);
  });

  it("is deterministic for a seed and writes the 2024 style, csv and jsonl", () => {
    const a = join(scratch, "a.csv");
    const b = join(scratch, "b.csv");
    writeSyntheticTrace(a, 300, "azure-llm", { seed: 7, style: "2024" });
    writeSyntheticTrace(b, 300, "azure-llm", { seed: 7, style: "2024" });
    expect(readFileSync(a, "utf8")).toBe(readFileSync(b, "utf8"));
    expect(readFileSync(a, "utf8")).toContain("+00:00,");
    expect(rowsOf(a, "azure-llm", { reorderWindow: 0 }).length).toBe(300);

    const csv = join(scratch, "rel.csv");
    const s1 = writeSyntheticTrace(csv, 300, "csv", { duration: 60 });
    const csvRows = rowsOf(csv, "csv", {
      columns: { time: "time", prompt: "prompt", completion: "completion" },
    });
    expect(csvRows.reduce((s, r) => s + r.prompt, 0)).toBe(s1.promptSum);
    expect(csvRows.at(-1)?.time).toBeLessThan(60);

    const jsonl = join(scratch, "syn.jsonl");
    const s2 = writeSyntheticTrace(jsonl, 300, "jsonl", { duration: 60 });
    const columns = {
      time: "timestamp",
      timeUnit: "ms" as const,
      prompt: "input_length",
      completion: "output_length",
    };
    const jsonRows = rowsOf(jsonl, "jsonl", { columns });
    expect(jsonRows.reduce((s, r) => s + r.completion, 0)).toBe(s2.completionSum);
  });
});
