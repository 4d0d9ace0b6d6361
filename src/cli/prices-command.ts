/**
 * `spillway prices import FILE`: turns a saved Azure Retail Prices API response into a `models:` price block, so a
 * scenario prices its deployments at today's list prices for its region instead of the catalog's.
 *
 * The input is what `GET https://prices.azure.com/api/retail/prices?$filter=...` returns ([S70]): an object with
 * `Items[]` (each row: `meterName`, `skuName`, `armRegionName`, `retailPrice`, `unitOfMeasure`, `effectiveStartDate`,
 * `productName`, `type`, `currencyCode`, ...), `NextPageLink` and `Count`. The API pages its answer, so the file may
 * hold several pages: concatenated (`cat page1.json page2.json`) or as a JSON array of pages. A last page that still
 * has a `NextPageLink` means pages are missing: the command says so on stderr.
 *
 * The meter name carries everything ([S71]: samples of real meter names): the model ("gpt 4.1", "GPT 5.2",
 * "gpt-4o-mini-0718"), the deployment type (glbl / Gl / Global → GlobalStandard; Data Zone / DZone / Dz →
 * DataZoneStandard; regnl / Regional → Standard), the kind (Inp / Outp / Opt, cached / cd / cchd for cached input)
 * and the unit (`1K` on older meters, `1M` on newer ones: both become USD per 1M tokens). PTU-hours are the three
 * model-independent meters "Provisioned Managed Global / Data Zone / Regional Unit" ([S13], [S20]), written under
 * every imported model. Batch, Priority (pp), fine-tuning, long-context, cache-write and media meters are left out
 * (counted on stderr): Spillway's standard SKUs price standard processing.
 *
 * Rows a price would be read from but cannot be (a field missing, a price not a number or negative, a unit that is
 * neither 1K/1M nor an hour) are reported on stderr with their item index and skipped, never guessed: the block then
 * lacks that price, and a scenario deploying the model there is refused until it is given (never billed $0).
 */
import { statSync } from "node:fs";
import type { Pair, YAMLMap } from "yaml";
import type { Argv, CommandModule } from "yargs";
import type { ProvisionedSku, StandardSku } from "../catalog/index.js";
import { ExitCode, excerpt, inputError, printable } from "../errors.js";
import { nearestKey } from "../scenario/suggest.js";
import { fileSystemError, readTextFile, writeFileAtomic } from "./files.js";

/** Largest price file read: a whole Foundry Models pull is a few MB; a mistaken path to a huge file stops here. */
const MAX_PRICE_FILE_BYTES = 256 << 20;
/** Most bad rows listed one by one on stderr (the count of the rest is given). */
const MAX_LISTED = 20;

/** Options of `spillway prices import`. */
export interface PricesImportOptions {
  /** The saved API response. */
  file: string;
  /** ARM region names to import (all rows' region when the file holds one). */
  regions: string[];
  /** Model names to keep (default: every model priced). */
  models: string[];
  /** Write the block here instead of stdout. */
  out?: string;
}

/** What a token meter prices. */
type TokenKind = "input" | "cachedInput" | "output";

/** One price read from a row, with where it came from. */
interface ReadPrice {
  /** USD per 1M tokens, or per PTU-hour. */
  value: number;
  /** The row's meterName and effectiveStartDate, for the comment beside the price. */
  meter: string;
  /** effectiveStartDate, ISO. */
  since: string;
}

/** A row's reading: a token price of a model on a standard SKU, a PTU-hour price, or why it is left out. */
type Reading =
  | { kind: "token"; model: string; sku: StandardSku; field: TokenKind }
  | { kind: "ptu"; sku: ProvisionedSku }
  | { kind: "skip"; why: string };

