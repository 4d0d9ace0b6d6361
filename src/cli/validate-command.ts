/** `spillway validate`: every problem of each file, without running anything; the size each run would have. */
import { SpillwayError } from "../errors.js";
import { roughTime } from "../sim/estimate.js";
import { ExitCode, loadSizedScenario, parseMaxRequests } from "./io.js";

/** Validates each file; prints one line per valid file and every problem of the others. Returns the exit code. */
export async function validateCommand(
  files: string[],
  sets: string[],
  maxRequests?: number,
): Promise<number> {
  const cap = parseMaxRequests(maxRequests);
  let failed = false;
  for (const file of files) {
    try {
      const { scenario: s, estimate } = loadSizedScenario(file, { sets, maxRequests: cap });
      process.stdout.write(
        `ok ${file}: ${s.name} — ${s.deployments.length} deployment(s), ${s.gateways.length} gateway(s), ${s.workloads.length} workload(s), ${s.slo.length} SLO(s); about ${Math.round(estimate.requests).toLocaleString("en-US")} requests to simulate (${roughTime(estimate.seconds)})\n`,
      );
    } catch (error) {
      if (!(error instanceof SpillwayError)) throw error;
      process.stderr.write(`spillway: ${error.message}\n`);
      failed = true;
    }
  }
  return failed ? ExitCode.InvalidInput : ExitCode.Ok;
}
