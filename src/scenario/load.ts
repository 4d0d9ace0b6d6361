/**
 * From scenario text to a validated, resolved scenario: YAML with line numbers, `--set` overrides, the zod schema,
 * then referential checks and catalog merging (resolve.ts). No file system here: the caller passes the text and a
 * reader for files the scenario names (empirical distributions), so the core stays free of I/O.
 */
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  parse as parseYaml,
  visit,
} from "yaml";
import type { z } from "zod";
import { excerpt } from "../errors.js";
import { RESERVED_KEYS } from "./names.js";
import { formatPath, type Problem, ScenarioError } from "./problems.js";
import { type ResolvedScenario, resolveScenario } from "./resolve.js";
import { type Scenario, scenarioSchema } from "./schema.js";
import { nearestKey, schemaKeys } from "./suggest.js";

/** Options of {@link loadScenario}. */
export interface LoadOptions {
  /** `path=value` overrides (the CLI's `--set`), applied before validation. */
  sets?: string[];
  /** Replaces the file's seed (the CLI's `--seed`). */
  seed?: number;
  /** Reads a file named inside the scenario, relative to the scenario's folder; throws if it cannot. */
  readFile?: (relativePath: string) => string;
  /** Resolves a path named inside the scenario (a trace) against the scenario's folder. */
  resolvePath?: (relativePath: string) => string;
}

/** Parses, overrides, validates and resolves a scenario; throws {@link ScenarioError} listing every problem. */
export function loadScenario(text: string, file: string, options: LoadOptions = {}): ResolvedScenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      file,
      doc.errors.map((e) => ({
        path: "",
        line: e.linePos?.[0]?.line,
        message: `invalid YAML: ${e.message.split("\n")[0]} — check indentation, quotes and colons`,
      })),
    );
  }
  const setProblems: Problem[] = [];
  for (const assignment of options.sets ?? []) {
    const problem = applySet(doc, assignment);
    if (problem !== undefined) setProblems.push(problem);
  }
  if (setProblems.length > 0) throw new ScenarioError(file, setProblems);

  const raw = toPlainData(doc, file, lineCounter);
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ScenarioError(file, [
      { path: "", line: 1, message: "a scenario is a mapping with name, duration, accounts and traffic" },
    ]);
  }
  if (options.seed !== undefined) (raw as Record<string, unknown>).seed = options.seed;

  const lineOf = (path: ReadonlyArray<PropertyKey>): number | undefined =>
    lineOfPath(doc.contents, path, lineCounter);
  const forbidden = forbiddenKeys(raw, []);
  if (forbidden.length > 0) {
    throw new ScenarioError(
      file,
      forbidden.map((path) => ({
        path: formatPath(path),
        line: lineOf(path),
        message: `the key "${String(path.at(-1))}" is not allowed (it names a JavaScript object internal); rename it`,
      })),
    );
  }
  // reportInput: a value of the wrong type is reported with what was found, not as missing.
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true });
  const valueAt = (path: ReadonlyArray<PropertyKey>): unknown =>
    path.reduce<unknown>(
      (node, key) =>
        node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined,
      raw,
    );
  if (!parsed.success) {
    throw new ScenarioError(
      file,
      sortProblems(parsed.error.issues.flatMap((issue) => describeIssue(issue, lineOf, valueAt))),
    );
  }
  const { scenario, problems } = resolveScenario(
    parsed.data as Scenario,
    options.readFile,
    options.resolvePath,
  );
  if (problems.length > 0) {
    throw new ScenarioError(
      file,
      sortProblems(
        problems.map((p) => ({ path: formatPath(p.path), line: lineOf(p.path), message: p.message })),
      ),
    );
  }
  return scenario;
}

/**
 * The document as plain data. Aliases are where YAML can fail late: an alias to an anchor that does not exist, or
 * more aliases than the parser allows (a "billion laughs" file); both become problems with their line.
 */
