/**
 * `spillway catalog [MODEL] [--json]`: what Spillway knows, with sources and dates, so a reviewer can check the facts a
 * plan rests on. Without a model, one table per topic (PTU figures, prices per SKU, default quotas) over every model;
 * with a model, every figure it holds about it with its source tags, and the page, address and date behind each tag.
 * Everything is read generically from the catalog (the model entries, the SKU registry, src/catalog/fact-sources.ts),
 * so a model or SKU added there is listed without a change here.
 *
 * `--json` prints {@link CatalogJson}: the same figures, each with its citation, and the source pages they name.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import {
  type CatalogFact,
  type Citation,
  FACT_UNITS,
  LIST_PRICE_CITATION,
  MODEL_FACT_KINDS,
  modelFactList,
  SOURCE_PAGES,
  type SourcePage,
} from "../catalog/fact-sources.js";
import {
  DEFAULT_QUOTA_TIER,
  isProvisioned,
  MODELS,
  PROVISIONED_SKUS,
  SKUS,
  skuFacts,
} from "../catalog/index.js";
import { inputError } from "../errors.js";
import { suggestModel } from "../scenario/suggest.js";
import { groupDigits } from "../units.js";
import { ExitCode } from "./io.js";
import { textTable } from "./text-table.js";

/** One model in {@link CatalogJson}: its name and every figure, in `spillway catalog MODEL` order. */
export interface CatalogJsonModel {
  /** The model's catalog name (`gpt-4.1`). */
  name: string;
  /** Every figure, with the SKU it is for, its value as the catalog holds it, and its citation. */
  facts: {
    /** The model entry's field, or `quota`. */
    field: string;
    /** The kind of figure (a key of MODEL_FACT_KINDS), or null for a field without one. */
    kind: string | null;
    /** The kind's label (`input TPM per PTU`), or the field name. */
    label: string;
    /** The SKU the figure is for, or null. */
    sku: string | null;
    /** The value as the catalog holds it; null = none. */
    value: unknown;
    /** What the value is counted in. */
    unit: string;
    /** Source tags (keys of `sources`), most authoritative first. */
    sources: string[];
    /** How the figure follows from its sources, when it is not simply quoted; null otherwise. */
    note: string | null;
  }[];
}

/** What `spillway catalog --json` prints: the models asked for and every source page their figures cite. */
export interface CatalogJson {
  /** Models, in catalog order (one when a model is named). */
  models: CatalogJsonModel[];
  /** Source pages by tag: title, address, date read and confidence (docs/sources.md has the full rows). */
  sources: Record<string, SourcePage>;
}

/** Options of {@link catalogCommand}. */
export interface CatalogOptions {
  /** The model to show every fact of; all models in tables when absent. */
  model?: string;
  /** Print {@link CatalogJson} instead of text. */
  json: boolean;
}

/** The catalog's name of `typed`, or exit 2 with the nearest name. */
function knownModel(typed: string): string {
  if (Object.hasOwn(MODELS, typed)) return typed;
  const guess = suggestModel(typed, Object.keys(MODELS));
  const hint = guess === undefined ? "" : `; did you mean "${guess}"?`;
  throw inputError(
    "spillway catalog",
    `unknown model "${typed}"${hint} (the catalog has: ${Object.keys(MODELS).join(", ")})`,
  );
}

/** A number as tables print it: digits grouped, decimals kept. */
function num(value: number): string {
  return Number.isInteger(value) ? groupDigits(value) : String(value);
}

/**
 * A price with two decimals at least and up to six (`0.40`, `0.075`, `0.06875`): a price derived by a factor must not
 * print as `0.30000000000000004`.
 */
function price(value: number): string {
  const [whole, fraction = ""] = String(Number(value.toFixed(6))).split(".");
  return `${groupDigits(Number(whole))}.${fraction.padEnd(2, "0")}`;
}

/** Any catalog value as one cell: numbers grouped, records as `key value` pairs, null as "—". */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") return num(value);
  if (Array.isArray(value)) return value.map(valueText).join(", ");
  if (typeof value === "object") {
    return Object.entries(value)
      .map(([k, v]) => `${k} ${valueText(v)}`)
      .join(", ");
  }
  return String(value);
}

