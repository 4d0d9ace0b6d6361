/**
 * How the page script is bundled, in one place for the build (package.json: `rolldown -c` on this file, from the
 * package root) and for the report tests (test/report/page-script.ts bundles it in memory with the same options).
 * Paths are relative to the package root.
 */
export default {
  input: "src/report/page/main.ts",
  platform: "browser",
  logLevel: "warn",
  // The page takes a few functions and constants from shared modules (format.ts, view-model.ts); what else those
  // modules and their imports (the SKU catalog) do at load, the page does not need, so it is left out.
  treeshake: { moduleSideEffects: false },
  output: { format: "iife", file: "dist/report-page.js" },
};
