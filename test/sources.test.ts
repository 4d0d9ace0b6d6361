/**
 * Citations resolve inside the repository: a clone alone must be able to follow every one. No file cites a path
 * outside the repository (the notes Spillway was written from are not shipped), and every source tag a comment uses
 * (`[S13]`, `[MS-f]`, `[3P-b]`) has its row, with a public page and a date, in docs/sources.md.
 *
 * This file and docs/sources.md are not scanned: their examples and rows would cite themselves.
 */
import { readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const SOURCES = "docs/sources.md";
const SELF = "test/sources.test.ts";
/** Text files only: the shipped traces (CSV, JSONL) are data. */
const TEXT_EXTENSIONS = new Set([".ts", ".md", ".yaml", ".yml", ".json", ".py", ".js", ".mjs"]);
/** Generated and git-ignored, not part of the repository. */
const SKIPPED = new Set(["node_modules", "bench/out"]);

/** Paths and names of documents that live outside the repository. */
const OUTSIDE_PATHS: RegExp[] = [
  /\/work\/shared/,
  /\.\.\/shared\b/,
  /\.\.\/reference\//,
  /\bshared\/(?:reference|design|data)\b/,
  // The Microsoft Learn page cost-management-billing/reservations/azure-openai.md ([S12]) shares the name.
  /(?<!reservations\/)\bazure-openai\.md\b/,
  /\bapim-and-routers\.md\b/,
  /\bpeers-and-traces\.md\b/,
  /\bstyle-anchors\.md\b/,
  /\bscenario-format\.md\b/,
  /\breport-format\.md\b/,
  /\barchitecture\.md\b/,
  /\bfact[ -]sheets?\b/i,
];

/** A source tag: `S` and a number (with an optional letter), or an APIM tag `MS`, `MS-x`, `3P`, `3P-x`. */
const TAG = /^(?:S\d+[a-z]?|MS(?:-[a-z0-9]+)?|3P(?:-[a-z])?)$/;

/** `file:line: text` for each line of `text` that names an outside document. */
function outsideCitations(file: string, text: string): string[] {
  return text
    .split("\n")
    .flatMap((line, i) =>
      OUTSIDE_PATHS.some((pattern) => pattern.test(line)) ? [`${file}:${i + 1}: ${line.trim()}`] : [],
    );
}

/** The tags cited in `text`, with their line numbers: `[S3]`, `[S2, S13]`, `[S9, latency.md]`, `[MS-f]`. */
function citedTags(text: string): { tag: string; line: number }[] {
  const found: { tag: string; line: number }[] = [];
  text.split("\n").forEach((line, i) => {
    for (const group of line.matchAll(/\[([^\]\n]{1,80})\]/g)) {
      for (const part of group[1].split(/\s*[,;]\s*/)) {
        if (TAG.test(part)) found.push({ tag: part, line: i + 1 });
      }
    }
  });
  return found;
}

/** The rows of docs/sources.md's tag tables: the tag and its cells after the tag. */
function listedTags(markdown: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of markdown.split("\n")) {
    const row = /^\|\s*\[([^\]]+)\]\s*\|(.*)\|\s*$/.exec(line);
    if (row !== null && TAG.test(row[1]))
      rows.set(
        row[1],
        row[2].split("|").map((cell) => cell.trim()),
      );
  }
  return rows;
}

/** Every text file under the scanned folders, plus README.md, as repository-relative paths. */
function repositoryFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
      const path = `${dir}/${entry.name}`;
      if (SKIPPED.has(entry.name) || SKIPPED.has(path)) return [];
      if (entry.isDirectory()) return walk(path);
      return TEXT_EXTENSIONS.has(extname(entry.name)) ? [path] : [];
    });
  return ["README.md", ...["src", "test", "bench", "docs", "scenarios"].flatMap(walk)];
}

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");

describe("citations resolve inside the repository", () => {
  const files = repositoryFiles().filter((file) => file !== SELF && file !== SOURCES);

  it("scans the source, tests, bench, docs, scenarios and README", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain("src/catalog/models.ts");
    expect(files).toContain("scenarios/ptu-only.yaml");
    expect(files).toContain("README.md");
  });

  it("recognizes outside paths, and not the Learn page that shares a name", () => {
    const sample = [
      "see /work/shared/reference/azure-openai.md §2.2",
      "(../shared/design/report-format.md)",
      "apim-and-routers.md §2.1",
      "The fact sheet's cross-check",
      "[S12] cost-management-billing/reservations/azure-openai.md, ms.date 2024-12-06",
      "learn.microsoft.com/azure/api-management/backends",
    ].join("\n");
    expect(outsideCitations("x.ts", sample).map((hit) => hit.split(":")[1])).toEqual(["1", "2", "3", "4"]);
  });

  it("no file cites a document outside the repository", () => {
    const offenders = files.flatMap((file) => outsideCitations(file, read(file)));
    expect(offenders).toEqual([]);
  });

  it("reads tags in every citation form the comments use", () => {
    const sample = "[S3] [S2, S13] [S9, latency.md 2025-11-26] [MS-f][3P-b] [MS] [S1b]'s values[i] [3]";
    expect(citedTags(sample).map((t) => t.tag)).toEqual([
      "S3",
      "S2",
      "S13",
      "S9",
      "MS-f",
      "3P-b",
      "MS",
      "S1b",
    ]);
  });

  it("every tag a file cites is listed in docs/sources.md", () => {
    const listed = listedTags(read(SOURCES));
    expect(listed.size).toBeGreaterThan(30);
    const missing = files.flatMap((file) =>
      citedTags(read(file))
        .filter(({ tag }) => !listed.has(tag))
        .map(({ tag, line }) => `${file}:${line}: [${tag}]`),
    );
    expect(missing).toEqual([]);
  });

  it("every listed tag is cited somewhere and names its source, date and use", () => {
    const listed = listedTags(read(SOURCES));
    const cited = new Set(files.flatMap((file) => citedTags(read(file)).map((t) => t.tag)));
    expect([...listed.keys()].filter((tag) => !cited.has(tag))).toEqual([]);
    const incomplete = [...listed].filter(
      ([, cells]) => cells.length !== 4 || cells.some((cell) => cell === ""),
    );
    expect(incomplete.map(([tag]) => tag)).toEqual([]);
  });
});