/** The label of a figure: its kind's, or the field's name for a field without a kind. */
function labelOf(fact: CatalogFact): string {
  return fact.kind === null ? fact.field : MODEL_FACT_KINDS[fact.kind];
}

/** One model's figures as JSON. */
function modelJson(name: string): CatalogJsonModel {
  return {
    name,
    facts: modelFactList(name, MODELS[name]).map((f) => ({
      field: f.field,
      kind: f.kind,
      label: labelOf(f),
      sku: f.sku,
      value: f.value,
      unit: f.kind === null ? "" : FACT_UNITS[f.kind],
      sources: [...(f.citation?.tags ?? [])],
      note: f.citation?.note ?? null,
    })),
  };
}

/** The source pages the citations name, in the order first cited. */
function sourcesOf(citations: readonly (Citation | null)[]): Record<string, SourcePage> {
  const out: Record<string, SourcePage> = {};
  for (const c of citations) {
    for (const tag of c?.tags ?? []) if (Object.hasOwn(SOURCE_PAGES, tag)) out[tag] = SOURCE_PAGES[tag];
  }
  return out;
}

/** `spillway catalog --json`. */
export function catalogJson(names: readonly string[]): CatalogJson {
  const models = names.map(modelJson);
  const citations = names.flatMap((n) => modelFactList(n, MODELS[n]).map((f) => f.citation));
  return { models, sources: sourcesOf(citations) };
}

/** The figure of `facts` for a field and SKU (null SKU = the model's own), if the model has it. */
function pick(facts: readonly CatalogFact[], field: string, sku: string | null = null): unknown {
  return facts.find((f) => f.field === field && f.sku === sku)?.value ?? null;
}

/** A price cell: token prices in/cached/out, a PTU's hourly price ("(list)": the SKU's list price), or "—". */
function priceCell(facts: readonly CatalogFact[], sku: string): string {
  const fact = facts.find((f) => f.field === "prices" && f.sku === sku);
  if (fact === undefined || fact.value === null) return "—";
  const p = fact.value as Record<string, number>;
  if (isProvisioned(sku))
    return `${price(p.hourly)}/h${fact.citation === LIST_PRICE_CITATION ? " (list)" : ""}`;
  return [p.input, p.cachedInput, p.output].map((x) => (x === undefined ? "?" : price(x))).join("/");
}

/** `spillway catalog`: every model in three tables. */
function overviewText(): string {
  const names = Object.keys(MODELS);
  const all = new Map(names.map((n) => [n, modelFactList(n, MODELS[n])]));
  const sizing = (v: unknown) => {
    const s = v as { minimum?: number; increment?: number } | null;
    return s === null || s.minimum === undefined ? "—" : `${s.minimum} / ${s.increment}`;
  };
  const ptuRows = names.map((n) => {
    const f = all.get(n) ?? [];
    // A model offered on no provisioned SKU has no PTU figures at all, not an unlimited prompt.
    const ptuLimit = pick(f, "ptuMaxPromptTokens");
    const offeredOnPtu = PROVISIONED_SKUS.some((s) => pick(f, "ptuSizing", s) !== null);
    return [
      n,
      valueText(pick(f, "ptuInputTpm")),
      valueText(pick(f, "outputWeight")),
      ...PROVISIONED_SKUS.map((s) => sizing(pick(f, "ptuSizing", s))),
      valueText(pick(f, "ptuTargetTokensPerSecond")),
      ptuLimit === null && offeredOnPtu ? "none" : valueText(ptuLimit),
    ];
  });
  const priced = SKUS.filter((s) =>
    names.some((n) => (all.get(n) ?? []).some((f) => f.field === "prices" && f.sku === s)),
  );
  const priceRows = names.map((n) => [n, ...priced.map((s) => priceCell(all.get(n) ?? [], s))]);
  const quotaSkus = SKUS.filter(
    (s) => !isProvisioned(s) && names.some((n) => pick(all.get(n) ?? [], "quota", s) !== null),
  );
  const quotaRows = names.map((n) => [
    n,
    ...quotaSkus.map((s) => valueText(pick(all.get(n) ?? [], "quota", s))),
  ]);
  return [
    `${names.length} models. \`spillway catalog MODEL\` lists every figure of one with its source and date.`,
    "",
    "PTU figures (input TPM per PTU; output weight: input tokens per output token; minimum / increment in PTUs;",
    "latency target: 99 % of requests generated faster than this, tokens/s; longest prompt a PTU deployment takes)",
    ...textTable(
      [
        "model",
        "input TPM/PTU",
        "output weight",
        ...PROVISIONED_SKUS.map((s) => `${s} min / step`),
        "target tok/s",
        "PTU prompt limit",
      ],
      ptuRows,
    ),
    "",
    "Prices, USD (tokens: per 1M input/cached input/output; PTUs: per PTU-hour, reservations in the model view;",
    '"(list)": the SKU\'s list PTU price, the same for every model; Batch: half the standard SKU\'s; "—": not',
    "offered on the SKU, or no price: a deployment must state its own)",
    ...textTable(["model", ...priced], priceRows),
    "",
    `Default quota per subscription and region (${DEFAULT_QUOTA_TIER}; standard SKUs in TPM, Batch SKUs in enqueued`,
    'tokens; "—": none published; PTU quota: no published default)',
    ...textTable(
      ["model", ...quotaSkus.map((s) => `${s}${skuFacts(s)?.kind === "batch" ? " (tokens)" : ""}`)],
      quotaRows,
    ),
    "",
  ].join("\n");
}

