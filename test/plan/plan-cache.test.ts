/**
 * The plan cache trusts an entry only if it is whole, written under the key asked for, and its checksum still
 * matches its result: a corrupted or hand-edited entry is recomputed, never used — in process, and through `plan`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { planCommand } from "../../src/cli/plan-command.js";
import { PLAN_METRICS, type TaskResult } from "../../src/plan/evaluate.js";
import {
  CACHE_VERSION,
  type CacheIo,
  cacheEntryPath,
  decodeCacheEntry,
  encodeCacheEntry,
  planCacheKey,
  readCachedResult,
  resultChecksum,
  writeCachedResult,
} from "../../src/plan/plan-cache.js";
import { load } from "../helpers.js";
import { getAt, setAt } from "../report/json-edit.js";
import { CAPACITY, ptuScenario } from "./fixtures.js";

const KEY = "k".repeat(64);

/** One replication's result as a worker returns it. */
function result(): TaskResult {
  return {
    point: 3,
    replication: 1,
    seed: 6,
    hash: "a".repeat(64),
    metrics: Object.fromEntries(PLAN_METRICS.map((m, i) => [m, 100 + i])),
    slo: [{ expression: "throttle.client.rate < 0.01", actual: 0.002, passed: true, level: "error" }],
  };
}

/** An in-memory cache folder. */
function memory(): CacheIo & { files: Map<string, string> } {
  const files = new Map<string, string>();
  return { files, read: (path) => files.get(path), write: (path, text) => files.set(path, text) };
}

/** An entry's text after `edit` on its parsed JSON (the checksum left as it was unless `edit` changes it). */
function edited(edit: (entry: unknown) => void): string {
  const entry = JSON.parse(encodeCacheEntry(KEY, result()));
  edit(entry);
  return JSON.stringify(entry);
}

describe("cache entries", () => {
  it("a stored result reads back as it was; a missing one reads as none", () => {
    const io = memory();
    expect(readCachedResult(io, "cache", KEY, 1)).toBeUndefined();
    writeCachedResult(io, "cache", KEY, result());
    expect([...io.files.keys()]).toEqual([cacheEntryPath("cache", KEY)]);
    expect(readCachedResult(io, "cache", KEY, 1)).toEqual(result());
  });

  it("an entry carries the cache version and the sha256 of its result as canonical JSON", () => {
    const entry = JSON.parse(encodeCacheEntry(KEY, result()));
    expect(entry.version).toBe(CACHE_VERSION);
    expect(CACHE_VERSION).toBeGreaterThan(1);
    expect(entry.checksum).toMatch(/^[0-9a-f]{64}$/);
    // Key order does not matter, any value does.
    const reordered = { ...result(), slo: result().slo, point: 3 };
    expect(resultChecksum(reordered)).toBe(entry.checksum);
    expect(resultChecksum({ ...result(), seed: 7 })).not.toBe(entry.checksum);
  });

  it.each<[string, string]>([
    [
      "a hand-edited metric (checksum kept)",
      edited((e) => setAt(e, ["result", "metrics", "cost.monthly.total"], 1)),
    ],
    ["a hand-edited SLO verdict", edited((e) => setAt(e, ["result", "slo", 0, "passed"], false))],
    ["an added field", edited((e) => setAt(e, ["result", "extra"], 1))],
    ["a changed checksum", edited((e) => setAt(e, ["checksum"], "0".repeat(64)))],
    ["no checksum", edited((e) => setAt(e, ["checksum"], undefined))],
    ["an entry of cache version 1 ({ key, result })", JSON.stringify({ key: KEY, result: result() })],
    ["another key", edited((e) => setAt(e, ["key"], "x".repeat(64)))],
    ["a truncated file", encodeCacheEntry(KEY, result()).slice(0, 100)],
    ["not JSON", "\u0000\u0000\u0000"],
    ["a null result", edited((e) => setAt(e, ["result"], null))],
    [
      "1e999 (Infinity) for a metric",
      encodeCacheEntry(KEY, result()).replace(/"cost\.monthly\.total":\d+/, '"cost.monthly.total":1e999'),
    ],
    [
      "a __proto__ key",
      encodeCacheEntry(KEY, result()).replace('"metrics":{', '"metrics":{"__proto__":{"polluted":1},'),
    ],
  ])("recomputes %s", (_, text) => {
    expect(decodeCacheEntry(encodeCacheEntry(KEY, result()), KEY, 1)).toEqual(result());
    expect(decodeCacheEntry(text, KEY, 1)).toBeUndefined();
  });

  it("recomputes an entry with a missing metric or another SLO count, even with a matching checksum", () => {
    const lacking = edited((e) => {
      const metrics = getAt(e, ["result", "metrics"]) as Record<string, number>;
      delete metrics["latency.e2e.p95"];
      setAt(e, ["checksum"], resultChecksum(getAt(e, ["result"])));
    });
    expect(decodeCacheEntry(lacking, KEY, 1)).toBeUndefined();
    expect(decodeCacheEntry(encodeCacheEntry(KEY, result()), KEY, 2)).toBeUndefined();
  });

  it("keys change with the code and with a trace's size or modification time", () => {
    const scenario = load(`name: k
duration: 1m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: d, model: gpt-4.1, sku: GlobalStandard, capacity: 100 }
traffic:
  - { name: w, via: a/d, arrival: { type: poisson, rate: 1/s }, promptTokens: 100, completionTokens: 10 }
`);
    const stat = () => ({ size: 1, mtimeMs: 2 });
    const key = planCacheKey(scenario, "code-1", stat);
    expect(planCacheKey(scenario, "code-1", stat)).toBe(key);
    expect(planCacheKey(scenario, "code-2", stat)).not.toBe(key);
  });
});

