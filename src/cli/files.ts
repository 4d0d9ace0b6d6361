/**
 * Writing files so that a command's outputs are whole or absent, and reporting file-system failures as one line.
 *
 * Every output set (a run's report.json, summary.md, report.html, charts, CSVs; a plan; a check) is written into a
 * staging folder inside the output folder and moved into place only once everything rendered, so a full disk, an
 * error or a kill during rendering leaves the previous set untouched. A manifest lists the files of the set, so the
 * next set replaces it as a whole (a `--format json` run removes the previous run's summary.md rather than leaving a
 * stale one beside a new report.json). Temporary files are removed on every exit path this process sees; staging
 * left by a killed process is removed by the next command that writes to the same folder.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { excerpt, inputError, type SpillwayError } from "../errors.js";

/** Prefix of staging folders and temporary files; `<prefix><pid>-<n>` so a later run can tell whose they are. */
const TEMP_PREFIX = ".spillway-tmp-";
/** The file in an output folder that lists the files of the set last written there. */
export const MANIFEST = ".spillway-outputs.json";

/** Why a file-system call failed, in words a user can act on, by Node error code. */
const REASONS: Record<string, string> = {
  ENOENT: "no such file or folder",
  EISDIR: "it is a folder, not a file",
  ENOTDIR: "a part of the path is a file, not a folder",
  EEXIST: "it exists and is not a folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exhausted",
  EFBIG: "the file is too large for the file system",
  ENAMETOOLONG: "a name in the path is too long (most file systems allow 255 bytes)",
  ELOOP: "too many symbolic links",
  EMFILE: "too many open files",
  ENFILE: "too many open files",
  EIO: "an input/output error",
  EBUSY: "the file is busy",
  ENXIO: "the device is not available",
};

/** Whether `error` is a Node file-system error (it has a code such as ENOENT). */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
}

/** Why a file-system call failed, in a few words (the Node message for codes without a known reason). */
export function reasonOf(error: unknown): string {
  const code = isFileSystemError(error) ? (error.code as string) : "";
  return REASONS[code] ?? (error instanceof Error ? error.message : String(error));
}

/**
 * A file-system failure as one line: the path, what was being done, why, and what to do.
 * @param error the caught error (a Node errno error, or anything else)
 * @param path the path as the user would recognise it
 * @param doing what failed, e.g. "write the report" or "read the scenario"
 */
export function fileSystemError(error: unknown, path: string, doing: string): SpillwayError {
  const code = isFileSystemError(error) ? (error.code as string) : "";
  const why = reasonOf(error);
  const writing = /write|create/.test(doing);
  const fix =
    code === "ENOSPC" || code === "EDQUOT"
      ? "; free some space or choose another folder (--out)"
      : writing && (code === "EACCES" || code === "EPERM" || code === "EROFS")
        ? "; choose a folder you can write to (--out)"
        : "";
  return inputError(excerpt(path, 200), `cannot ${doing}: ${why}${fix}`);
}

// ------------------------------------------------------------------------------------------------------------------
// Cleanup of temporary files on every exit path

const temporaries = new Set<string>();
let cleanupInstalled = false;
let counter = 0;

/** Removes every temporary file and staging folder this process still holds (idempotent). */
export function removeTemporaries(): void {
  for (const path of temporaries) rmSync(path, { recursive: true, force: true });
  temporaries.clear();
}

function track(path: string): void {
  if (!cleanupInstalled) {
    // 'exit' runs on process.exit and on a normal end; the CLI turns SIGINT/SIGTERM into process.exit.
    process.once("exit", removeTemporaries);
    cleanupInstalled = true;
  }
  temporaries.add(path);
}

function untrack(path: string): void {
  temporaries.delete(path);
}

/** A fresh temporary name for this process: `.spillway-tmp-<pid>-<n>`. */
function tempName(): string {
  counter += 1;
  return `${TEMP_PREFIX}${process.pid}-${counter}`;
}

