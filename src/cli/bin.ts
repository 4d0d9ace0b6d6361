#!/usr/bin/env node
/**
 * The `spillway` executable: runs {@link runCli} on the process's arguments and exits with its code. Process-wide
 * concerns live here, not in the commands: signals and closed pipes.
 */
import { hideBin } from "yargs/helpers";
import { removeTemporaries } from "./files.js";
import { runCli } from "./main.js";

// Ctrl-C or a CI job's cancel: remove temporary files and staging, keep whatever was there before.
for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
  ["SIGHUP", 129],
] as const) {
  process.once(signal, () => {
    removeTemporaries();
    process.exit(code);
  });
}

// A closed pipe (`spillway run ... | head`) is the reader's choice, not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(hideBin(process.argv));
