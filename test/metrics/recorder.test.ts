/**
 * The recorder's additions for issue 12: the end-to-end latency of every request (failures at their time to failure)
 * beside the success-only one, and the highest bucket level per step, carried across steps without an admission.
 */
import { describe, expect, it } from "vitest";
import { type FinishedRequest, Outcome, RunRecorder } from "../../src/metrics/recorder.js";
import type { BucketGauge } from "../../src/metrics/run-aggregates.js";

const request = (arrival: number): FinishedRequest => ({
  id: 1,
  workloadName: "w",
  workloadIndex: 0,
  arrival,
  measured: true,
  retries: 0,
  prompt: 10,
  cached: 0,
  completion: 5,
});

describe("latency over every request", () => {
  it("counts failures at the time their caller got the final failure, successes as e2e does", () => {
    const recorder = new RunRecorder(600, 0, []);
    recorder.finished(request(10), Outcome.Succeeded, 12, 11, false, 200, "a/b");
    recorder.finished(request(20), Outcome.TimedOut, 80, 0, false, 408, "");
    recorder.finished(request(30), Outcome.Throttled, 30.5, 0, false, 429, "");
    const agg = recorder.aggregates;
    expect(agg.e2e.summary().max).toBeCloseTo(2000, 6);
    expect(agg.e2e.summary().mean).toBeCloseTo(2000, 6);
    const all = agg.e2eAll().summary();
    expect(all.max).toBeCloseTo(60_000, 6);
    expect(all.mean).toBeCloseTo((2000 + 60_000 + 500) / 3, 6);
  });

  it("leaves out warmup requests, as every other counter does", () => {
    const recorder = new RunRecorder(600, 0, []);
    recorder.finished({ ...request(-5), measured: false }, Outcome.Errored, 1, 0, false, 500, "");
    expect(recorder.aggregates.e2eAll().summary().max).toBe(0);
  });
});

describe("bucket level per step", () => {
  /** A bucket of depth 60 draining 1 a second: it empties from full in one 60-second step. */
  const gauge = { fill: 0, drainPerSecond: 1, depth: 60 };
  const setup = () => {
    const recorder = new RunRecorder(300, 1, []);
    const dep = recorder.aggregates.deployments[0];
    recorder.watchBucket(dep, gauge as BucketGauge);
    const admit = (at: number, fill: number) => {
      gauge.fill = fill;
      recorder.charged(dep, at, 100);
    };
    return { recorder, dep, admit };
  };

  it("keeps the highest level after an admission in each step, and what a step starts with", () => {
    const { dep, admit, recorder } = setup();
    // Warmup: half full 10 s before the horizon, so the first step starts a third full.
    admit(-10, 0.5);
    admit(130, 0.9);
    admit(135, 0.7);
    admit(250, 1.2);
    // A settlement (negative) is no admission: it moves no level.
    gauge.fill = 5;
    recorder.charged(dep, 251, -100);
    const levels = Array.from(dep.bucketLevels());
    expect(levels[0]).toBeCloseTo(0.5 - 10 / 60, 9);
    expect(levels.slice(1, 5)).toEqual([0, 0.9, 0, 1.2]);
    expect(levels).toHaveLength(5);
  });

  it("carries a full bucket through steps with no admission until it has drained", () => {
    const { dep, admit } = setup();
    admit(50, 2);
    const levels = Array.from(dep.bucketLevels());
    // Full at 50 s plus one more depth: 1.83 at 60 s, 0.83 at 120 s, empty before 180 s.
    expect(levels[0]).toBe(2);
    expect(levels[1]).toBeCloseTo(2 - 10 / 60, 9);
    expect(levels[2]).toBeCloseTo(1 - 10 / 60, 9);
    expect(levels.slice(3)).toEqual([0, 0]);
    // Reading the levels changes nothing: the same series again.
    expect(Array.from(dep.bucketLevels())).toEqual(levels);
  });

  it("keeps no series for a deployment whose bucket nobody watches (standard deployments)", () => {
    const recorder = new RunRecorder(300, 1, []);
    const dep = recorder.aggregates.deployments[0];
    recorder.charged(dep, 10, 100);
    expect(dep.bucketLevels()).toHaveLength(0);
  });
});

describe("per workload", () => {
  const setup = () =>
    new RunRecorder(600, 1, [["eastus"]], undefined, {
      names: ["a", "b"],
      outages: [{ start: 100, end: 200 }],
    });

  it("books outcomes, latency and series to the request's workload by index", () => {
    const recorder = setup();
    const agg = recorder.aggregates;
    recorder.finished(
      { ...request(10), workloadIndex: 1, retries: 2 },
      Outcome.Succeeded,
      13,
      11,
      true,
      200,
      "a/b",
    );
    recorder.finished({ ...request(70), workloadIndex: 1 }, Outcome.Throttled, 71, 0, false, 429, "");
    recorder.finished({ ...request(20), workloadIndex: 0 }, Outcome.Errored, 21, 0, false, 503, "");
    const [a, b] = agg.workloads;
    expect([a.arrived, a.succeeded, a.failed, a.errored]).toEqual([1, 0, 1, 1]);
    expect([b.arrived, b.succeeded, b.throttled, b.failed, b.retries, b.spillover]).toEqual([
      2, 1, 1, 1, 2, 1,
    ]);
    expect(Array.from(b.failedSeries.slice(0, 2))).toEqual([0, 1]);
    expect(Array.from(agg.failedSeries.slice(0, 2))).toEqual([1, 1]);
    // The run's histograms are the workloads' summed: the success is there once.
    expect(agg.e2e.count).toBe(1);
    expect(agg.e2e.summary().max).toBeCloseTo(3000, 6);
    expect(agg.e2eAll().count).toBe(3);
  });

  it("tallies each outage window by arrival, whenever the request finished", () => {
    const recorder = setup();
    recorder.finished({ ...request(150), workloadIndex: 0 }, Outcome.Errored, 400, 0, false, 503, "");
    recorder.finished({ ...request(199), workloadIndex: 0 }, Outcome.Succeeded, 201, 200, false, 200, "a/b");
    recorder.finished({ ...request(200), workloadIndex: 0 }, Outcome.Errored, 201, 0, false, 503, "");
    recorder.finished({ ...request(150), workloadIndex: 1 }, Outcome.TimedOut, 210, 0, false, 408, "");
    const [a, b] = recorder.aggregates.workloads.map((w) => w.outages[0]);
    expect([a.arrived, a.succeeded, a.errored]).toEqual([2, 1, 1]);
    expect([b.arrived, b.timedOut]).toEqual([1, 1]);
  });

  it("counts tokens per workload on a deployment and requests per workload at a gateway", () => {
    const recorder = setup();
    const dep = recorder.aggregates.deployments[0];
    recorder.served(dep, 5, true, false, 100, 20, 10, 1);
    recorder.served(dep, 6, true, false, 50, 0, 5, 0);
    recorder.served(dep, -1, false, false, 999, 0, 99, 0);
    expect(Array.from(dep.workloadTokens)).toEqual([50, 0, 5, 100, 20, 10]);
    const gw = recorder.aggregates.gateways[0];
    recorder.gatewayRequest(gw, gw.regions[0], 5, true, 1);
    recorder.gatewayRequest(gw, gw.regions[0], 6, true, 1);
    recorder.gatewayRequest(gw, gw.regions[0], -1, false, 0);
    expect(Array.from(gw.workloadRequests)).toEqual([0, 2]);
  });
});