/** Whether process `pid` is still running (then its temporaries are not ours to remove). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes staging folders and temporary files that killed processes left in `dir`. */
function removeStale(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^\.spillway-tmp-(\d+)-\d+/.exec(name);
    if (m === null || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------------------------------
// Single files

/** Creates folder `dir` (and its parents); a file in the way or any other failure is one line, exit 2. */
export function ensureFolder(dir: string, what = "output folder"): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw fileSystemError(realCause(error, dir), dir, `create the ${what}`);
  }
  if (!statSync(dir).isDirectory()) throw inputError(dir, `the ${what} is a file; name a folder`);
}

/**
 * Node's recursive mkdir reports ENOENT for a read-only or full file system; creating the first missing folder by
 * itself gives the real reason (EROFS, EACCES, ENOSPC).
 */
function realCause(error: unknown, dir: string): unknown {
  if (!isFileSystemError(error) || error.code !== "ENOENT") return error;
  let missing = resolve(dir);
  while (!existsSync(dirname(missing)) && dirname(missing) !== missing) missing = dirname(missing);
  try {
    mkdirSync(missing);
    rmSync(missing, { recursive: true, force: true });
    return error;
  } catch (cause) {
    return cause;
  }
}

/** Writes all of `data` to an open file: a short write is continued, never ignored. */
function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Writes `data` to a new file at `path` (which must not be in use by another writer). */
function writeNew(path: string, data: string | Uint8Array): void {
  const fd = openSync(path, "w");
  try {
    writeAll(fd, data);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes one file atomically: a temporary file in the same folder, then a rename, so readers never see half a file
 * and a failure leaves the old file (or none). Errors are one line naming `path`.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, what = "file"): void {
  const dir = dirname(path);
  ensureFolder(dir, `folder of the ${what}`);
  if (existsSync(path) && statSync(path).isDirectory())
    throw inputError(path, `cannot write the ${what}: it is a folder; name a file`);
  removeStale(dir);
  const temp = join(dir, `${tempName()}-${basename(path).slice(0, 100)}`);
  track(temp);
  try {
    writeNew(temp, data);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw fileSystemError(error, path, `write the ${what}`);
  } finally {
    untrack(temp);
  }
}

/** Reads a whole text file, or throws one line naming it. */
export function readTextFile(path: string, what = "file"): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw fileSystemError(error, path, `read the ${what}`);
  }
}

// ------------------------------------------------------------------------------------------------------------------
// Output sets

/** A file of an output set being written piece by piece (requests.csv can hold millions of rows). */
export interface StreamedFile {
  /** Appends text (buffered). */
  write(text: string): void;
}

/**
 * The outputs of one command in one folder, written whole or not at all. Open it before the long work (so a bad
 * `--out` fails first), write files into it, then {@link OutputSet.commit}; anything else leaves the folder as it was.
 */
export class OutputSet {
  private readonly staging: string;
  private readonly names: string[] = [];
  private readonly streams = new Map<string, { fd: number; buffer: string }>();
  private done = false;

  /**
   * @param dir the output folder as the user named it (created if missing)
   * @param keepPrevious files of the previous set in `dir` stay (and join the set) unless rewritten — for
   *   `spillway report`, which re-renders beside the report.json it reads
   */
  constructor(
    readonly dir: string,
    private readonly keepPrevious = false,
  ) {
    ensureFolder(dir);
    removeStale(dir);
    this.staging = join(dir, tempName());
    track(this.staging);
    try {
      mkdirSync(this.staging);
    } catch (error) {
      throw fileSystemError(error, dir, "write to the output folder");
    }
  }

  /** Resolves `name` inside the staging folder, refusing any name that would leave it. */
  private staged(name: string): string {
    const path = resolve(this.staging, name);
    const rel = relative(this.staging, path);
    if (rel === "" || rel.startsWith("..") || isAbsolute(rel))
      throw new Error(`output name "${name}" leaves the output folder`);
    return path;
  }

