/**
 * report.html's page script for the renderer tests, bundled in memory from src/report/page/ with the build's own
 * options (src/report/page/bundle.config.mjs). The tests import src/ directly, so they test the page as the sources
 * say it, with no build first and nothing written to the dist/ other sessions share; the CLI reads the bundle
 * `npm run build` writes (reportPageSource), which `npm test` builds first.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type RolldownOptions, rolldown } from "rolldown";
import { chartJsSource } from "../../src/cli/outputs.js";
import type { HtmlAssets } from "../../src/report/html.js";

const root = join(import.meta.dirname, "../..");

/** The page script's text, as `npm run build` writes it to dist/report-page.js. */
export async function bundlePageScript(): Promise<string> {
  const config = (await import(pathToFileURL(join(root, "src/report/page/bundle.config.mjs")).href)) as {
    default: RolldownOptions & { output: import("rolldown").OutputOptions };
  };
  const { output, ...input } = config.default;
  const bundle = await rolldown({ ...input, cwd: root });
  try {
    const { output: chunks } = await bundle.generate({ ...output, file: undefined });
    return chunks[0].code;
  } finally {
    await bundle.close();
  }
}

/** What renderHtml needs besides the report: Chart.js and the page script. */
export const htmlAssets: HtmlAssets = { chartJs: chartJsSource(), pageScript: await bundlePageScript() };
