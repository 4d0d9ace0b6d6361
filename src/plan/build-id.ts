/**
 * The identity of the code that simulates, for the plan cache's key: a cached run is reused only by the very code
 * that computed it. The build hashes every file under src/ and package-lock.json (dependency versions decide
 * results too) into dist/build-id.json; code running from the sources hashes the same tree as it is now, so an edit
 * is a new identity without a build. File access is passed in, so the rules are testable on a temporary tree.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";

/** The file the build writes into dist/, beside the bundle. */
export const BUILD_ID_FILE = "build-id.json";

/** What a build identity needs of the file system. */
export interface TreeReader {
  /** Every file under `dir`, recursively, as paths relative to it ([] when `dir` does not exist). */
  list(dir: string): string[];
  /** A file's bytes, or undefined when there is no such file. */
  read(path: string): Uint8Array | undefined;
}

/** The {@link TreeReader} of this machine's file system. */
export const nodeTreeReader: TreeReader = {
  list: (dir) => {
    try {
      return readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => relative(dir, join(e.parentPath, e.name)));
    } catch {
      return [];
    }
  },
  read: (path) => {
    try {
      return readFileSync(path);
    } catch {
      return undefined;
    }
  },
};

/**
 * sha256 of the tree rooted at `root`: every file under `root`/src (by relative path and bytes, in sorted order, so
 * the listing order of the file system does not matter) and `root`/package-lock.json.
 */
export function sourceTreeId(root: string, io: TreeReader): string {
  const h = createHash("sha256");
  const files = io
    .list(join(root, "src"))
    .map((f) => f.split("\\").join("/"))
    .sort();
  for (const file of files) {
    const bytes = io.read(join(root, "src", file));
    if (bytes === undefined) continue;
    h.update(`src/${file}\u0000${bytes.length}\u0000`).update(bytes);
  }
  const lock = io.read(join(root, "package-lock.json"));
  h.update(`package-lock.json\u0000${lock?.length ?? -1}\u0000`);
  if (lock !== undefined) h.update(lock);
  return h.digest("hex");
}

/** The text of dist/build-id.json. */
export function encodeBuildId(id: string): string {
  return `${JSON.stringify({ buildId: id })}\n`;
}

/** The identity a build-id.json holds, or undefined unless it is one sha256 in hex. */
export function decodeBuildId(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { buildId?: unknown } | null)?.buildId;
    return typeof id === "string" && /^[0-9a-f]{64}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The identity of the code that `moduleFile` (a module of Spillway, as import.meta.url gives it) belongs to:
 * - from the sources (a .ts file, as under vitest): the source tree as it is now, whatever dist/ holds;
 * - from a build (dist/spillway.mjs, dist/src/…, or an installed package): the dist/build-id.json the build wrote;
 * - a build without one (tsc alone): the compiled tree dist/src/, or the bundle file itself, which holds all the code.
 */
export function codeIdentity(moduleFile: string, io: TreeReader): string {
  const here = dirname(moduleFile);
  const fromSources = moduleFile.endsWith(".ts");
  if (!fromSources) {
    // The bundle sits in dist/; compiled modules two folders down, in dist/src/<floor>/.
    for (const candidate of [join(here, BUILD_ID_FILE), join(here, "..", "..", BUILD_ID_FILE)]) {
      const bytes = io.read(candidate);
      const id = bytes === undefined ? undefined : decodeBuildId(Buffer.from(bytes).toString("utf8"));
      if (id !== undefined) return id;
    }
  }
  // A module of src/<floor>/ (or src/ itself): hash the tree that src/ is the code of. No further up: a `src`
  // folder higher up is someone else's.
  for (const dir of [here, dirname(here)]) {
    if (basename(dir) === "src") return sourceTreeId(dirname(dir), io);
  }
  const self = io.read(moduleFile);
  return createHash("sha256")
    .update(self ?? moduleFile)
    .digest("hex");
}
