import { ScenarioError } from "../scenario/problems.js";
import { TraceError } from "../workload/trace/trace-types.js";
import { ExitCode, InputError, loadScenarioFile } from "./io.js";

/** Validates each file; prints one line per valid file and every problem of the others. Returns the exit code. */
export async function validateCommand(files: string[], sets: string[]): Promise<number> {
  let failed = false;
  for (const file of files) {
    try {
      const s = loadScenarioFile(file, { sets });
      process.stdout.write(
        `ok ${file}: ${s.name} — ${s.deployments.length} deployment(s), ${s.gateways.length} gateway(s), ${s.workloads.length} workload(s), ${s.slo.length} SLO(s)\n`,
      );
    } catch (error) {
      if (!(error instanceof ScenarioError || error instanceof InputError || error instanceof TraceError))
        throw error;
      process.stderr.write(`${error.message}\n`);
      failed = true;
    }
  }
  return failed ? ExitCode.InvalidInput : ExitCode.Ok;
}
