/**
 * The page's DOM builders: the view model's blocks as elements. Text from the report only ever goes through
 * textContent / setAttribute, never markup; every string arrives formatted, so nothing here formats a number.
 */
import type { Block, Cell, Column, Run, ViewTable } from "../view-model.js";

/** A child of {@link el}: a node, text, or nothing. */
export type Child = Node | string | null | undefined | false;

/** Creates an element with attributes (undefined ones skipped) and children. */
export function el(
  tag: string,
  attrs: Record<string, string | undefined> = {},
  ...children: Child[]
): HTMLElement {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    if (key === "class") node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

/** Inline text as nodes. */
export function runs(text: readonly Run[]): Child[] {
  return text.map((run) =>
    typeof run === "string"
      ? run
      : "strong" in run
        ? el("strong", {}, run.strong)
        : el("code", { title: run.title }, run.code),
  );
}

/** Whether the page shows a part (everything but what the view model keeps for summary.md). */
export const onPage = (part: { only?: string }) => part.only !== "summary";

/** A cell's content and class. */
function cellContent(c: Cell): { content: Child; class?: string } {
  if (typeof c === "string") return { content: c };
  if (c.code) return { content: el("code", {}, String(c.text)), class: "wrap" };
  if (c.verdict !== undefined)
    return { content: el("span", { class: `badge ${c.verdict}` }, String(c.text)) };
  if (!Array.isArray(c.text) && c.sub === undefined) return { content: c.text };
  // One item a line: a list that wraps mid-name is hard to read.
  const lines = [c.text].flat().map((line) => el("span", { class: "line" }, line));
  if (c.sub !== undefined) lines.push(el("span", { class: "line sub" }, c.sub));
  return { content: el("span", {}, ...lines) };
}

/** A captioned table in a horizontally scrolling, keyboard-focusable region; the first column heads the rows. */
export function table(t: ViewTable): HTMLElement {
  const keep = t.columns.map(onPage);
  const columns = t.columns.filter((_, i) => keep[i]);
  const num = (c: Column) => (c.align === "right" ? "num" : undefined);
  const head = el("tr", {}, ...columns.map((c) => el("th", { scope: "col", class: num(c) }, c.label)));
  const body = t.rows.map((row, r) =>
    el(
      "tr",
      { class: t.rowClasses?.[r] || undefined },
      ...row
        .filter((_, i) => keep[i])
        .map((cell, i) => {
          const { content, class: extra } = cellContent(cell);
          const cls = [num(columns[i]) ?? "", extra ?? ""].join(" ").trim() || undefined;
          return i === 0
            ? el("th", { scope: "row", class: cls }, content)
            : el("td", { class: cls }, content);
        }),
    ),
  );
  return el(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t.caption },
    el("table", {}, el("caption", {}, t.caption), el("thead", {}, head), el("tbody", {}, ...body)),
  );
}

/** A `<details>` whose content is built when it is first opened. */
export function lazyDetails(summary: string, build: () => Child[]): HTMLDetailsElement {
  const details = el("details", {}, el("summary", {}, summary)) as HTMLDetailsElement;
  details.addEventListener("toggle", () => {
    if (details.open && details.childElementCount === 1) details.append(el("div", {}, ...build()));
  });
  return details;
}

/** The elements of a block; `other` builds the kinds that need more than the view model (the charts). */
export function block(b: Block, other: (b: Block) => Child[]): Child[] {
  if (!onPage(b)) return [];
  switch (b.kind) {
    case "paragraph":
      return [el("p", { class: b.note ? "note" : undefined }, ...runs(b.text))];
    case "heading":
      return [el("h3", {}, b.text)];
    case "table":
      return [table(b)];
    case "fold":
      // Tens of thousands of rows laid out at load would freeze the page for seconds: built on first open.
      return [lazyDetails(b.summary, () => b.blocks.flatMap((inner) => block(inner, other)))];
    case "cards":
      return [
        el(
          "dl",
          { class: "cards" },
          ...b.cards.map((c) =>
            el(
              "div",
              { class: c.state ? `card ${c.state}` : "card" },
              el("dt", {}, c.label),
              el("dd", { class: "value" }, c.value),
              c.sub ? el("dd", { class: "sub" }, c.sub) : null,
            ),
          ),
        ),
      ];
    case "timeline":
      return [
        el(
          "ol",
          { class: "timeline", "aria-label": b.caption },
          ...b.items.map((item) => {
            const bar = el("span", { class: "bar" });
            bar.style.left = `${item.from}%`;
            bar.style.width = `${item.to - item.from}%`;
            return el(
              "li",
              {},
              el("div", { class: "what" }, item.what, el("span", { class: "when" }, item.when)),
              el(
                "div",
                { "aria-hidden": "true" },
                el("div", { class: "track" }, bar),
                el("div", { class: "axis" }, el("span", {}, b.axis[0]), el("span", {}, b.axis[1])),
              ),
            );
          }),
        ),
      ];
    case "warnings":
      return [
        el(
          "ul",
          { class: "warnings" },
          ...b.items.map((w) => el("li", {}, el("code", {}, w.code), " ", w.message)),
        ),
      ];
    default:
      return other(b);
  }
}
