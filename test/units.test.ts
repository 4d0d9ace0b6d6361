import { describe, expect, it } from "vitest";
import { parseDuration, parseRate, parseTimeOfDay } from "../src/units.js";

describe("units", () => {
  it.each([
    [90, 90],
    ["90s", 90],
    ["5m", 300],
    ["1h", 3600],
    ["7d", 604800],
    ["250ms", 0.25],
    ["PT1M", 60],
    ["PT1H30M", 5400],
    ["P1D", 86400],
    ["1.5h", 5400],
  ])("duration %s = %s s", (input, seconds) => {
    expect(parseDuration(input)).toBeCloseTo(seconds, 12);
  });

  it.each([
    [5, 5],
    ["5/s", 5],
    ["300/min", 5],
    ["18000/h", 5],
  ])("rate %s = %s/s", (input, rate) => {
    expect(parseRate(input)).toBeCloseTo(rate, 12);
  });

  it("reads a time of day as seconds after time 0", () => {
    expect(parseTimeOfDay("14:00")).toBe(50400);
    expect(parseTimeOfDay("25:00")).toBeUndefined();
  });

  it("rejects nonsense", () => {
    expect(parseDuration("soon")).toBeUndefined();
    expect(parseDuration("5 parsecs")).toBeUndefined();
    expect(parseRate("5/fortnight")).toBeUndefined();
  });
});
