/**
 * Synchronous, chunked line reading with bounded memory.
 *
 * Why synchronous: the simulator pulls the next arrival from inside its event loop, which is synchronous, so the reader
 * uses fs.openSync/readSync rather than streams. Why not readline or readFileSync: the first is asynchronous and the
 * second holds the whole file (week-long traces are gigabytes).
 *
 * The reader keeps one decoded chunk (plus the unfinished line carried over) in `buf` and exposes the current line as
 * a range [start, end) of it instead of a substring, so the per-row path allocates no string; callers parse fields in
 * place. A StringDecoder carries UTF-8 sequences split across chunk boundaries. Lines end at `\n`; a `\r` before it
 * is dropped (CRLF files), a final line without a newline is still a line, and a UTF-8 byte-order mark is skipped.
 *
 * Files with CR-only line endings (classic Mac OS, some old exports) are refused with a message saying so: read by
 * `\n` they are one enormous line, which every later message would misdescribe (a 52 KB "header"). File-system
 * errors (no such file, a folder, no permission) become one-line TraceErrors naming the path and the fix.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { TraceError } from "./trace-types.js";

/** Default read size: large enough that refills are rare, small enough to stay far from the memory budget. */
export const DEFAULT_CHUNK_BYTES = 1 << 20;

/** Longest line kept in memory: past this the file is not a line-oriented trace, and reading on would exhaust memory. */
export const MAX_LINE_CHARS = 16 << 20;

/** Reads a file line by line, exposing each line as a range of `buf`. */
export class LineReader {
  /** Decoded text holding the current line (valid until the next call to next or extend). */
  buf = "";
  /** Start of the current line (or record, after extend) in `buf`. */
  start = 0;
  /** End of the current line in `buf`, excluding the line break. */
  end = 0;
  /** Physical line number of the last line read (1-based; after extend, the last line of the record). */
  line = 0;

  private pos = 0;
  private fd: number | undefined;
  private eof = false;
  private bomChecked = false;
  private readonly bytes: Buffer;
  private readonly decoder = new StringDecoder("utf8");

  /**
   * @param path the file to read (opened now; throws the fs error when it cannot be)
   * @param displayPath the path as the user wrote it, for messages
   * @param chunkBytes bytes per read (tests use tiny chunks to exercise the boundaries)
   */
  constructor(
    private readonly path: string,
    private readonly displayPath: string,
    chunkBytes: number = DEFAULT_CHUNK_BYTES,
  ) {
    this.bytes = Buffer.allocUnsafe(Math.max(1, Math.floor(chunkBytes)));
    try {
      this.fd = openSync(path, "r");
    } catch (e) {
      throw fileError(e, path, displayPath);
    }
  }

  /** Moves to the next line; false at end of file. */
  next(): boolean {
    const nl = this.findNewline(false);
    this.start = this.pos;
    const more = this.finishLine(nl);
    // A CR inside the first line (not just before its \n) means the file breaks lines with CR alone.
    if (more && this.line === 1 && this.hasInnerCr(this.start, this.end)) {
      throw new TraceError(this.displayPath, undefined, crOnlyProblem(this.end - this.start));
    }
    return more;
  }

  /**
   * Extends the current record with the next physical line (for a quoted CSV field that spans lines): afterwards
   * [start, end) covers both, line breaks included. False at end of file.
   */
  extend(): boolean {
    return this.finishLine(this.findNewline(true));
  }

  /** The current line (or record) as a string: for messages and JSON, not for the CSV hot path. */
  text(): string {
    return this.buf.slice(this.start, this.end);
  }