/** `spillway catalog MODEL`: every figure of one model with its citation, then the pages the citations name. */
function modelText(name: string): string {
  const facts = modelFactList(name, MODELS[name]);
  const rows = facts.map((f) => [
    labelOf(f),
    f.sku ?? "",
    valueText(f.value),
    f.kind === null ? "" : FACT_UNITS[f.kind],
    f.citation === null ? "(no citation)" : f.citation.tags.join(", "),
    f.citation?.note ?? "",
  ]);
  const pages = Object.entries(sourcesOf(facts.map((f) => f.citation))).map(
    ([tag, p]) => `  [${tag}] ${p.title}. ${p.where} (${p.date}; ${p.confidence})`,
  );
  return [
    `${name}: every figure Spillway holds, with its sources (docs/sources.md has each source's full row)`,
    ...textTable(["figure", "SKU", "value", "unit", "sources", "note"], rows),
    "",
    "Sources",
    ...pages,
    "",
  ].join("\n");
}

/** Prints the catalog (all models, or one) as text or JSON. Returns the exit code; an unknown model is exit 2. */
export function catalogCommand(options: CatalogOptions): number {
  const name = options.model === undefined ? undefined : knownModel(options.model);
  if (options.json) {
    const names = name === undefined ? Object.keys(MODELS) : [name];
    process.stdout.write(`${JSON.stringify(catalogJson(names), null, 2)}\n`);
  } else {
    process.stdout.write(name === undefined ? overviewText() : modelText(name));
  }
  return ExitCode.Ok;
}

/** The `catalog` command for the CLI's parser; `run` is its guard, which keeps the exit code of the body. */
export function catalogCommandModule(
  run: (body: () => Promise<number>) => Promise<void>,
): CommandModule<object, CatalogOptions> {
  return {
    command: "catalog [model]",
    describe:
      "print what Spillway knows (PTU figures, prices, quotas), every figure with its source and date",
    builder: (y: Argv) =>
      y
        .positional("model", {
          type: "string",
          describe: "a catalog model: every figure of it with its sources",
        })
        .option("json", {
          type: "boolean",
          default: false,
          describe: "print JSON: { models: [{ name, facts }], sources }",
        })
        .example("$0 catalog", "every model: PTU figures, prices per SKU, default quotas")
        .example("$0 catalog gpt-4.1", "every figure of gpt-4.1 with its source tag, page and date")
        .example("$0 catalog gpt-4.1 --json", "the same as JSON") as unknown as Argv<CatalogOptions>,
    handler: (argv: ArgumentsCamelCase<CatalogOptions>) =>
      run(async () => catalogCommand({ model: argv.model, json: argv.json })),
  };
}
