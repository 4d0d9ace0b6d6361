"""SimPy version of Spillway's bench reference scenario (bench/reference.yaml).

One provisioned gpt-4.1 deployment (1000 PTU, leaky bucket) with native spillover to a
GlobalStandard gpt-4.1 deployment (20,000K TPM, fixed-window TPM and RPM counters), fed by
Poisson arrivals at 200 requests/s for 3600 s. `npm run bench` times this script against
Spillway on the same model; it prints one JSON line with the outcome counts and latencies.

Usage: /usr/bin/python3 bench/simpy-model.py [seed]   (needs Debian's python3-simpy3)
"""

import json
import math
import random
import sys
import time

import simpy

# Workload.
HORIZON_S = 3600.0
ARRIVAL_RATE = 200.0  # requests per second, Poisson
PROMPT_TOKENS = 1000
COMPLETION_TOKENS = 100
MAX_TOKENS = 100

# Client retry policy for a final 429.
MAX_RETRIES = 2
MAX_HONOURED_RETRY_AFTER_S = 60.0
BACKOFF_BASE_S = 0.5
BACKOFF_JITTER = 0.25

# Latency model: ttft = TTFT_S + TTFT_PER_1K_PROMPT_S * prompt/1000, then completion / TOKENS_PER_S.
TTFT_S = 0.5
TTFT_PER_1K_PROMPT_S = 0.05
TOKENS_PER_S = 80.0
SIGMA_PROVISIONED = 0.1
SIGMA_STANDARD = 0.3


class LeakyBucket:
    """PTU utilization: a level of normalized tokens draining continuously at capacity/60 per second."""

    def __init__(self, ptus, input_tpm_per_ptu, output_weight, window_s=60.0, burst=0.0):
        capacity_tpm = ptus * input_tpm_per_ptu
        self.rate = capacity_tpm / 60.0
        self.depth = capacity_tpm * window_s / 60.0 + burst
        self.output_weight = output_weight
        self.level = 0.0
        self.last = 0.0

    def _drain(self, now):
        # Lazy drain: nothing happens between calls, so compute the leak since the last touch.
        self.level = max(0.0, self.level - self.rate * (now - self.last))
        self.last = now

    def try_admit(self, now, prompt, max_tokens):
        """Return (admitted, retry_after_s)."""
        self._drain(now)
        if self.level > self.depth:
            return False, (self.level - self.depth) / self.rate
        # Charged up front at max_tokens; corrected at completion.
        self.level += prompt + self.output_weight * max_tokens
        return True, 0.0

    def complete(self, now, completion, max_tokens):
        self._drain(now)
        self.level = max(0.0, self.level + self.output_weight * (completion - max_tokens))


