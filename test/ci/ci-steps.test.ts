/**
 * The reusable CI steps (action.yml and ci/azure-pipelines/spillway-check.yml) run as their runners would run them
 * (test/ci/run-steps.ts), in a scratch copy of the example team repository (examples/team-repo/), against the built
 * CLI: exit codes, the JUnit file and check.md, the job summary, the pull-request comment only when enabled and on
 * a pull request, and the baseline update flow.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fakeGh, runAction, runTemplate } from "./run-steps.js";

const root = join(import.meta.dirname, "../..");
const action = join(root, "action.yml");
const template = join(root, "ci/azure-pipelines/spillway-check.yml");
// The built CLI, as `npx spillway` runs it from node_modules (npm test builds it first).
const spillway = `${process.execPath} ${join(root, "dist/spillway.mjs")}`;

/** A scratch checkout of the example team repository, with what its .gitignore keeps out left out. */
function teamRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), "spillway-team-"));
  cpSync(join(root, "examples/team-repo"), dir, {
    recursive: true,
    filter: (src) => !/[\\/](node_modules|reports[\\/]check)$/.test(src),
  });
  return dir;
}

/** Cuts the chat estate's PTU from 100 to 60: backend 429s and token cost regress against the baseline. */
function shrinkPtu(dir: string): void {
  const file = join(dir, "scenarios/chat-ptu-spillover.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace("capacity: 100", "capacity: 60"));
}

describe("action.yml (composite GitHub Action)", () => {
  it("passes on the committed baselines: exit 0, JUnit and check.md written, check.md in the job summary, no comment outside a pull request", async () => {
    const repo = teamRepo();
    const bin = mkdtempSync(join(tmpdir(), "spillway-bin-"));
    const log = join(bin, "gh.log");
    fakeGh(bin, log);
    const r = await runAction(
      action,
      { spillway },
      { event_name: "push", event: {} },
      {
        cwd: repo,
        env: { PATH: `${bin}:${process.env.PATH}` },
      },
    );
    expect(r.steps.map((s) => [s.name, s.code])).toEqual([
      ["spillway check", 0],
      ["Job summary", 0],
      ["Pull-request comment", 0],
      ["Verdict", 0],
    ]);
    expect(r.outputs).toEqual({ "exit-code": "0", "check-md": "reports/check/check.md" });
    expect(readFileSync(join(repo, "reports/check/junit.xml"), "utf8")).toMatch(
      /<testsuites[^>]* failures="0"/,
    );
    const md = readFileSync(join(repo, "reports/check/check.md"), "utf8");
    expect(md).toContain("✅ 2 scenarios passed.");
    expect(r.summary).toBe(md);
    expect(r.steps[2].stdout).toContain("not a pull request");
    expect(existsSync(log)).toBe(false);
  });

  it("a regression on a pull request: the comment is posted (then edited in place) and the job fails with exit 1", async () => {
    const repo = teamRepo();
    shrinkPtu(repo);
    const bin = mkdtempSync(join(tmpdir(), "spillway-bin-"));
    const log = join(bin, "gh.log");
    const pr = { event_name: "pull_request", event: { pull_request: { number: 7 } } };
    const run = () =>
      runAction(action, { spillway, scenarios: "scenarios/chat-ptu-spillover.yaml" }, pr, {
        cwd: repo,
        env: { PATH: `${bin}:${process.env.PATH}` },
      });
    fakeGh(bin, log);
    const first = await run();
    expect(first.steps.map((s) => s.code)).toEqual([0, 0, 0, 1]);
    expect(first.code).toBe(1);
    expect(first.outputs["exit-code"]).toBe("1");
    expect(first.steps[3].stdout).toContain("::error::spillway check exited 1");
    expect(readFileSync(join(repo, "reports/check/junit.xml"), "utf8")).toContain("<failure");
    const md = readFileSync(join(repo, "reports/check/check.md"), "utf8");
    expect(md).toContain("regression");
    const posted = readFileSync(log, "utf8");
    expect(posted).toContain("gh api --method POST repos/team/infra/issues/7/comments");
    expect(posted).toContain(`<!-- spillway-check -->\n${md}`);
    // The next push finds the marked comment and edits it instead of adding another.
    rmSync(log);
    fakeGh(bin, log, "4242");
    await run();
    const edited = readFileSync(log, "utf8");
    expect(edited).toContain("gh api --method PATCH repos/team/infra/issues/comments/4242");
    expect(edited).not.toContain("--method POST");
  });

  it("comment: false posts nothing on a pull request; bad input exits 2 and posts no stale check.md", async () => {
    const repo = teamRepo();
    const bin = mkdtempSync(join(tmpdir(), "spillway-bin-"));
    const log = join(bin, "gh.log");
    fakeGh(bin, log);
    const pr = { event_name: "pull_request", event: { pull_request: { number: 7 } } };
    const env = { PATH: `${bin}:${process.env.PATH}` };
    const off = await runAction(action, { spillway, comment: "false" }, pr, { cwd: repo, env });
    expect(off.code).toBe(0);
    expect(off.steps[2].stdout).toContain("comment off");
    expect(existsSync(log)).toBe(false);
    // The same workspace again (a reused runner), with a scenario that does not exist.
    const bad = await runAction(action, { spillway, scenarios: "scenarios/missing.yaml" }, pr, {
      cwd: repo,
      env,
    });
    expect(bad.steps.map((s) => s.code)).toEqual([0, 0, 0, 2]);
    expect(bad.outputs["exit-code"]).toBe("2");
    expect(bad.steps[0].stderr).toContain("missing.yaml");
    expect(bad.steps[2].stdout).toContain("no check.md to post");
    expect(bad.summary).toBe("");
    expect(existsSync(join(repo, "reports/check/junit.xml"))).toBe(false);
    expect(existsSync(log)).toBe(false);
  });

  it("update-baselines: true writes the baselines a later check passes against (the deliberate update commit)", async () => {
    const repo = teamRepo();
    shrinkPtu(repo);
    const chat = { spillway, scenarios: "scenarios/chat-ptu-spillover.yaml", comment: "false" };
    const r = await runAction(action, { ...chat, "update-baselines": "true" }, {}, { cwd: repo });
    expect(r.code).toBe(0);
    // The update's table compares the new baseline with the one it replaces: what the reviewer sees moving.
    expect(readFileSync(join(repo, "reports/check/check.md"), "utf8")).toContain("regression");
    const again = await runAction(action, chat, {}, { cwd: repo });
    expect(again.code).toBe(0);
  });
});

describe("ci/azure-pipelines/spillway-check.yml (steps template)", () => {
  /** A stand-in for the Azure DevOps REST API: records each call, answers the thread list with `threads`. */
  async function devops(threads: unknown[]) {
    const calls: { method: string; url: string; body: string; auth: string }[] = [];
    const body = (req: IncomingMessage) =>
      new Promise<string>((done) => {
        let text = "";
        req.on("data", (d) => {
          text += String(d);
        });
        req.on("end", () => done(text));
      });
    const server = createServer(async (req, res) => {
      calls.push({
        method: req.method ?? "",
        url: req.url ?? "",
        body: await body(req),
        auth: String(req.headers.authorization),
      });
      res.setHeader("Content-Type", "application/json");
      // No keep-alive: the posting process would otherwise wait for the idle socket before it exits.
      res.setHeader("Connection", "close");
      res.end(JSON.stringify(req.method === "GET" ? { value: threads } : { id: 1 }));
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const { port } = server.address() as AddressInfo;
    return { calls, url: `http://127.0.0.1:${port}/org/`, close: () => server.close() };
  }

  function pullRequest(repo: string, collectionUri: string): Record<string, string> {
    return {
      "System.DefaultWorkingDirectory": repo,
      "System.AccessToken": "fake-token",
      "System.CollectionUri": collectionUri,
      "System.TeamProject": "infra team",
      "Build.Repository.ID": "repo-id",
      "Build.Repository.Provider": "TfsGit",
      "Build.Reason": "PullRequest",
      "System.PullRequest.PullRequestId": "12",
    };
  }

  it("passes on the committed baselines: exit 0, JUnit and check.md written, check.md on the summary tab, JUnit published", async () => {
    const repo = teamRepo();
    const r = await runTemplate(
      template,
      { spillway },
      { "System.DefaultWorkingDirectory": repo, "Build.Reason": "IndividualCI" },
      { cwd: repo },
    );
    expect(r.steps.map((s) => [s.name, s.code])).toEqual([
      ["spillway check", 0],
      ["Pull-request comment", 0],
      ["Verdict", 0],
    ]);
    expect(r.outputs.spillwayExitCode).toBe("0");
    expect(r.steps[0].stdout).toContain(`##vso[task.uploadsummary]${join(repo, "reports/check/check.md")}\n`);
    expect(readFileSync(join(repo, "reports/check/check.md"), "utf8")).toContain("✅ 2 scenarios passed.");
    expect(readFileSync(join(repo, "reports/check/junit.xml"), "utf8")).toMatch(
      /<testsuites[^>]* failures="0"/,
    );
    expect(r.tasks).toEqual([
      expect.objectContaining({
        task: "PublishTestResults@2",
        inputs: expect.objectContaining({ testResultsFiles: "reports/check/junit.xml", searchFolder: repo }),
      }),
    ]);
    expect(r.steps[1].stdout).toContain("not an Azure Repos pull request");
  });

  it("a regression on a pull request: one thread posted, then edited in place; the build fails with exit 1", async () => {
    const repo = teamRepo();
    shrinkPtu(repo);
    const api = await devops([]);
    try {
      const run = () =>
        runTemplate(
          template,
          { spillway, scenarios: "scenarios/chat-ptu-spillover.yaml" },
          pullRequest(repo, api.url),
          { cwd: repo },
        );
      const r = await run();
      expect(r.steps.map((s) => s.code)).toEqual([0, 0, 1]);
      expect(r.outputs.spillwayExitCode).toBe("1");
      const md = readFileSync(join(repo, "reports/check/check.md"), "utf8");
      const threads = "/org/infra%20team/_apis/git/repositories/repo-id/pullRequests/12/threads";
      expect(api.calls.map((c) => [c.method, c.url])).toEqual([
        ["GET", `${threads}?api-version=7.1`],
        ["POST", `${threads}?api-version=7.1`],
      ]);
      expect(api.calls[1].auth).toBe("Bearer fake-token");
      expect(JSON.parse(api.calls[1].body).comments[0].content).toBe(`<!-- spillway-check -->\n${md}`);
    } finally {
      api.close();
    }
    const again = await devops([{ id: 5, comments: [{ id: 1, content: "<!-- spillway-check -->\nold" }] }]);
    try {
      await runTemplate(
        template,
        { spillway, scenarios: "scenarios/chat-ptu-spillover.yaml" },
        pullRequest(repo, again.url),
        { cwd: repo },
      );
      expect(again.calls.map((c) => c.method)).toEqual(["GET", "PATCH"]);
      expect(again.calls[1].url).toContain("/threads/5/comments/1?");
    } finally {
      again.close();
    }
  });

  it("updateBaselines: true writes the baselines; comment: false calls no API on a pull request", async () => {
    const repo = teamRepo();
    shrinkPtu(repo);
    rmSync(join(repo, "reports/baselines"), { recursive: true });
    const api = await devops([]);
    try {
      const update = await runTemplate(
        template,
        { spillway, scenarios: "scenarios/chat-ptu-spillover.yaml", comment: false, updateBaselines: true },
        pullRequest(repo, api.url),
        { cwd: repo },
      );
      expect(update.steps.map((s) => s.code)).toEqual([0, 0, 0]);
      expect(readdirSync(join(repo, "reports/baselines"))).toEqual(["chat-ptu-spillover.report.json"]);
      expect(update.steps[1].stdout).toContain("comment off");
      expect(api.calls).toEqual([]);
    } finally {
      api.close();
    }
  });
});

describe("the example team repository's CI files", () => {
  it("use the action and the template with inputs and parameters they declare", () => {
    const inputs = Object.keys(parse(readFileSync(action, "utf8")).inputs);
    const workflow = parse(
      readFileSync(join(root, "examples/team-repo/.github/workflows/spillway.yml"), "utf8"),
    );
    const uses = Object.values(workflow.jobs as Record<string, { steps: { uses?: string; with?: object }[] }>)
      .flatMap((job) => job.steps)
      .filter((step) => /\/spillway@/.test(step.uses ?? ""));
    expect(uses.length).toBe(2);
    for (const step of uses) for (const key of Object.keys(step.with ?? {})) expect(inputs).toContain(key);

    const params = (parse(readFileSync(template, "utf8")).parameters as { name: string }[]).map(
      (p) => p.name,
    );
    const pipeline = parse(readFileSync(join(root, "examples/team-repo/azure-pipelines.yml"), "utf8"));
    const used = (pipeline.steps as { template?: string; parameters?: object }[]).filter((s) => s.template);
    expect(used.map((s) => s.template)).toEqual(["ci/azure-pipelines/spillway-check.yml@spillway"]);
    for (const key of Object.keys(used[0].parameters ?? {})) expect(params).toContain(key);
  });
});
