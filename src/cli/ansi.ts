/**
 * Whether the command line may write terminal escape sequences. The only ones spillway writes are its progress bars'
 * (cli-progress moves the cursor and clears lines); summaries and tables are plain text in every case.
 */

/** NO_COLOR set to any non-empty value (no-color.org) asks for no colour; spillway then writes no escapes at all. */
export function noColor(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.NO_COLOR ?? "") !== "";
}

/**
 * Whether to draw a progress bar on `stream`: only on a terminal (CI logs stay clean), not with `--quiet`, and not
 * under NO_COLOR, since a bar is drawn with escape sequences.
 */
export function showProgress(
  quiet: boolean,
  stream: { isTTY?: boolean } = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return !quiet && stream.isTTY === true && !noColor(env);
}
