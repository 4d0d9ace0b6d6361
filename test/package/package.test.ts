/**
 * What another repository installs: the package's name, its `spillway` command, its exports map and the files
 * `npm pack` puts in the tarball. The whole install (npm pack, npm install, npx spillway, an ESM import) is
 * exercised by .ci/pack-install.sh in .ci/run; this is the quick check `npm test` runs.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

describe("the installable package", () => {
  it("has a scoped name and is private, so nothing resolves or publishes it as someone else's `spillway`", () => {
    expect(pkg.name).toBe("@spillway-sim/spillway");
    expect(pkg.private).toBe(true);
    expect(pkg.bin).toEqual({ spillway: "dist/spillway.mjs" });
  });

  it("exports the library with its types, package.json and the scenario JSON Schema, and nothing else", () => {
    expect(pkg.exports).toEqual({
      ".": { types: "./dist/src/index.d.ts", default: "./dist/src/index.js" },
      "./package.json": "./package.json",
      "./schema/scenario.schema.json": "./schema/scenario.schema.json",
    });
    // Node takes the first matching condition: types must come before default for TypeScript to see it.
    expect(Object.keys(pkg.exports["."])).toEqual(["types", "default"]);
  });

  it("ships every file the exports, the command and the run time load (npm pack keeps `files`), and no benchmark", () => {
    expect(pkg.files).toEqual(["dist", "!dist/bench", "schema"]);
    const targets = [
      pkg.bin.spillway,
      ...Object.values(pkg.exports as Record<string, string | Record<string, string>>).flatMap((t) =>
        typeof t === "string" ? [t] : Object.values(t),
      ),
      "dist/report-page.js", // report.html's page script (src/cli/outputs.ts)
      "dist/build-id.json", // the plan cache's code identity (src/plan/build-id.ts)
      "dist/src/plan/plan-worker.js", // plan's worker threads (src/plan/worker-pool.ts)
    ].map((f) => f.replace(/^\.\//, ""));
    for (const file of targets) {
      expect(existsSync(join(root, file)), file).toBe(true);
      expect(/^(dist|schema)\//.test(file) || file === "package.json", file).toBe(true);
    }
  });
});