function toPlainData(doc: ReturnType<typeof parseDocument>, file: string, lineCounter: LineCounter): unknown {
  const unresolved: Problem[] = [];
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) === undefined) {
        unresolved.push({
          path: "",
          line:
            node.range === undefined || node.range === null
              ? undefined
              : lineCounter.linePos(node.range[0]).line,
          message: `invalid YAML: the alias *${excerpt(node.source, 40)} has no anchor &${excerpt(node.source, 40)} before it — define the anchor first or write the value`,
        });
      }
    },
  });
  if (unresolved.length > 0) throw new ScenarioError(file, unresolved);
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ScenarioError(file, [
      {
        path: "",
        message: `invalid YAML: ${excerpt((error as Error).message, 120)} — a scenario needs few aliases (at most 100 expansions)`,
      },
    ]);
  }
}

/** Keys that would reach JavaScript object internals (`__proto__`), with their paths. */
function forbiddenKeys(value: unknown, path: (string | number)[]): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => forbiddenKeys(v, [...path, i]));
  if (value === null || typeof value !== "object") return [];
  const found: (string | number)[][] = [];
  for (const key of Object.keys(value)) {
    if (RESERVED_KEYS.has(key)) found.push([...path, key]);
    else found.push(...forbiddenKeys((value as Record<string, unknown>)[key], [...path, key]));
  }
  return found;
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
}

let keyCache: Set<string> | undefined;
/** Every key the schema knows (computed once, only when a file has an unknown key). */
function knownKeys(): Set<string> {
  keyCache ??= schemaKeys(scenarioSchema);
  return keyCache;
}

