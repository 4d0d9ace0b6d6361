/** The one-line problem of a scenario text that fails to load, for tests of bad input. */
import { expect } from "vitest";
import { SpillwayError } from "../../src/errors.js";
import { loadScenario } from "../../src/scenario/load.js";

/** The message of a scenario that fails to load (asserting exit 2), or "ok" when it loads. */
export function problemOf(yaml: string, file = "s.yaml"): string {
  try {
    loadScenario(yaml, file);
    return "ok";
  } catch (error) {
    if (!(error instanceof SpillwayError)) throw error;
    expect(error.exitCode).toBe(2);
    return error.message;
  }
}