/** Words of a meter name that say the deployment type. */
const DEPLOYMENT_WORDS: Record<string, StandardSku> = {
  glbl: "GlobalStandard",
  gl: "GlobalStandard",
  global: "GlobalStandard",
  dz: "DataZoneStandard",
  dzone: "DataZoneStandard",
  datazone: "DataZoneStandard",
  regnl: "Standard",
  rgnl: "Standard",
  regional: "Standard",
};
const INPUT_WORDS = new Set(["inp", "inpt", "input", "in"]);
const OUTPUT_WORDS = new Set(["opt", "outp", "outpt", "out", "output"]);
const CACHED_WORDS = new Set(["cached", "cchd", "cd", "cach"]);
/** Words without meaning for the price (the unit is read from unitOfMeasure). */
const NOISE_WORDS = new Set(["tokens", "token", "1m", "1k", "gpt", "std"]);
/** Words of meters Spillway's standard SKUs do not price, and why. */
const LEFT_OUT_WORDS: Record<string, string> = {
  batch: "Batch",
  pp: "Priority processing",
  flex: "Flex processing",
  longco: "long-context band",
  wr: "cache write",
  write: "cache write",
  ft: "fine-tuning",
  dev: "fine-tuning",
  training: "fine-tuning",
  trng: "fine-tuning",
  hosting: "fine-tuning",
  grdr: "grader",
  grader: "grader",
  mdl: "grader",
  img: "media",
  image: "media",
  aud: "media",
  audio: "media",
  realtime: "media",
  txt: "media",
  embedding: "embeddings",
  embed: "embeddings",
};
/** The PTU-hour meters, model-independent ([S13]). */
const PTU_METERS: Record<string, ProvisionedSku> = {
  "provisioned managed global unit": "GlobalProvisionedManaged",
  "provisioned managed data zone unit": "DataZoneProvisionedManaged",
  "provisioned managed regional unit": "ProvisionedManaged",
};

/**
 * What a meter name prices. Exported for tests: the rules are the command's contract with Azure's naming, which
 * differs between model generations ("gpt 4.1 cached Inp glbl Tokens", "GPT 5.2 cd inp Dz 1M Tokens").
 */
export function readMeterName(meterName: string): Reading {
  const lower = meterName.trim().toLowerCase();
  const ptu = PTU_METERS[lower];
  if (ptu !== undefined) return { kind: "ptu", sku: ptu };
  if (lower.includes("provisioned")) return { kind: "skip", why: "other PTU meter" };
  // "Data Zone" is two words; join it before splitting.
  const words = lower
    .replace(/data zone/g, "datazone")
    .split(/[\s-]+/)
    .filter((w) => w !== "");
  let sku: StandardSku | undefined;
  let field: "input" | "output" | undefined;
  let cached = false;
  const rest: string[] = [];
  for (const w of words) {
    const leftOut = LEFT_OUT_WORDS[w];
    if (leftOut !== undefined) return { kind: "skip", why: leftOut };
    if (DEPLOYMENT_WORDS[w] !== undefined) sku = DEPLOYMENT_WORDS[w];
    else if (INPUT_WORDS.has(w)) field = "input";
    else if (OUTPUT_WORDS.has(w)) field = "output";
    else if (CACHED_WORDS.has(w)) cached = true;
    else if (w !== "shortco" && !NOISE_WORDS.has(w)) rest.push(w);
  }
  if (field === undefined || sku === undefined || rest.length === 0)
    return { kind: "skip", why: "not a token meter of a model and deployment type" };
  // A four-digit group is a model version (MMDD: "gpt 4o 1120", "gpt-4o-mini-0718"); the catalog names models without.
  const name = rest.filter((w) => !/^\d{4}$/.test(w));
  if (name.length === 0) return { kind: "skip", why: "not a token meter of a model and deployment type" };
  // "4.1", "5.2 chat", "4o mini" are GPT models; "o3", "o4 mini" are not prefixed.
  const model = /^\d/.test(name[0]) ? `gpt-${name.join("-")}` : name.join("-");
  if (cached && field === "output")
    return { kind: "skip", why: "not a token meter of a model and deployment type" };
  return { kind: "token", model, sku, field: cached ? "cachedInput" : field };
}

/** Per-1M-token factor of a token meter's unit, or undefined for a unit no token price uses. */
function perMillion(unit: string): number | undefined {
  const u = unit.trim().toLowerCase();
  if (u === "1k" || u === "1k tokens") return 1000;
  if (u === "1m" || u === "1m tokens") return 1;
  return undefined;
}

/** Whether a PTU meter's unit is one hour ("1 Hour" and "1/Hour" both occur). */
const isHour = (unit: string) => /^1\s*[/ ]\s*hour$/i.test(unit.trim());

