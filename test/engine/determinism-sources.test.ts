import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** Every file under src/ except the CLI (the only place allowed to read clocks and argv). */
function coreFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "cli" ? [] : coreFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

describe("determinism by injection", () => {
  it("no Math.random, Date.now, new Date() or performance.now under the engine, models and report", () => {
    const files = coreFiles(join(import.meta.dirname, "../../src"));
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter((f) =>
      /Math\.random|Date\.now|performance\.now|new Date\(/.test(readFileSync(f, "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});
