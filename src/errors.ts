/**
 * The one error type of Spillway and the exit codes it carries. Every module throws a {@link SpillwayError} (or a
 * subclass naming where it comes from) for anything a user can fix; the CLI prints its problems, one line each, and
 * exits with its code. Anything else that escapes is a bug. Imports nothing, so every layer may use it.
 */

/** Exit codes of every command (README.md, "Schema, help, exit codes"). */
export const ExitCode = {
  /** Success. */
  Ok: 0,
  /** An SLO, threshold or regression check failed. */
  CheckFailed: 1,
  /** Invalid input: scenario, trace, report, arguments, or a file that cannot be read or written. */
  InvalidInput: 2,
  /** A bug in Spillway (never an input problem): the message asks for a report. */
  Internal: 3,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** One thing wrong with an input. */
export interface Problem {
  /** Dotted path into the input, e.g. `accounts[0].deployments[1].capacity` (empty for the whole input). */
  path: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** What is wrong and how to fix it. */
  message: string;
}

/**
 * Something the user can fix: the input it concerns (a file, a flag), every problem found in it, and the exit code.
 * `message` is the printable form: a header and one line per problem, or a single line for a single problem.
 */
export class SpillwayError extends Error {
  /**
   * @param source the file or flag the problems are in, as the user named it ("" when none)
   * @param problems everything wrong, in input order (at least one)
   * @param exitCode the process exit code this error ends a command with
   */
  constructor(
    readonly source: string,
    readonly problems: readonly Problem[],
    readonly exitCode: ExitCodeValue = ExitCode.InvalidInput,
  ) {
    super(formatProblems(source, problems));
    this.name = "SpillwayError";
  }
}

/** A single-problem error about `source` (a file, a flag): `source: message`, exit 2. */
export function inputError(source: string, message: string): SpillwayError {
  return new SpillwayError(source, [{ path: "", message }]);
}

/**
 * Renders problems: one problem prints as one line (`file: line N: path: message`); several print under a header
 * (`file: N problems`), one indented line each.
 */
export function formatProblems(source: string, problems: readonly Problem[]): string {
  const line = (p: Problem) => {
    const where = [source, p.line === undefined ? "" : `line ${p.line}`, p.path].filter((s) => s !== "");
    return [...where, p.message].join(": ");
  };
  if (problems.length === 1) return line(problems[0]);
  const header = `${source === "" ? "input" : source}: ${problems.length} problems`;
  return [header, ...problems.map((p) => `  ${line(p)}`)].join("\n");
}

/** Longest excerpt of user-supplied text quoted in a message. */
export const EXCERPT_CHARS = 80;

/**
 * Makes text from a file safe and short enough to quote in a message or a terminal: control characters (ANSI/OSC
 * escape sequences included) become visible `\u001b`-style escapes, and text over `max` characters is cut with a note
 * of its full length. A scenario or trace from a pull request must not drive the CI log's terminal nor dump a file.
 */
export function excerpt(text: string, max: number = EXCERPT_CHARS): string {
  const cut = text.length > max ? text.slice(0, max) : text;
  const safe = printable(cut);
  return text.length > max ? `${safe}… (${text.length.toLocaleString("en-US")} characters)` : safe;
}

/** Whether a UTF-16 code unit is a C0/C1 control, DEL, or a bidi override that can disguise text. */
function isControl(code: number, keepNewlines: boolean): boolean {
  if (code === 9 || (keepNewlines && code === 10)) return false;
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** Replaces control characters (ANSI/OSC escape sequences included) and bidi overrides with visible `\uXXXX`. */
export function printable(text: string, keepNewlines = false): string {
  let out = "";
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControl(code, keepNewlines)) continue;
    out += `${text.slice(start, i)}\\u${code.toString(16).padStart(4, "0")}`;
    start = i + 1;
  }
  return start === 0 ? text : out + text.slice(start);
}
