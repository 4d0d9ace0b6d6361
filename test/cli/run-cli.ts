/** Runs the command line in this process (src/cli/main.ts's runCli) and captures what it prints. */
import { runCli } from "../../src/cli/main.js";

/** What one command printed and returned. */
export interface CliResult {
  /** Exit code. */
  code: number;
  /** Everything written to stdout. */
  stdout: string;
  /** Everything written to stderr. */
  stderr: string;
}

/** Runs `spillway ARGS` in-process: no new Node process, so a test costs the command, not a start-up. */
export async function cli(args: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await runCli(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}