/** Turns one zod issue into problems with a path, a line and a message that says what to change. */
function describeIssue(
  issue: z.core.$ZodIssue,
  lineOf: (path: ReadonlyArray<PropertyKey>) => number | undefined,
  valueAt: (path: ReadonlyArray<PropertyKey>) => unknown,
): Problem[] {
  const path = issue.path as PropertyKey[];
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => {
        const guess = nearestKey(key, knownKeys());
        return {
          path: formatPath([...path, key]),
          line: lineOf([...path, key]),
          message:
            guess === key
              ? // A key valid elsewhere (`target:` beside `retry:` instead of under it): a place to fix, not a spelling.
                `unknown key "${excerpt(key, 60)}" here — it belongs to another entry; check its indentation`
              : guess === undefined
                ? `unknown key "${excerpt(key, 60)}" — remove it or check its spelling`
                : `unknown key "${excerpt(key, 60)}" — did you mean "${guess}"?`,
        };
      });
    case "invalid_type":
      if (issue.input === undefined && valueAt(path) === undefined) {
        return [
          { path: formatPath(path), line: lineOf(path), message: `"${String(path.at(-1))}" is required` },
        ];
      }
      return [
        {
          path: formatPath(path),
          line: lineOf(path),
          message: `expected ${expectedText(issue.expected)}, got ${describeValue(issue.input ?? valueAt(path))}`,
        },
      ];
    case "invalid_value":
      return [
        {
          path: formatPath(path),
          line: lineOf(path),
          message: `${describeValue(issue.input ?? valueAt(path))} is not allowed: use one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
        },
      ];
    case "invalid_union": {
      if ("discriminator" in issue && issue.discriminator !== undefined) {
        const options = (issue as { options?: unknown[] }).options ?? [];
        // zod puts the discriminator at the end of the path; older versions left it off.
        const discriminator = String(issue.discriminator);
        const found = valueAt(path.at(-1) === discriminator ? path : [...path, discriminator]);
        return [
          {
            path: formatPath(path),
            line: lineOf(path),
            message: `${found === undefined ? `"${discriminator}" is required` : `${describeValue(found)} is not a known ${discriminator}`}: use one of ${options.map((v) => JSON.stringify(v)).join(", ")}`,
          },
        ];
      }
      // Report the branch that got furthest (fewest issues), so "type: lognormal" errors talk about lognormal.
      const branches = issue.errors.filter((b) => b.length > 0).sort((a, b) => a.length - b.length);
      if (branches.length > 0)
        return branches[0].flatMap((sub) =>
          describeIssue({ ...sub, path: [...path, ...sub.path] }, lineOf, valueAt),
        );
      return [
        {
          path: formatPath(path),
          line: lineOf(path),
          message: `${describeValue(issue.input ?? valueAt(path))} is not valid here`,
        },
      ];
    }
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const inclusive = issue.inclusive !== false;
      const op = issue.code === "too_small" ? (inclusive ? ">=" : ">") : inclusive ? "<=" : "<";
      const what =
        issue.origin === "array" ? "number of entries" : issue.origin === "string" ? "length" : "value";
      return [
        {
          path: formatPath(path),
          line: lineOf(path),
          message: `${what} ${describeValue(issue.input ?? valueAt(path))} must be ${op} ${String(bound)}`,
        },
      ];
    }
    case "not_multiple_of":
      return [
        {
          path: formatPath(path),
          line: lineOf(path),
          message: `must be a multiple of ${String(issue.divisor)}`,
        },
      ];
    case "invalid_format":
      return [{ path: formatPath(path), line: lineOf(path), message: issue.message }];
    default:
      return [{ path: formatPath(path), line: lineOf(path), message: issue.message }];
  }
}

/** zod's name of an expected type, in words. */
function expectedText(expected: string): string {
  const words: Record<string, string> = {
    int: "a whole number",
    number: "a number",
    string: "text",
    boolean: "true or false",
    array: "a list",
    object: "a mapping",
    record: "a mapping",
  };
  return words[expected] ?? expected;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value !== null && typeof value === "object") return "a mapping";
  return excerpt(JSON.stringify(value) ?? String(value), 60);
}

/** The line of the deepest node that exists along `path` (the key's line for a map entry). */
function lineOfPath(
  root: unknown,
  path: ReadonlyArray<PropertyKey>,
  counter: LineCounter,
): number | undefined {
  let node = root as Node | null;
  let offset = (node as { range?: [number, number, number] } | null)?.range?.[0];
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (pair === undefined) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof key === "number") {
      const item = node.items[key] as Node | undefined;
      if (item === undefined) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : counter.linePos(offset).line;
}

/**
 * Applies one `path=value` override to the YAML document. Lists of named things are addressed by name
 * (`accounts.aoai-eastus.deployments.gpt41-ptu.capacity=120`), gateway backends by deployment, anything by index.
 */
function applySet(doc: ReturnType<typeof parseDocument>, assignment: string): Problem | undefined {
  const eq = assignment.indexOf("=");
  if (eq <= 0) {
    return { path: assignment, message: `--set needs path=value, e.g. traffic.chat.arrival.rate=30/s` };
  }
  const pathText = assignment.slice(0, eq).trim();
  const valueText = assignment.slice(eq + 1);
  let value: unknown;
  const valueDoc = parseDocument(valueText);
  let aliases = false;
  visit(valueDoc, {
    Alias() {
      aliases = true;
      return visit.BREAK;
    },
  });
  if (aliases) {
    return {
      path: excerpt(assignment.slice(0, eq).trim(), 80),
      message: "--set: a value cannot use YAML aliases (*name); write the value itself",
    };
  }
  try {
    value = valueDoc.errors.length > 0 ? valueText : parseYaml(valueText);
  } catch {
    value = valueText;
  }
  const segments = pathText.split(".");
  const resolved: (string | number)[] = [];
  let node: unknown = doc.contents;
  for (const [i, segment] of segments.entries()) {
    if (isSeq(node)) {
      let index = /^\d+$/.test(segment) ? Number(segment) : -1;
      if (index < 0) {
        index = node.items.findIndex((item) => {
          if (!isMap(item)) return false;
          return item.get("name") === segment || item.get("deployment") === segment;
        });
      }
      if (index < 0 || index >= node.items.length) {
        const names = node.items.map((item) =>
          isMap(item) ? (item.get("name") ?? item.get("deployment")) : undefined,
        );
        return {
          path: pathText,
          message: `--set: no entry "${segment}" under ${formatPath(resolved) || "the top level"}; known: ${names.filter((n) => n !== undefined).join(", ") || "none"}`,
        };
      }
      resolved.push(index);
      node = node.items[index];
    } else if (isMap(node) || node === null || node === undefined) {
      resolved.push(segment);
      node = isMap(node) ? node.get(segment, true) : undefined;
      if (node === undefined && i < segments.length - 1 && !isMap(node)) {
        // Creating intermediate mappings is fine (setIn does it); a later list lookup by name cannot be.
        node = undefined;
      }
    } else {
      return {
        path: pathText,
        message: `--set: "${formatPath(resolved)}" is a single value, it has no "${segment}"`,
      };
    }
  }
  doc.setIn(resolved, value);
  return undefined;
}