/** The pages in a saved response: one object, a JSON array of pages, or several objects one after another. */
function pagesOf(text: string, file: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === "") throw inputError(file, "the file is empty: save the Retail Prices API response in it");
  try {
    const whole: unknown = JSON.parse(trimmed);
    return Array.isArray(whole) ? whole : [whole];
  } catch {
    // Several documents one after another (`cat page1.json page2.json`): split at the top-level closing braces.
  }
  const pages: unknown[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") {
      if (depth === 0) start = i;
      depth++;
    } else if (c === "}") {
      depth--;
      if (depth === 0) {
        try {
          pages.push(JSON.parse(trimmed.slice(start, i + 1)));
        } catch (error) {
          throw inputError(file, `page ${pages.length + 1} is not valid JSON (${(error as Error).message})`);
        }
      }
    } else if (depth === 0 && !/\s/.test(c)) {
      throw inputError(
        file,
        `not JSON at character ${i + 1}: save the Retail Prices API response (an object with Items), or several pages one after another`,
      );
    }
  }
  if (depth !== 0) throw inputError(file, "the JSON ends inside an object: the file is cut short");
  return pages;
}

/** A row as read: its index for messages, and its fields when present. */
interface Row {
  where: string;
  item: Record<string, unknown>;
}

/** The rows of every page, each with a name for messages (`Items[3]`, or `page 2 Items[3]` with several pages). */
function rowsOf(pages: unknown[], file: string): { rows: Row[]; morePages: boolean } {
  const rows: Row[] = [];
  let morePages = false;
  pages.forEach((page, p) => {
    const label = pages.length > 1 ? `page ${p + 1} ` : "";
    if (typeof page !== "object" || page === null || !Array.isArray((page as { Items?: unknown }).Items))
      throw inputError(
        file,
        `${label}has no Items array: this is not a Retail Prices API response (https://prices.azure.com/api/retail/prices)`,
      );
    const { Items, NextPageLink } = page as { Items: unknown[]; NextPageLink?: unknown };
    morePages = typeof NextPageLink === "string" && NextPageLink !== "";
    Items.forEach((item, i) => {
      const where = `${label}Items[${i}]`;
      rows.push({
        where,
        item: typeof item === "object" && item !== null ? (item as Record<string, unknown>) : {},
      });
    });
  });
  return { rows, morePages };
}

/** Prices found for one region: token prices per model and SKU, PTU-hour prices per SKU. */
interface RegionPrices {
  tokens: Map<string, Map<StandardSku, Partial<Record<TokenKind, ReadPrice>>>>;
  ptu: Map<ProvisionedSku, ReadPrice>;
}

/** Keeps the newer of two readings of one price (a meter re-priced later carries a later effectiveStartDate). */
function newer(a: ReadPrice | undefined, b: ReadPrice): ReadPrice {
  if (a === undefined || b.since > a.since) return b;
  if (b.since === a.since && b.value > a.value) return b;
  return a;
}

/**
 * Reads the price rows of every region: prices by region, bad rows (with their index) in `bad`, meters no standard SKU
 * prices counted by reason in `skipped`, and Azure OpenAI meter names no rule reads in `unread`.
 */
