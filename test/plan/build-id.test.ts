/**
 * The build identity the plan cache keys on (src/plan/build-id.ts): any change to the code is a new identity, from
 * the sources, from a build's dist/build-id.json, or from a build without one. Checked on temporary copies.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  BUILD_ID_FILE,
  codeIdentity,
  decodeBuildId,
  encodeBuildId,
  nodeTreeReader,
  sourceTreeId,
} from "../../src/plan/build-id.js";

const root = join(import.meta.dirname, "../..");
const tmp = () => mkdtempSync(join(tmpdir(), "spillway-build-id-"));
const identity = (file: string) => codeIdentity(file, nodeTreeReader);

describe("from the sources", () => {
  it("editing, adding or removing a source file, or changing the lockfile, changes the identity", () => {
    const copy = tmp();
    cpSync(join(root, "src"), join(copy, "src"), { recursive: true });
    cpSync(join(root, "package-lock.json"), join(copy, "package-lock.json"));
    const module = join(copy, "src", "cli", "plan-command.ts");
    const original = identity(module);
    expect(original).toMatch(/^[0-9a-f]{64}$/);
    expect(original).toBe(sourceTreeId(copy, nodeTreeReader));
    // Any module of the tree gives the tree's identity.
    expect(identity(join(copy, "src", "index.ts"))).toBe(original);

    // A change deep in the simulation, far from the planner.
    const model = join(copy, "src", "engine", "rng.ts");
    const text = readFileSync(model, "utf8");
    writeFileSync(model, `${text}// edited\n`);
    const edited = identity(module);
    expect(edited).not.toBe(original);
    writeFileSync(model, text);
    expect(identity(module)).toBe(original);

    writeFileSync(join(copy, "src", "engine", "new.ts"), "export const x = 1;\n");
    expect(identity(module)).not.toBe(original);
    rmSync(join(copy, "src", "engine", "new.ts"));
    expect(identity(module)).toBe(original);

    const lock = readFileSync(join(copy, "package-lock.json"), "utf8");
    writeFileSync(join(copy, "package-lock.json"), lock.replace('"version"', '"version" '));
    expect(identity(module)).not.toBe(original);
    writeFileSync(join(copy, "package-lock.json"), lock);

    // A stale build beside the sources is not what runs from them.
    mkdirSync(join(copy, "dist"));
    writeFileSync(join(copy, "dist", BUILD_ID_FILE), encodeBuildId("0".repeat(64)));
    expect(identity(module)).toBe(original);
  });

  it("moving a file changes the identity (paths count, not only contents)", () => {
    const io = (files: Record<string, string>) => ({
      list: () => Object.keys(files),
      read: (path: string) => {
        const name = Object.keys(files).find((f) => path.endsWith(`/src/${f}`));
        return name === undefined ? undefined : Buffer.from(files[name]);
      },
    });
    const a = sourceTreeId("/r", io({ "a.ts": "x", "b.ts": "y" }));
    expect(sourceTreeId("/r", io({ "b.ts": "y", "a.ts": "x" }))).toBe(a);
    expect(sourceTreeId("/r", io({ "c.ts": "x", "b.ts": "y" }))).not.toBe(a);
    expect(sourceTreeId("/r", io({ "a.ts": "xy", "b.ts": "" }))).not.toBe(a);
  });
});

describe("from a build", () => {
  /** A build: the bundle, dist/src/cli/plan-command.js, and optionally build-id.json. */
  function build(id?: string): string {
    const copy = tmp();
    mkdirSync(join(copy, "dist", "src", "cli"), { recursive: true });
    writeFileSync(join(copy, "dist", "spillway.mjs"), "// the bundle\n");
    writeFileSync(join(copy, "dist", "src", "cli", "plan-command.js"), "// compiled\n");
    if (id !== undefined) writeFileSync(join(copy, "dist", BUILD_ID_FILE), encodeBuildId(id));
    return copy;
  }

  it("the bundle and the compiled modules read the build's dist/build-id.json", () => {
    const id = "ab".repeat(32);
    const copy = build(id);
    expect(identity(join(copy, "dist", "spillway.mjs"))).toBe(id);
    expect(identity(join(copy, "dist", "src", "cli", "plan-command.js"))).toBe(id);
  });

  it("without a sound build-id.json: the bundle's own bytes, or the compiled tree", () => {
    const copy = build();
    const bundle = join(copy, "dist", "spillway.mjs");
    const compiled = join(copy, "dist", "src", "cli", "plan-command.js");
    const fromBundle = identity(bundle);
    const fromTree = identity(compiled);
    writeFileSync(join(copy, "dist", BUILD_ID_FILE), '{"buildId": "not a hash"}');
    expect(identity(bundle)).toBe(fromBundle);
    writeFileSync(bundle, "// another bundle\n");
    expect(identity(bundle)).not.toBe(fromBundle);
    writeFileSync(join(copy, "dist", "src", "cli", "other.js"), "// more\n");
    expect(identity(compiled)).not.toBe(fromTree);
  });

  it("build-id.json holds one sha256; anything else is no identity", () => {
    expect(decodeBuildId(encodeBuildId("f".repeat(64)))).toBe("f".repeat(64));
    for (const text of ["", "{}", '{"buildId": 1}', '{"buildId": "F"}', "null", "not json"]) {
      expect(decodeBuildId(text)).toBeUndefined();
    }
  });

  const built = join(root, "dist", BUILD_ID_FILE);
  it.skipIf(!existsSync(built))("npm run build wrote dist/build-id.json", () => {
    expect(decodeBuildId(readFileSync(built, "utf8"))).toMatch(/^[0-9a-f]{64}$/);
  });
});