describe("spillway plan with a tampered cache", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "spillway-plan-cache-"));
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it("recomputes a hand-edited entry (checksum kept) and gives the plan of a cold cache", async () => {
    const scenario = join(dir, "p.yaml");
    writeFileSync(scenario, ptuScenario({ name: "p", duration: "2m", rate: "1/s" }));
    const cacheDir = join(dir, "cache");
    const plan = async (out: string) => {
      await planCommand({
        scenario,
        vary: [`${CAPACITY}=15,25`],
        replications: 1,
        workers: 1,
        search: "grid",
        merge: [],
        sets: [],
        cache: true,
        cacheDir,
        quiet: true,
        out: join(dir, out),
      });
      return readFileSync(join(dir, out, "plan.json"), "utf8");
    };
    const cold = await plan("cold");
    const entries = readdirSync(cacheDir);
    expect(entries).toHaveLength(2);
    /** Makes every point look like it meets the SLO for free; `reseal` recomputes the checksum as a forger would. */
    const forge = (reseal: boolean) => {
      for (const name of entries) {
        const path = join(cacheDir, name);
        const entry = JSON.parse(readFileSync(path, "utf8"));
        setAt(entry, ["result", "metrics", "cost.monthly.total"], 1);
        setAt(entry, ["result", "metrics", "throttle.client.rate"], 0);
        setAt(entry, ["result", "slo", 0, "passed"], true);
        if (reseal) setAt(entry, ["checksum"], resultChecksum(getAt(entry, ["result"])));
        writeFileSync(path, JSON.stringify(entry));
      }
    };
    forge(false);
    expect(await plan("warm")).toBe(cold);
    // The recomputed entries replaced the forged ones: they hold the true results again.
    for (const name of entries) {
      const text = readFileSync(join(cacheDir, name), "utf8");
      expect(
        decodeCacheEntry(text, name.replace(/\.json$/, ""), 1)?.metrics["cost.monthly.total"],
      ).toBeGreaterThan(1);
    }
    // Control: the warm run does read the cache — a resealed forgery (not what the checksum guards against) is used.
    forge(true);
    expect(await plan("resealed")).not.toBe(cold);
  });
});