function readPrices(rows: Row[], file: string) {
  const byRegion = new Map<string, RegionPrices>();
  const bad: string[] = [];
  const skipped = new Map<string, number>();
  const unread: string[] = [];
  for (const { where, item } of rows) {
    const type = item.type;
    if (type !== undefined && type !== "Consumption") continue;
    const product = item.productName;
    if (typeof product === "string" && !product.startsWith("Azure OpenAI")) continue;
    const meter = item.meterName;
    if (typeof meter !== "string" || meter.trim() === "") {
      bad.push(`${where}: no meterName`);
      continue;
    }
    const reading = readMeterName(meter);
    if (reading.kind === "skip") {
      skipped.set(reading.why, (skipped.get(reading.why) ?? 0) + 1);
      if (reading.why.startsWith("not a token meter")) unread.push(meter);
      continue;
    }
    const name = JSON.stringify(excerpt(meter, 60));
    const region = item.armRegionName;
    const price = item.retailPrice;
    const unit = item.unitOfMeasure;
    const since = item.effectiveStartDate;
    const currency = item.currencyCode;
    const missing = [
      typeof region === "string" && region !== "" ? "" : "armRegionName",
      typeof unit === "string" ? "" : "unitOfMeasure",
      typeof since === "string" ? "" : "effectiveStartDate",
      price === undefined || price === null ? "retailPrice" : "",
    ].filter((f) => f !== "");
    if (missing.length > 0) {
      bad.push(`${where} (${name}): no ${missing.join(", ")}`);
      continue;
    }
    if (typeof currency === "string" && currency !== "USD")
      throw inputError(
        file,
        `${where} is priced in ${printable(excerpt(currency, 10))}: fetch the prices in USD (the default; leave out currencyCode), the currency Spillway's prices are in, and report in another with billing: { currency, exchangeRate }`,
      );
    if (typeof price !== "number" || !Number.isFinite(price) || price < 0) {
      bad.push(
        `${where} (${name}): retailPrice ${excerpt(JSON.stringify(price), 30)} is not a price (a number ≥ 0)`,
      );
      continue;
    }
    let value: number;
    if (reading.kind === "ptu") {
      if (!isHour(unit as string)) {
        bad.push(
          `${where} (${name}): unitOfMeasure ${JSON.stringify(excerpt(String(unit), 20))} is not one hour`,
        );
        continue;
      }
      value = price;
    } else {
      const factor = perMillion(unit as string);
      if (factor === undefined) {
        bad.push(
          `${where} (${name}): unitOfMeasure ${JSON.stringify(excerpt(String(unit), 20))} is neither 1K nor 1M tokens`,
        );
        continue;
      }
      // Round off float noise (0.0022 × 1000 = 2.2000000000000006) at a millionth of a dollar per 1M tokens.
      value = Math.round(price * factor * 1e6) / 1e6;
    }
    const read: ReadPrice = { value, meter, since: since as string };
    let prices = byRegion.get(region as string);
    if (prices === undefined) {
      prices = { tokens: new Map(), ptu: new Map() };
      byRegion.set(region as string, prices);
    }
    if (reading.kind === "ptu") prices.ptu.set(reading.sku, newer(prices.ptu.get(reading.sku), read));
    else {
      let skus = prices.tokens.get(reading.model);
      if (skus === undefined) {
        skus = new Map();
        prices.tokens.set(reading.model, skus);
      }
      const entry = skus.get(reading.sku) ?? {};
      entry[reading.field] = newer(entry[reading.field], read);
      skus.set(reading.sku, entry);
    }
  }
  return { byRegion, bad, skipped, unread };
}

/** Formats a price for YAML: plain decimals, no float noise. */
const num = (v: number) => Number(v.toPrecision(12));

/** The date part of an effectiveStartDate. */
const day = (iso: string) => iso.slice(0, 10);

/**
 * Joins the asked regions' prices into one block (a scenario's `models:` is not per region): a price the regions
 * agree on is written as is; one they differ on takes the highest (a budget should not be short) with a comment
 * naming each region's; a price some regions lack is written with a comment naming them.
 */
function joinRegions(
  regions: string[],
  byRegion: Map<string, RegionPrices>,
  keep: (model: string) => boolean,
): {
  models: Map<string, Map<string, { prices: Record<string, number>; notes: string[] }>>;
  problems: string[];
} {
  const models = new Map<string, Map<string, { prices: Record<string, number>; notes: string[] }>>();
  const problems: string[] = [];
  const pick = (
    readings: { region: string; read: ReadPrice | undefined }[],
    what: string,
    notes: string[],
  ) => {
    const found = readings.filter((r) => r.read !== undefined) as { region: string; read: ReadPrice }[];
    if (found.length === 0) return undefined;
    const highest = found.reduce((a, b) => (b.read.value > a.read.value ? b : a));
    const values = new Set(found.map((r) => r.read.value));
    if (values.size > 1)
      notes.push(
        `${what}: ${found.map((r) => `${r.region} ${num(r.read.value)}`).join(", ")}; the highest is kept`,
      );
    const lacking = readings.filter((r) => r.read === undefined).map((r) => r.region);
    if (lacking.length > 0) notes.push(`${what}: no price in ${lacking.join(", ")}`);
    if (regions.length === 1) notes.push(`${what}: ${highest.read.meter}, since ${day(highest.read.since)}`);
    return highest.read.value;
  };
  const names = new Set<string>();
  for (const r of regions) for (const m of byRegion.get(r)?.tokens.keys() ?? []) if (keep(m)) names.add(m);
  for (const model of [...names].sort()) {
    const skus = new Map<string, { prices: Record<string, number>; notes: string[] }>();
    for (const sku of ["GlobalStandard", "DataZoneStandard", "Standard"] as const) {
      const per = regions.map((region) => ({
        region,
        entry: byRegion.get(region)?.tokens.get(model)?.get(sku),
      }));
      if (per.every((p) => p.entry === undefined)) continue;
      const notes: string[] = [];
      const prices: Record<string, number> = {};
      for (const field of ["input", "cachedInput", "output"] as const) {
        const v = pick(
          per.map((p) => ({ region: p.region, read: p.entry?.[field] })),
          field,
          notes,
        );
        if (v !== undefined) prices[field] = v;
      }
      if (prices.input === undefined || prices.output === undefined) {
        problems.push(
          `${model} ${sku}: no ${prices.input === undefined ? "input" : "output"} price in the file, so it is left out (a scenario deploying it there must give it)`,
        );
        continue;
      }
      skus.set(sku, { prices, notes });
    }
    if (skus.size === 0) continue;
    for (const sku of [
      "GlobalProvisionedManaged",
      "DataZoneProvisionedManaged",
      "ProvisionedManaged",
    ] as const) {
      const notes: string[] = [];
      const v = pick(
        regions.map((region) => ({ region, read: byRegion.get(region)?.ptu.get(sku) })),
        "hourly",
        notes,
      );
      if (v !== undefined) skus.set(sku, { prices: { hourly: v }, notes });
    }
    models.set(model, skus);
  }
  return { models, problems };
}

