/**
 * Fonts for server-side chart rendering. @napi-rs/canvas draws text only with fonts it knows, and on a machine with
 * no fonts installed (slim containers, CI images) it silently draws no text at all: charts lose titles, ticks and
 * legends. So we ship DejaVu Sans (the `dejavu-fonts-ttf` package) and register it under our own family name, which
 * also makes the PNGs look the same whatever fonts the host has.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { GlobalFonts } from "@napi-rs/canvas";
import { Chart } from "chart.js";

/** The family name the bundled fonts are registered under; Chart.js draws every label with it. */
export const FONT_FAMILY = "Spillway Sans";

/** Regular for ticks and legends, bold for titles (Chart.js draws titles bold). */
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];

let registered = false;

/** Directory holding the DejaVu TTF files, found through Node resolution so it works from src, dist and the bundle. */
export function fontDirectory(): string {
  // Resolve the package's own package.json rather than a path relative to this file: the bundled CLI
  // (dist/spillway.mjs) lives elsewhere, but Node resolution still finds node_modules from there.
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
}

/** Registers the bundled fonts as {@link FONT_FAMILY} (once) and makes them Chart.js's default; returns the family. */
export function registerFonts(): string {
  // GlobalFonts is process-wide native state, so also ask it: another copy of this module (a test runner's
  // isolated module graph, say) may already have registered the family.
  if (!registered && !GlobalFonts.has(FONT_FAMILY)) {
    const dir = fontDirectory();
    for (const file of FONT_FILES) {
      const key = GlobalFonts.registerFromPath(path.join(dir, file), FONT_FAMILY);
      // Fail loudly: carrying on would produce charts with no text and no error.
      if (key === null) throw new Error(`cannot register font ${path.join(dir, file)}`);
    }
  }
  registered = true;
  // Set on every call (cheap) so that nothing that reset Chart.js's defaults in between leaves text in a missing font.
  Chart.defaults.font.family = FONT_FAMILY;
  return FONT_FAMILY;
}
