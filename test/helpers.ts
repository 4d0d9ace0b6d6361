/** Shared test helpers: load a scenario from YAML text and run it. */

import type { Report } from "../src/report/report-types.js";
import { runScenario } from "../src/run/run-scenario.js";
import { loadScenario } from "../src/scenario/load.js";
import type { ResolvedScenario } from "../src/scenario/resolve.js";

/** Loads a scenario from YAML text (file name "test.yaml"). */
export function load(yaml: string, sets: string[] = []): ResolvedScenario {
  return loadScenario(yaml, "test.yaml", { sets });
}

/** Loads and runs a scenario, returning its report. */
export function run(yaml: string, sets: string[] = []): Report {
  return runScenario(load(yaml, sets)).report;
}

/** Asserts the conservation identities every report must satisfy. */
export function conservationHolds(r: Report): boolean {
  const q = r.requests;
  return q.arrived === q.succeeded + q.failed && q.failed === q.throttled + q.timedOut + q.errored;
}
