/**
 * Command-line conventions every command keeps: short aliases for the common flags, `--version` on every
 * subcommand, no escape sequences under NO_COLOR, and every line printed ends with a newline.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { noColor, showProgress } from "../../src/cli/ansi.js";
import { VERSION } from "../../src/version.js";
import { type CliResult, cli } from "./run-cli.js";

const tmp = () => mkdtempSync(join(tmpdir(), "spillway-conventions-"));
const SCENARIO = "scenarios/ptu-only.yaml";
const TRACE = "scenarios/traces/azure-llm-2023-conv.csv";
const PRICES = join(import.meta.dirname, "../fixtures/prices/retail-prices-sample.json");

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("short aliases", () => {
  it("-q, -o, -f and -s stand for --quiet, --out, --format and --set", async () => {
    const out = tmp();
    const r = await cli(["run", SCENARIO, "-q", "-o", out, "-f", "json", "-s", "duration=5m"]);
    expect(r).toMatchObject({ code: 0, stdout: "", stderr: "" });
    expect(readdirSync(out)).toContain("report.json");
    expect(readdirSync(out)).not.toContain("summary.md");
    expect(JSON.parse(readFileSync(join(out, "report.json"), "utf8")).horizon.durationSeconds).toBe(300);
  });

  it("-b stands for --baseline", async () => {
    const baselines = tmp();
    const r = await cli([
      "check",
      SCENARIO,
      "-b",
      baselines,
      "--update-baseline",
      "-o",
      tmp(),
      "-s",
      "duration=5m",
    ]);
    expect(r.code).toBe(0);
    expect(existsSync(join(baselines, "ptu-only.report.json"))).toBe(true);
  });

  it("an alias is refused by a command without its flag", async () => {
    const r = await cli(["validate", SCENARIO, "-q"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument: q/);
  });
});

/** What `spillway ARGS --help` prints (yargs prints help with console.log). */
async function help(args: string[]): Promise<string> {
  const lines: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((text: unknown) => {
    lines.push(String(text));
  });
  try {
    await cli([...args, "--help"]);
  } finally {
    log.mockRestore();
  }
  return lines.join("\n");
}