  /** Adds a whole file to the set. */
  write(name: string, data: string | Uint8Array): void {
    const path = this.staged(name);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeNew(path, data);
    } catch (error) {
      this.abort();
      throw fileSystemError(error, join(this.dir, name), `write ${name}`);
    }
    this.names.push(name);
  }

  /** Starts a file written piece by piece; it is closed by {@link OutputSet.commit}. */
  stream(name: string): StreamedFile {
    const path = this.staged(name);
    let fd: number;
    try {
      mkdirSync(dirname(path), { recursive: true });
      fd = openSync(path, "w");
    } catch (error) {
      this.abort();
      throw fileSystemError(error, join(this.dir, name), `write ${name}`);
    }
    const entry = { fd, buffer: "" };
    this.streams.set(name, entry);
    this.names.push(name);
    return {
      write: (text) => {
        entry.buffer += text;
        if (entry.buffer.length > 1 << 20) this.flush(name, entry);
      },
    };
  }

  private flush(name: string, entry: { fd: number; buffer: string }): void {
    try {
      writeAll(entry.fd, entry.buffer);
    } catch (error) {
      this.abort();
      throw fileSystemError(error, join(this.dir, name), `write ${name}`);
    }
    entry.buffer = "";
  }

  /** Files written so far, in order, relative to the folder. */
  get files(): readonly string[] {
    return this.names;
  }

  /**
   * Moves the set into place: the previous set's manifest goes first, then its files that this set does not
   * rewrite, then the new files are renamed in and the new manifest written last — so a folder with a manifest
   * holds one complete set. Returns the files written.
   */
  commit(): string[] {
    for (const [name, entry] of this.streams) {
      this.flush(name, entry);
      closeSync(entry.fd);
    }
    this.streams.clear();
    const manifestPath = join(this.dir, MANIFEST);
    const previous = readManifest(manifestPath);
    const next = new Set(this.names);
    try {
      rmSync(manifestPath, { force: true });
      if (!this.keepPrevious) {
        for (const name of previous) {
          // Only names that stay inside the folder: a hand-edited manifest must not delete anything else.
          const path = resolve(this.dir, name);
          const rel = relative(resolve(this.dir), path);
          if (next.has(name) || rel.startsWith("..") || isAbsolute(rel) || name.startsWith(TEMP_PREFIX))
            continue;
          rmSync(path, { force: true });
        }
      }
      for (const name of this.names) {
        const target = join(this.dir, name);
        mkdirSync(dirname(target), { recursive: true });
        renameSync(this.staged(name), target);
      }
      const listed = this.keepPrevious ? [...new Set([...previous, ...this.names])] : this.names;
      writeNew(join(this.staging, MANIFEST), `${JSON.stringify({ files: listed }, null, 2)}\n`);
      renameSync(join(this.staging, MANIFEST), manifestPath);
    } catch (error) {
      this.abort();
      throw fileSystemError(error, this.dir, "write to the output folder");
    }
    this.abort();
    this.done = true;
    return [...this.names];
  }

  /** Drops everything staged; the folder keeps its previous set. Idempotent. */
  abort(): void {
    for (const entry of this.streams.values()) {
      try {
        closeSync(entry.fd);
      } catch {
        // already closed
      }
    }
    this.streams.clear();
    rmSync(this.staging, { recursive: true, force: true });
    untrack(this.staging);
  }

  /** Whether {@link OutputSet.commit} has completed. */
  get committed(): boolean {
    return this.done;
  }
}

/** The files a manifest lists (none when it is missing or unreadable). */
function readManifest(path: string): string[] {
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as { files?: unknown };
    return Array.isArray(data.files) ? data.files.filter((f): f is string => typeof f === "string") : [];
  } catch {
    return [];
  }
}