/** The YAML block: `models:` with a flow map of prices per SKU and a comment saying where each came from. */
async function renderBlock(
  file: string,
  regions: string[],
  models: Map<string, Map<string, { prices: Record<string, number>; notes: string[] }>>,
): Promise<string> {
  // Loaded here, not at the top: main.ts imports this module for its command definition on every command.
  const { Document, isMap, isPair, isScalar } = await import("yaml");
  const doc = new Document({
    models: Object.fromEntries([...models.keys()].map((m) => [m, { prices: {} }])),
  });
  doc.commentBefore =
    ` Written by spillway prices import from ${printable(file)} (Azure Retail Prices API), region${regions.length > 1 ? "s" : ""} ${regions.join(", ")}.\n` +
    " USD per 1M tokens (input, cachedInput, output) and per PTU-hour (hourly); reservations keep the catalog's.";
  const root = doc.contents as YAMLMap;
  const modelsMap = root.get("models") as YAMLMap;
  for (const item of modelsMap.items as Pair[]) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const skus = models.get(String(item.key.value));
    const pricesMap = (item.value as YAMLMap).get("prices") as YAMLMap;
    for (const [sku, { prices, notes }] of skus ?? []) {
      const node = doc.createNode(Object.fromEntries(Object.entries(prices).map(([k, v]) => [k, num(v)])));
      if (isMap(node)) node.flow = true;
      const pair = doc.createPair(sku, node);
      pricesMap.items.push(pair);
      if (notes.length > 0)
        (pair.key as { commentBefore?: string }).commentBefore = notes
          .map((n) => ` ${printable(n)}`)
          .join("\n");
    }
  }
  return doc.toString({ lineWidth: 0 });
}

