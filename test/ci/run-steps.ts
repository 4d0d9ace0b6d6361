/**
 * Runs the shell steps of action.yml (a composite GitHub Action) and of the Azure Pipelines steps template as their
 * runners would: each `run:`/`script:` in bash, in order, with its `env:` after substituting inputs or parameters,
 * step outputs and variables. It understands only what those files use (plain `${{ a.b.c }}` lookups, `$(Name)`
 * macros, GITHUB_OUTPUT, `##vso[task.setvariable]`); anything else throws, so a new construct in either file cannot
 * go untested silently. `task:` steps (Azure's built-in tasks) are returned, not run.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "yaml";

/** What one step did. */
export interface StepResult {
  /** The step's name (`name:` or `displayName:`). */
  name: string;
  /** Its exit code. */
  code: number;
  /** What it printed on stdout. */
  stdout: string;
  /** What it printed on stderr. */
  stderr: string;
}

/** What a whole run did: the steps that ran (a failing step stops the run, as on the runners), and more. */
export interface RunResult {
  /** Steps in order, up to and including the first that failed. */
  steps: StepResult[];
  /** The exit code of the last step that ran. */
  code: number;
  /** GitHub: the action's outputs; Azure: the variables the steps set. */
  outputs: Record<string, string>;
  /** GitHub: what the steps appended to the job summary. */
  summary: string;
  /** Azure: the `task:` steps, as written (after parameter substitution), for the caller to inspect. */
  tasks: Record<string, unknown>[];
}

/** Where and how to run. */
export interface RunOptions {
  /** The repository the workflow checked out: working directories are relative to it. */
  cwd: string;
  /** Extra environment (e.g. PATH with a fake `gh`, the runner's predefined variables). */
  env?: Record<string, string>;
}

function sh(script: string, flags: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<StepResult> {
  const dir = mkdtempSync(join(tmpdir(), "spillway-step-"));
  const file = join(dir, "step.sh");
  writeFileSync(file, script);
  return new Promise((done, fail) => {
    const child = spawn("bash", ["--noprofile", "--norc", ...flags, file], { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += String(d);
    });
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    child.on("error", fail);
    child.on("close", (code) => done({ name: "", code: code ?? -1, stdout, stderr }));
  });
}

/** `${{ a.b.c }}` → the value at that path of `context` ("" when absent, as on GitHub); anything else throws. */
function expand(text: string, context: Record<string, unknown>): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => {
    const path = expr.trim();
    if (!/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/.test(path))
      throw new Error(`unsupported expression: ${path}`);
    let value: unknown = context;
    for (const key of path.split(".")) value = (value as Record<string, unknown> | undefined)?.[key];
    if (typeof value === "boolean")
      return context.booleans === "azure" ? (value ? "True" : "False") : String(value);
    return value === undefined || value === null ? "" : String(value);
  });
}

function expandEnv(env: unknown, f: (s: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((env ?? {}) as Record<string, unknown>)) out[k] = f(String(v));
  return out;
}

/** No `${{ }}` inside a script: inputs reach scripts through env only, so none can inject shell code. */
function assertNoExpressions(script: string, name: string): void {
  if (script.includes("${{"))
    throw new Error(`step "${name}" has an expression inside its script; pass it through env`);
}

/**
 * Runs action.yml's composite steps with `inputs` (defaults from the file fill the rest) and the `github` context
 * (e.g. `{ event: { pull_request: { number: 7 } } }`).
 */