class FixedWindowQuota:
    """Standard deployment: TPM per fixed minute window and RPM enforced per fixed 10 s window."""

    def __init__(self, tpm, rpm_per_1k_tpm=1.0):
        self.tpm_limit = tpm
        rpm = tpm / 1000.0 * rpm_per_1k_tpm
        self.rpm_window_s = 10.0
        self.req_limit = math.floor(rpm * self.rpm_window_s / 60.0)
        self.tok_window = -1
        self.tok_count = 0
        self.req_window = -1
        self.req_count = 0

    def try_admit(self, now, prompt, max_tokens):
        """Return (admitted, retry_after_s)."""
        tok_window = int(now // 60.0)
        if tok_window != self.tok_window:
            self.tok_window, self.tok_count = tok_window, 0
        req_window = int(now // self.rpm_window_s)
        if req_window != self.req_window:
            self.req_window, self.req_count = req_window, 0
        # Reject only once a counter has reached its limit, so the request that crosses it is admitted.
        retry_after = 0.0
        if self.tok_count >= self.tpm_limit:
            retry_after = (tok_window + 1) * 60.0 - now
        if self.req_count >= self.req_limit:
            retry_after = max(retry_after, (req_window + 1) * self.rpm_window_s - now)
        if retry_after > 0.0:
            return False, retry_after
        self.tok_count += prompt + max_tokens
        self.req_count += 1
        return True, 0.0


class Stats:
    def __init__(self):
        self.arrived = 0
        self.succeeded = 0
        self.throttled = 0
        self.ptu_served = 0
        self.paygo_served = 0
        self.ptu_429 = 0
        self.retries = 0
        self.e2e = []


def service_time(rng, sigma, prompt, completion):
    ttft = TTFT_S + TTFT_PER_1K_PROMPT_S * prompt / 1000.0
    generation = completion / TOKENS_PER_S
    # Mean-one lognormal jitter, one draw per request applied to both phases.
    jitter = math.exp(sigma * rng.gauss(0.0, 1.0) - sigma * sigma / 2.0)
    return (ttft + generation) * jitter


def request(env, rng, stats, ptu, paygo):
    """One client request: PTU first, native spillover to paygo on 429, client retries on a final 429."""
    arrived_at = env.now
    attempt = 0
    while True:
        ok, retry_after = ptu.try_admit(env.now, PROMPT_TOKENS, MAX_TOKENS)
        if ok:
            yield env.timeout(service_time(rng, SIGMA_PROVISIONED, PROMPT_TOKENS, COMPLETION_TOKENS))
            ptu.complete(env.now, COMPLETION_TOKENS, MAX_TOKENS)
            stats.ptu_served += 1
            break
        stats.ptu_429 += 1
        # Native spillover is immediate; if it also fails the caller sees ptu's own 429.
        spilled, _ = paygo.try_admit(env.now, PROMPT_TOKENS, MAX_TOKENS)
        if spilled:
            yield env.timeout(service_time(rng, SIGMA_STANDARD, PROMPT_TOKENS, COMPLETION_TOKENS))
            stats.paygo_served += 1
            break
        if attempt >= MAX_RETRIES:
            stats.throttled += 1
            return
        if 0.0 < retry_after <= MAX_HONOURED_RETRY_AFTER_S:
            wait = retry_after
        else:
            wait = BACKOFF_BASE_S * 2**attempt * (1.0 - BACKOFF_JITTER * rng.random())
        attempt += 1
        stats.retries += 1
        yield env.timeout(wait)
    stats.succeeded += 1
    stats.e2e.append(env.now - arrived_at)


def arrivals(env, rng, stats, ptu, paygo):
    while True:
        yield env.timeout(rng.expovariate(ARRIVAL_RATE))
        if env.now >= HORIZON_S:
            return
        stats.arrived += 1
        env.process(request(env, rng, stats, ptu, paygo))


def percentile_ms(sorted_values, p):
    # Nearest rank, as a latency SLO report would quote it.
    if not sorted_values:
        return None
    rank = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return round(sorted_values[rank - 1] * 1000.0, 1)


def main():
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 42
    started = time.perf_counter()
    rng = random.Random(seed)
    env = simpy.Environment()
    stats = Stats()
    ptu = LeakyBucket(ptus=1000, input_tpm_per_ptu=3000, output_weight=4)
    paygo = FixedWindowQuota(tpm=20_000_000, rpm_per_1k_tpm=1.0)
    env.process(arrivals(env, rng, stats, ptu, paygo))
    # Arrivals stop at the horizon; requests already in flight (and their retries) run to completion,
    # so every arrived request ends as succeeded or throttled.
    env.run()
    stats.e2e.sort()
    result = {
        "seed": seed,
        "arrived": stats.arrived,
        "succeeded": stats.succeeded,
        "throttled": stats.throttled,
        "spillover": stats.paygo_served,
        "ptu_served": stats.ptu_served,
        "paygo_served": stats.paygo_served,
        "ptu_429": stats.ptu_429,
        "retries": stats.retries,
        "p50_ms": percentile_ms(stats.e2e, 50),
        "p95_ms": percentile_ms(stats.e2e, 95),
        "p99_ms": percentile_ms(stats.e2e, 99),
        "sim_end_s": round(env.now, 3),
        # SimPy numbers every scheduled event; the queue is empty after run(), so all were processed.
        "events": next(env._eid),
        "wall_seconds": round(time.perf_counter() - started, 3),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