  /** True when the current line is empty or only spaces and tabs. */
  isBlank(): boolean {
    const s = this.buf;
    for (let i = this.start; i < this.end; i++) {
      const c = s.charCodeAt(i);
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  }

  /** Releases the file handle (idempotent). */
  close(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
    this.eof = true;
  }

  /** Sets `end` and `pos` for a line ending at newline index `nl` (-1: at end of file). */
  private finishLine(nl: number): boolean {
    const s = this.buf;
    let end: number;
    if (nl < 0) {
      if (this.pos >= s.length) return false;
      end = s.length;
      this.pos = end;
    } else {
      end = nl;
      this.pos = nl + 1;
    }
    if (end > this.start && s.charCodeAt(end - 1) === 13) end--;
    this.end = end;
    this.line++;
    return true;
  }

  /** Index of the next `\n` at or after `pos`, refilling as needed; -1 when the file ends first. */
  private findNewline(keepRecord: boolean): number {
    let from = this.pos;
    for (;;) {
      const nl = this.buf.indexOf("\n", from);
      if (nl >= 0) return nl;
      if (this.eof) return -1;
      // Keep the unfinished line (or the whole record being extended); drop everything before it.
      const keep = keepRecord ? this.start : this.pos;
      if (this.buf.length - keep > MAX_LINE_CHARS) {
        if (this.line === 0 && this.hasInnerCr(keep, this.buf.length)) {
          throw new TraceError(this.displayPath, undefined, crOnlyProblem(this.buf.length - keep, true));
        }
        throw new TraceError(
          this.displayPath,
          this.line + 1,
          `a line is longer than ${MAX_LINE_CHARS} characters; is this a CSV or JSONL trace?`,
        );
      }
      from = this.buf.length - keep;
      this.refill(keep);
    }
  }

  /** True when [from, to) of `buf` holds a `\r` that is not its last character. */
  private hasInnerCr(from: number, to: number): boolean {
    const cr = this.buf.indexOf("\r", from);
    return cr >= 0 && cr < to - 1;
  }

  private refill(keep: number): void {
    let tail: string;
    let n = 0;
    if (this.fd !== undefined) {
      try {
        n = readSync(this.fd, this.bytes, 0, this.bytes.length, null);
      } catch (e) {
        // Opening a folder succeeds on Linux and macOS; reading it is what fails (EISDIR).
        this.close();
        throw fileError(e, this.path, this.displayPath);
      }
    }
    if (n === 0) {
      tail = this.decoder.end();
      this.eof = true;
      // Close as soon as the data is in memory: a finished trace should not hold a descriptor for the rest of the run.
      if (this.fd !== undefined) {
        closeSync(this.fd);
        this.fd = undefined;
      }
    } else {
      tail = this.decoder.write(this.bytes.subarray(0, n));
    }
    this.buf = keep === 0 ? this.buf + tail : this.buf.slice(keep) + tail;
    this.pos -= keep;
    this.start -= keep;
    this.end -= keep;
    if (!this.bomChecked && this.buf.length > 0) {
      this.bomChecked = true;
      if (this.buf.charCodeAt(0) === 0xfeff) this.pos++;
    }
  }
}

/** Why a file cannot be read, as a TraceError naming it and the fix (never the raw Node error with its stack). */
function fileError(error: unknown, path: string, displayPath: string): TraceError {
  const err = error as NodeJS.ErrnoException;
  const where = path === displayPath ? "" : ` (${path})`;
  let why: string;
  switch (err.code) {
    case "ENOENT":
      why = "no such file; check the path";
      break;
    case "EISDIR":
      why = "it is a folder, not a file; name a trace file inside it";
      break;
    case "EACCES":
    case "EPERM":
      why = "permission denied; make the file readable (chmod a+r) or run as a user who can read it";
      break;
    case "ENOTDIR":
      why = "a part of the path is a file, not a folder; check the path";
      break;
    default:
      why = err.code === undefined ? String(err.message) : `${err.code} (${err.message})`;
  }
  return new TraceError(displayPath, undefined, `cannot read the trace${where}: ${why}`);
}

/** The message for a file whose lines end in CR alone; `atLeast` when the line was cut at MAX_LINE_CHARS. */
function crOnlyProblem(chars: number, atLeast = false): string {
  return (
    "the file uses CR line endings (classic Mac), so it reads as one line of " +
    `${atLeast ? "over " : ""}${chars.toLocaleString("en-US")} characters; convert it to LF line endings, ` +
    "e.g. tr '\\r' '\\n' < old.csv > new.csv (or mac2unix)"
  );
}