export async function runAction(
  file: string,
  inputs: Record<string, string>,
  github: Record<string, unknown>,
  options: RunOptions,
): Promise<RunResult> {
  const action = parse(readFileSync(file, "utf8"));
  if (action.runs?.using !== "composite") throw new Error("not a composite action");
  const context: Record<string, unknown> = { github: { token: "fake-token", ...github }, steps: {} };
  const resolved: Record<string, string> = {};
  for (const [name, def] of Object.entries(action.inputs as Record<string, { default?: string }>)) {
    resolved[name] = inputs[name] ?? expand(def.default ?? "", context);
  }
  for (const name of Object.keys(inputs)) if (!(name in resolved)) throw new Error(`unknown input ${name}`);
  context.inputs = resolved;
  const work = mkdtempSync(join(tmpdir(), "spillway-runner-"));
  const summaryFile = join(work, "summary.md");
  writeFileSync(summaryFile, "");
  const steps: StepResult[] = [];
  for (const step of action.runs.steps as Record<string, unknown>[]) {
    const name = String(step.name ?? step.id);
    if (step.uses !== undefined || step.if !== undefined)
      throw new Error(`step "${name}": only plain run steps are modelled`);
    if (step.shell !== "bash") throw new Error(`step "${name}": shell must be bash`);
    const script = String(step.run);
    assertNoExpressions(script, name);
    const outputFile = join(work, `output-${steps.length}`);
    writeFileSync(outputFile, "");
    const dir = resolve(options.cwd, expand(String(step["working-directory"] ?? "."), context));
    const env = {
      ...process.env,
      GITHUB_REPOSITORY: "team/infra",
      RUNNER_TEMP: work,
      ...options.env,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      ...expandEnv(step.env, (s) => expand(s, context)),
    };
    // GitHub runs `shell: bash` as `bash --noprofile --norc -eo pipefail {0}`.
    const result = { ...(await sh(script, ["-eo", "pipefail"], dir, env)), name };
    steps.push(result);
    if (typeof step.id === "string") {
      const outputs: Record<string, string> = {};
      for (const line of readFileSync(outputFile, "utf8").split("\n")) {
        const eq = line.indexOf("=");
        if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
      }
      (context.steps as Record<string, unknown>)[step.id] = { outputs };
    }
    if (result.code !== 0) break;
  }
  const outputs: Record<string, string> = {};
  for (const [name, def] of Object.entries((action.outputs ?? {}) as Record<string, { value: string }>)) {
    outputs[name] = expand(def.value, context);
  }
  return {
    steps,
    code: steps.at(-1)?.code ?? 0,
    outputs,
    summary: readFileSync(summaryFile, "utf8"),
    tasks: [],
  };
}

/**
 * Runs the Azure Pipelines steps template with `parameters` (defaults from the file fill the rest) and the
 * pipeline's predefined `variables` (e.g. `{ "System.DefaultWorkingDirectory": dir }`), which are also in the
 * scripts' environment as Azure puts them there (SYSTEM_DEFAULTWORKINGDIRECTORY).
 */
export async function runTemplate(
  file: string,
  parameters: Record<string, string | boolean>,
  variables: Record<string, string>,
  options: RunOptions,
): Promise<RunResult> {
  const template = parse(readFileSync(file, "utf8"));
  const params: Record<string, unknown> = {};
  for (const def of template.parameters as { name: string; default?: unknown }[]) {
    params[def.name] = parameters[def.name] ?? def.default;
  }
  for (const name of Object.keys(parameters))
    if (!(name in params)) throw new Error(`unknown parameter ${name}`);
  const context = { parameters: params, booleans: "azure" };
  const vars: Record<string, string> = { ...variables };
  // Azure leaves an undefined macro as written, which is why scripts read predefined variables from env instead.
  const macros = (s: string) => s.replace(/\$\(([\w.]+)\)/g, (m, name: string) => vars[name] ?? m);
  const predefined = () =>
    Object.fromEntries(Object.entries(vars).map(([k, v]) => [k.toUpperCase().replace(/\./g, "_"), v]));
  const steps: StepResult[] = [];
  const tasks: Record<string, unknown>[] = [];
  for (const step of template.steps as Record<string, unknown>[]) {
    if (step.task !== undefined) {
      tasks.push(JSON.parse(macros(expand(JSON.stringify(step), context))));
      continue;
    }
    const name = String(step.displayName);
    if (step.script === undefined) throw new Error(`step "${name}": only script and task steps are modelled`);
    const script = String(step.script);
    assertNoExpressions(script, name);
    const dir = resolve(options.cwd, macros(expand(String(step.workingDirectory ?? "."), context)));
    const env = {
      ...process.env,
      ...predefined(),
      ...options.env,
      ...expandEnv(step.env, (s) => macros(expand(s, context))),
    };
    // Azure's script step on Linux runs the file with bash, without -e.
    const result = { ...(await sh(macros(script), [], dir, env)), name };
    steps.push(result);
    for (const m of result.stdout.matchAll(/^##vso\[task\.setvariable variable=([\w.]+)\](.*)$/gm))
      vars[m[1]] = m[2];
    if (result.code !== 0) break;
  }
  return { steps, code: steps.at(-1)?.code ?? 0, outputs: vars, summary: "", tasks };
}

/** A fake `gh` for PATH: logs each call's arguments (and a `body=@file`'s content) to `log`, answers `ids`. */
export function fakeGh(dir: string, log: string, ids = ""): void {
  const file = join(dir, "gh");
  writeFileSync(
    file,
    `#!/usr/bin/env bash
echo "gh $*" >> ${JSON.stringify(log)}
for a in "$@"; do case "$a" in body=@*) cat "\${a#body=@}" >> ${JSON.stringify(log)};; esac; done
case "$*" in *--jq*) printf '%s' ${JSON.stringify(ids)};; esac
`,
    { mode: 0o755 },
  );
  if (!existsSync(file)) throw new Error("cannot write the fake gh");
}
