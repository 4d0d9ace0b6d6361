/**
 * Prompt caching as documented [S40]: only prompts of at least 1,024 tokens hit the cache, hits grow in 128-token
 * steps, and a workload's `cachedPromptFraction` is the share of the eligible tokens the cache serves.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CachedPromptRule } from "../../src/sim/client.js";
import { run } from "../helpers.js";

describe("the cached tokens of a request", () => {
  it("are 0 for a prompt under 1,024 tokens, whatever the fraction", () => {
    expect(new CachedPromptRule(1).cached(1023)).toBe(0);
    expect(new CachedPromptRule(0.5).cached(100)).toBe(0);
  });

  it("are the whole prompt of 1,024 tokens at 100 %", () => {
    expect(new CachedPromptRule(1).cached(1024)).toBe(1024);
  });

  it("are the prompt rounded down to 128 tokens at 100 %: 2,000 → 1,920", () => {
    expect(new CachedPromptRule(1).cached(2000)).toBe(1920);
  });

  it("come in 128-token steps: 2,000 at 50 % is 1,024 (half of 1,920 is 960, and no hit is under 1,024)", () => {
    const cached = new CachedPromptRule(0.5).cached(2000);
    expect(cached % 128).toBe(0);
    expect(cached).toBe(1024);
  });

  it("are nothing at 0 %", () => {
    expect(new CachedPromptRule(0).cached(100_000)).toBe(0);
  });

  it("are always 0 or a multiple of 128 of at least 1,024, within the prompt, and keep the fraction over a run", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 400 }),
        (fraction, prompts) => {
          const rule = new CachedPromptRule(fraction);
          let cachedTotal = 0;
          let eligibleTotal = 0;
          for (const prompt of prompts) {
            const cached = rule.cached(prompt);
            expect(cached === 0 || (cached >= 1024 && cached % 128 === 0)).toBe(true);
            expect(cached).toBeLessThanOrEqual(prompt);
            if (prompt < 1024) expect(cached).toBe(0);
            else eligibleTotal += Math.floor(prompt / 128) * 128;
            cachedTotal += cached;
          }
          // What is still owed or was given ahead is less than one minimal hit.
          expect(Math.abs(cachedTotal - fraction * eligibleTotal)).toBeLessThanOrEqual(1024);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("cached prompt tokens in a run", () => {
  const scenario = (prompt: number) => `
name: caching
duration: 5m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 10000 }
traffic:
  - name: w
    via: a/paygo
    arrival: { type: constant, rate: 1/s }
    promptTokens: ${prompt}
    completionTokens: 10
    maxTokens: 10
    cachedPromptFraction: 0.3
`;

  it("has no cached tokens when every prompt is under 1,024 tokens", () => {
    const r = run(scenario(1000));
    expect(r.deployments["a/paygo"].tokens.prompt).toBeGreaterThan(0);
    expect(r.deployments["a/paygo"].tokens.cachedPrompt).toBe(0);
  });

  it("caches the fraction of the eligible tokens, in whole hits, when prompts are long enough", () => {
    // 1,500-token prompts: 1,408 eligible, 30 % = 422.4 a request; hits are 1,024 tokens, about 4 requests in 10.
    const r = run(scenario(1500));
    const d = r.deployments["a/paygo"];
    const requests = d.tokens.prompt / 1500;
    expect(d.tokens.cachedPrompt % 1024).toBe(0);
    expect(d.tokens.cachedPrompt / (requests * 1408)).toBeCloseTo(0.3, 2);
  });
});
