/**
 * Imports run one way. The README's architecture section lists the floors of src/ in order (the block after
 * `<!-- floors -->`); a folder may import only its own files and the floors listed above it. Type-only imports count:
 * they are dependencies too. A change that needs an import against the floors must move code, not this test.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const src = join(root, "src");

/** The floors in README order: `(leaves)` (src/*.ts but index.ts), folders, then `index.ts`. */
function floors(): string[] {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const block = /<!-- floors -->\s*```text\n([\s\S]*?)```/.exec(readme);
  if (block === null) throw new Error("README.md has no <!-- floors --> block");
  return block[1]
    .split("\n")
    .map((line) => line.trim().split(/\s+/)[0])
    .filter((first) => first !== undefined && first !== "")
    .map((first) => first.replace(/\/$/, ""));
}

/** Every .ts file under src/. */
function sources(dir = src): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** The floor of a source file: its top folder, `(leaves)` for src/*.ts, `index.ts` for the API. */
function floorOf(file: string): string {
  const parts = relative(src, file).split("/");
  if (parts.length > 1) return parts[0];
  return parts[0] === "index.ts" ? "index.ts" : "(leaves)";
}

/** The folder of a file relative to src/ (`workload/trace`), for the cycle check; src/*.ts are leaves or the API. */
function folderOf(file: string): string {
  return relative(src, dirname(file)) || floorOf(file);
}

/** Relative imports of a file (static, type-only, re-exports and dynamic), resolved to .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g)];
  return specs.map((m) => resolve(dirname(file), m[1]).replace(/\.js$/, ".ts"));
}

describe("imports run one way", () => {
  const order = floors();
  const files = sources();

  it("the README lists every floor of src/ once", () => {
    const present = new Set(files.map(floorOf));
    expect(new Set(order).size).toBe(order.length);
    expect([...present].filter((f) => !order.includes(f))).toEqual([]);
  });

  it("no file imports a floor listed below its own (leaves import nothing of ours)", () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = floorOf(file);
      for (const target of importsOf(file)) {
        const to = floorOf(target);
        const allowed = to === from ? from !== "(leaves)" : order.indexOf(to) < order.indexOf(from);
        if (!allowed) wrong.push(`${relative(src, file)} (${from}) imports ${relative(src, target)} (${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("no folder-level import cycle, subfolders included", () => {
    const edges = new Map<string, Set<string>>();
    for (const file of files) {
      for (const target of importsOf(file)) {
        const a = folderOf(file);
        const b = folderOf(target);
        if (a === b) continue;
        if (!edges.has(a)) edges.set(a, new Set());
        edges.get(a)?.add(b);
      }
    }
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (node: string, path: string[]) => {
      if (state.get(node) === "done") return;
      if (state.get(node) === "open") {
        cycles.push([...path.slice(path.indexOf(node)), node].join(" -> "));
        return;
      }
      state.set(node, "open");
      for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
      state.set(node, "done");
    };
    for (const node of edges.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });

  it("the checks see a violation (a test of the test)", () => {
    // cli/ imports scenario/: fine that way round, a violation the other way.
    const cli = files.find((f) => f.endsWith("cli/io.ts")) as string;
    expect(importsOf(cli).some((t) => floorOf(t) === "scenario")).toBe(true);
    expect(order.indexOf("scenario")).toBeLessThan(order.indexOf("cli"));
  });

  it("every exported declaration has a doc comment (comments say why; the API says what it is)", () => {
    const missing: string[] = [];
    for (const file of files) {
      const lines = readFileSync(file, "utf8").split("\n");
      lines.forEach((line, i) => {
        if (
          !/^export (default )?(async )?(function|class|const|let|interface|type|enum|abstract class)\b/.test(
            line,
          )
        )
          return;
        if (/^export type \{/.test(line)) return; // a re-export: documented where it is declared
        let j = i - 1;
        while (j >= 0 && (lines[j].trim() === "" || lines[j].trim().startsWith("//"))) j--;
        if (j < 0 || !lines[j].trim().endsWith("*/"))
          missing.push(`${relative(src, file)}:${i + 1}: ${line.slice(0, 60)}`);
      });
    }
    expect(missing).toEqual([]);
  });
});
