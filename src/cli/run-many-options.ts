/** The options every command that runs one scenario many times shares (sensitivity, forecast): one definition. */
import type { Argv } from "yargs";

/**
 * Adds `--workers`, `--replications` (described as `replications` says: what the values of the runs are), `--set`,
 * `--max-requests` and `--quiet` to a command.
 */
export function runManyOptions<T>(y: Argv<T>, replications: string) {
  return y
    .option("workers", { type: "number", default: 0, describe: "worker threads (0 = one per core)" })
    .option("replications", { type: "number", default: 1, describe: replications })
    .option("set", {
      alias: "s",
      type: "string",
      array: true,
      describe: "override a value for every run: path=value (repeatable)",
    })
    .option("max-requests", {
      type: "number",
      describe: "refuse runs simulating more requests than this (default 100,000,000)",
    })
    .option("quiet", { alias: "q", type: "boolean", default: false, describe: "print nothing but errors" });
}
