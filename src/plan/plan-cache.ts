/**
 * The plan cache (reports/.plan-cache/<key>.json): one file per replication, keyed by everything that decides its
 * result. An entry is used only if it is complete, was written under the key asked for, and its checksum — sha256 of
 * the result as canonical JSON — still matches: a truncated, corrupted or hand-edited entry is recomputed, never
 * trusted. File access is passed in, so the rules are testable without a disk and the CLI keeps the I/O.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { z } from "zod";
import { type Assert, type Exact, parseWith } from "../report/report-schema.js";
import { canonicalJson, type ResolvedScenario } from "../scenario/resolve.js";
import { PLAN_METRICS, type TaskResult } from "./evaluate.js";

/**
 * Bump when a cached task result changes shape or meaning (2: entries carry a checksum of their result; 3: metrics
 * are keyed by registry path, `requests.successRate` instead of `successRate`).
 */
export const CACHE_VERSION = 3;

/** What the cache needs of the file system. */
export interface CacheIo {
  /** The file's text, or undefined when there is none (or it cannot be read: the entry is then recomputed). */
  read(path: string): string | undefined;
  /** Writes a whole file (atomically: a reader never sees half an entry). */
  write(path: string, text: string): void;
}

/** Size and modification time of a file, as a cache key uses them. */
export interface FileStamp {
  /** Bytes. */
  size: number;
  /** Modification time, ms. */
  mtimeMs: number;
}

/**
 * The cache key of one run: the cache version, the code that simulates it (`codeIdentity`), the validated scenario
 * (values and seed included), and what the files it names hold — token samples as loaded, traces by size and
 * modification time (hashing a week of trace on every plan would cost more than the runs it saves).
 */
export function planCacheKey(
  scenario: ResolvedScenario,
  codeIdentity: string,
  stat: (path: string) => FileStamp,
): string {
  const h = createHash("sha256").update(String(CACHE_VERSION)).update(codeIdentity).update(scenario.hash);
  for (const w of scenario.workloads) {
    for (const dist of [w.promptTokens, w.completionTokens]) {
      if (dist?.kind === "empirical") h.update(Buffer.from(dist.values.buffer));
    }
    if (w.trace !== null) {
      const s = stat(w.trace.open.path);
      h.update(`${w.trace.open.path}\u0000${s.size}\u0000${s.mtimeMs}`);
    }
  }
  return h.digest("hex");
}

const taskResultSchema = z.object({
  point: z.int().min(0),
  replication: z.int().min(0),
  seed: z.int().min(0),
  hash: z.string(),
  metrics: z.record(z.string(), z.number()),
  slo: z.array(
    z.object({
      expression: z.string(),
      actual: z.number(),
      passed: z.boolean(),
      level: z.enum(["error", "warn"]),
    }),
  ),
});

/** Compile-time proof that the entry schema's result is exactly a {@link TaskResult}. */
export type TaskResultSchemaMatches = Assert<Exact<z.output<typeof taskResultSchema>, TaskResult>>;

const entrySchema = z.object({
  version: z.literal(CACHE_VERSION),
  key: z.string(),
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
  result: taskResultSchema,
});

/** sha256 of a result as canonical JSON (keys sorted): what an entry's checksum must equal. */
export function resultChecksum(result: unknown): string {
  return createHash("sha256").update(canonicalJson(result)).digest("hex");
}

/** The text of the cache entry for `result`, written under `key`. */
export function encodeCacheEntry(key: string, result: TaskResult): string {
  return JSON.stringify({ version: CACHE_VERSION, key, checksum: resultChecksum(result), result });
}

/**
 * The result an entry holds, or undefined unless the entry is whole and trustworthy: valid JSON of the entry's
 * shape (finite numbers, no reserved keys), written under `key` by this cache version, with one outcome per SLO and
 * every plan metric, and a checksum that matches its result.
 */
export function decodeCacheEntry(text: string, key: string, sloCount: number): TaskResult | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = parseWith(entrySchema, json);
  if (!parsed.ok) return undefined;
  const entry = parsed.value;
  if (entry.key !== key || entry.result.slo.length !== sloCount) return undefined;
  if (!PLAN_METRICS.every((m) => Object.hasOwn(entry.result.metrics, m))) return undefined;
  if (resultChecksum(entry.result) !== entry.checksum) return undefined;
  return entry.result;
}

/** The file of the entry for `key` in the cache folder `dir`. */
export function cacheEntryPath(dir: string, key: string): string {
  return join(dir, `${key}.json`);
}

/** The cached result for `key`, or undefined when there is none worth trusting (then the run is recomputed). */
export function readCachedResult(
  io: CacheIo,
  dir: string,
  key: string,
  sloCount: number,
): TaskResult | undefined {
  const text = io.read(cacheEntryPath(dir, key));
  return text === undefined ? undefined : decodeCacheEntry(text, key, sloCount);
}

/** Stores a replication's result under `key`. */
export function writeCachedResult(io: CacheIo, dir: string, key: string, result: TaskResult): void {
  io.write(cacheEntryPath(dir, key), encodeCacheEntry(key, result));
}