/** Runs `spillway prices import`; returns the exit code. */
export async function pricesImportCommand(options: PricesImportOptions): Promise<number> {
  const { file } = options;
  let size: number;
  try {
    const stat = statSync(file);
    size = stat.isFile() ? stat.size : -1;
  } catch (error) {
    throw fileSystemError(error, file, "read the price file");
  }
  if (size < 0) throw inputError(file, "cannot read the price file: it is not a regular file");
  if (size > MAX_PRICE_FILE_BYTES)
    throw inputError(file, `cannot read the price file: it is larger than ${MAX_PRICE_FILE_BYTES >> 20} MiB`);
  const text = readTextFile(file, "price file");
  const { rows, morePages } = rowsOf(pagesOf(text, file), file);
  const { byRegion, bad, skipped, unread } = readPrices(rows, file);
  const present = [...byRegion.keys()].sort();
  if (present.length === 0)
    throw inputError(
      file,
      `no Azure OpenAI token or PTU price in ${rows.length} rows: fetch them with $filter=serviceName eq 'Foundry Models' (or productName eq 'Azure OpenAI')`,
    );
  let regions = [...new Set(options.regions)];
  if (regions.length === 0) {
    if (present.length > 1)
      throw inputError(
        "--region",
        `the file prices ${present.length} regions (${present.join(", ")}): name the one(s) to import with --region`,
      );
    regions = present;
  }
  const absent = regions.filter((r) => !byRegion.has(r));
  if (absent.length > 0) {
    const near = absent.length === 1 ? nearestKey(absent[0], present) : undefined;
    throw inputError(
      "--region",
      `no Azure OpenAI price for ${absent.join(", ")} in ${file}${near === undefined ? "" : ` (did you mean "${near}"?)`}; regions priced there: ${present.join(", ")}`,
    );
  }
  const wanted = new Set(options.models);
  const pricedModels = new Set<string>();
  for (const r of regions) for (const m of byRegion.get(r)?.tokens.keys() ?? []) pricedModels.add(m);
  for (const m of wanted) {
    if (!pricedModels.has(m)) {
      const near = nearestKey(m, pricedModels);
      throw inputError(
        "--model",
        `no token price for ${JSON.stringify(excerpt(m, 60))} in ${regions.join(", ")}${near === undefined ? "" : ` (did you mean "${near}"?)`}; models priced there: ${[...pricedModels].sort().join(", ")}`,
      );
    }
  }
  const { models, problems } = joinRegions(regions, byRegion, (m) => wanted.size === 0 || wanted.has(m));
  if (models.size === 0)
    throw inputError(file, `no model has both an input and an output price in ${regions.join(", ")}`);

  const notes: string[] = [];
  if (morePages)
    notes.push(
      "the last page has a NextPageLink: later pages are missing from the file, so prices may be too (save every page)",
    );
  for (const line of bad.slice(0, MAX_LISTED)) notes.push(`skipped ${line}`);
  if (bad.length > MAX_LISTED) notes.push(`… and ${bad.length - MAX_LISTED} more bad rows skipped`);
  notes.push(...problems);
  const leftOut = [...skipped].filter(([why]) => !why.startsWith("not a token meter"));
  if (leftOut.length > 0)
    notes.push(
      `left out: ${leftOut.map(([why, n]) => `${n} ${why}`).join(", ")} meter rows (no standard SKU prices them)`,
    );
  if (unread.length > 0)
    notes.push(
      `${unread.length} Azure OpenAI rows name no model token price Spillway reads, e.g. ${unread
        .slice(0, 3)
        .map((m) => JSON.stringify(excerpt(m, 60)))
        .join(", ")}`,
    );
  for (const n of notes) process.stderr.write(`spillway prices import: ${printable(n)}\n`);

  const yaml = await renderBlock(file, regions, models);
  if (options.out === undefined) process.stdout.write(yaml);
  else writeFileAtomic(options.out, yaml, "price block");
  return ExitCode.Ok;
}

/**
 * The `spillway prices` command for main.ts (`.command(pricesCommand(guarded))`): its only subcommand, `import`,
 * loads the rest of this module's work when it runs.
 */
export function pricesCommand(guarded: (body: () => Promise<number>) => Promise<void>): CommandModule {
  return {
    command: "prices",
    describe: "Azure list prices: turn a saved Retail Prices API response into a models: price block",
    builder: (y: Argv) =>
      y
        .command(
          "import <file>",
          "write a models: block (USD per 1M tokens, per PTU-hour) for the regions asked, from a saved API response",
          (t) =>
            t
              .positional("file", {
                type: "string",
                demandOption: true,
                describe:
                  "JSON saved from https://prices.azure.com/api/retail/prices (pages concatenated or in an array)",
              })
              .option("region", {
                type: "string",
                array: true,
                describe: "ARM region name(s) to import, e.g. eastus2 (needed when the file prices several)",
              })
              .option("model", {
                type: "string",
                array: true,
                describe: "keep only these models, e.g. gpt-4.1",
              })
              .option("out", { type: "string", describe: "write the block to this file instead of stdout" })
              .example(
                `curl -s "https://prices.azure.com/api/retail/prices?\\$filter=serviceName eq 'Foundry Models' and armRegionName eq 'eastus2'" > prices.json`,
                "save the price list of one region (one page; follow NextPageLink for the rest)",
              )
              .example(
                "$0 prices import prices.json --region eastus2 --model gpt-4.1",
                "print its gpt-4.1 prices",
              ),
          (argv) =>
            guarded(() =>
              pricesImportCommand({
                file: argv.file as string,
                regions: (argv.region ?? []).map(String),
                models: (argv.model ?? []).map(String),
                out: argv.out,
              }),
            ),
        )
        .demandCommand(1, "name a prices command: import"),
    handler: () => {},
  };
}