/** Every command path the help lists (`run`, `trace stats`, ...), subcommands of subcommands included. */
async function commandPaths(parent: string[] = []): Promise<string[][]> {
  const text = await help(parent);
  const commands = /\nCommands:\n([\s\S]*?)\n\n/.exec(text)?.[1] ?? "";
  const paths: string[][] = [];
  for (const match of commands.matchAll(/^ {2}spillway ([a-z][a-z -]*?)(?= [<[]| {2}|$)/gm)) {
    const path = match[1].split(" ");
    if (path.length <= parent.length) continue;
    const sub = await commandPaths(path);
    paths.push(...(sub.length === 0 ? [path] : sub));
  }
  return paths;
}

/** The short alias each common flag has wherever it exists. */
const SHORT = { out: "o", set: "s", format: "f", quiet: "q", baseline: "b" } as const;

describe("every command", () => {
  it("gives each common flag it has its short alias, and lists --version", async () => {
    const paths = await commandPaths();
    expect(paths.map((p) => p.join(" "))).toEqual(expect.arrayContaining(["run", "check", "trace stats"]));
    const missing: string[] = [];
    for (const path of paths) {
      const text = await help(path);
      expect(text, path.join(" ")).toMatch(/--version/);
      for (const [flag, short] of Object.entries(SHORT)) {
        const line = new RegExp(`^\\s+(-\\w, )?--${flag}\\s`, "m").exec(text);
        if (line !== null && line[1] !== `-${short}, `)
          missing.push(`${path.join(" ")} --${flag} (-${short})`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe("--version", () => {
  const commands = [
    ["run", SCENARIO],
    ["validate", SCENARIO],
    ["report", "r.json"],
    ["plan", SCENARIO],
    ["sensitivity", SCENARIO],
    ["size"],
    ["compare", "a", "b"],
    ["check", SCENARIO],
    ["catalog"],
    ["schema"],
    ["prices", "import", PRICES],
    ["trace", "stats", TRACE],
    ["trace", "fit", TRACE],
  ];
  it.each(commands)("spillway %s ... --version prints the version and runs nothing", async (...args) => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const r = await cli([...args, "--version"]);
    expect(r.code).toBe(0);
    expect(log).toHaveBeenCalledWith(VERSION);
    expect(r.stdout).toBe("");
  });
});

describe("NO_COLOR", () => {
  it("any non-empty value turns escape sequences off (no-color.org)", () => {
    expect(noColor({ NO_COLOR: "1" })).toBe(true);
    expect(noColor({ NO_COLOR: "" })).toBe(false);
    expect(noColor({})).toBe(false);
    expect(showProgress(false, { isTTY: true }, {})).toBe(true);
    expect(showProgress(false, { isTTY: true }, { NO_COLOR: "true" })).toBe(false);
    expect(showProgress(true, { isTTY: true }, {})).toBe(false);
    expect(showProgress(false, { isTTY: false }, {})).toBe(false);
  });

  /** `spillway run` as on a terminal, with NO_COLOR as given. */
  async function onTerminal(noColorValue: string | undefined): Promise<CliResult> {
    vi.stubEnv("NO_COLOR", noColorValue);
    const stderr = process.stderr as { isTTY?: boolean };
    const was = stderr.isTTY;
    stderr.isTTY = true;
    try {
      return await cli(["run", SCENARIO, "-o", tmp(), "-f", "json"]);
    } finally {
      stderr.isTTY = was;
    }
  }

  it("a run on a terminal draws its progress bar with escapes, and with NO_COLOR writes none", async () => {
    const esc = "\u001b";
    const coloured = await onTerminal(undefined);
    expect(coloured.code).toBe(0);
    expect(coloured.stderr).toContain(esc);
    const plain = await onTerminal("1");
    expect(plain.code).toBe(0);
    expect(plain.stderr + plain.stdout).not.toContain(esc);
    expect(plain.stdout).toContain("wrote report.json");
  });
});

describe("every line ends with a newline", () => {
  const out = tmp();
  const report = join(out, "run", "report.json");
  const commands: [string, string[]][] = [
    ["run", ["run", SCENARIO, "-o", join(out, "run"), "-f", "json,md"]],
    ["validate", ["validate", SCENARIO, "--quota"]],
    ["report", ["report", report, "-o", join(out, "report"), "-f", "md"]],
    [
      "size",
      [
        "size",
        "--model",
        "gpt-4o-mini",
        "--rpm",
        "1000",
        "--prompt-tokens",
        "5000",
        "--completion-tokens",
        "50",
      ],
    ],
    ["compare", ["compare", report, report, "-o", join(out, "compare"), "-f", "md"]],
    ["compare (stdout only)", ["compare", report, report]],
    ["check", ["check", SCENARIO, "-o", join(out, "check"), "-b", join(out, "baselines")]],
    ["catalog", ["catalog"]],
    ["catalog MODEL", ["catalog", "gpt-4.1"]],
    ["schema", ["schema"]],
    ["prices import", ["prices", "import", PRICES, "--region", "eastus2"]],
    ["trace stats", ["trace", "stats", TRACE]],
    ["trace fit", ["trace", "fit", TRACE]],
    ["bad flag", ["run", SCENARIO, "--no-such-flag"]],
    ["no command", []],
    ["bad scenario", ["validate", "no-such-file.yaml"]],
  ];
  it.each(commands)("%s", async (_name, args) => {
    const r = await cli(args);
    expect(r.stdout.length + r.stderr.length).toBeGreaterThan(0);
    if (r.stdout !== "") expect(r.stdout.at(-1)).toBe("\n");
    if (r.stderr !== "") expect(r.stderr.at(-1)).toBe("\n");
  });
});
