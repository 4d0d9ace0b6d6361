import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/report/markdown.js";
import { run } from "../helpers.js";

describe("summary.md", () => {
  it("shows hostile names and descriptions as text, not markup", () => {
    const r = run(`
name: evil
description: "<script>alert(1)</script> | **bold** [link](http://x)"
duration: 2m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: p, model: gpt-4.1, sku: GlobalStandard, capacity: 100 }
traffic:
  - { name: w, via: a/p, arrival: { type: constant, rate: 1/s }, promptTokens: 10, completionTokens: 10 }
`);
    const md = renderMarkdown(r);
    expect(md).not.toContain("<script>");
    expect(md).toContain("&lt;script&gt;");
    expect(md).toContain("\\*\\*bold\\*\\*");
    expect(md).toContain("\\| ");
  });
});
