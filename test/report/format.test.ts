/** The shared duration format every human output prints latency with (summary.md, the page, the terminal, check). */
import { describe, expect, it } from "vitest";
import { millis } from "../../src/report/format.js";

describe("millis", () => {
  it("prints ms and s as before", () => {
    expect(millis(4.26)).toBe("4.3 ms");
    expect(millis(512.4)).toBe("512 ms");
    expect(millis(4860)).toBe("4.86 s");
    expect(millis(59_900)).toBe("59.9 s");
  });

  it("prints minutes from a minute and hours from an hour, so a Batch turnaround reads at a glance", () => {
    expect(millis(60_000)).toBe("1.0 min");
    expect(millis(762_000)).toBe("12.7 min");
    expect(millis(3_600_000)).toBe("1.0 h");
    expect(millis(76_188_308)).toBe("21.2 h");
  });

  it("keeps a value that is no number visible", () => {
    expect(millis(Number("x"))).toBe("NaN s");
  });
});
