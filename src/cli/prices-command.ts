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
 * Meter names carry the model version ("gpt 4o 0513 ...", "gpt 4o 1120 ..."): every price of a model is taken from one
 * version, the newest pricing input and output (see chooseVersion), never field by field from several.
 *
 * The project's standard, bad input never loses data: a row a price would be read from but cannot be (a field
 * missing, a price that is not a number from 0 to 1,000,000 USD per unit, a unit that is neither 1K/1M tokens nor an
 * hour, an effectiveStartDate that is not an ISO date), or two rows giving one price different values from the same
 * date, stop the import (exit 2, one line naming the file, the item index and the meter); nothing is written. Fine rows
 * that are not imported (other regions, models, products, non-Consumption types, higher tiers, Batch and the like)
 * are counted on stderr. A model/SKU left without its input or output price is not written (stderr says so), so a
 * scenario deploying it there is refused until it is given (never billed $0).
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
/** Most further bad rows whose index the error lists (the count of all is given). */
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
  /** `since` in milliseconds, for ordering. */
  time: number;
  /** The row's index (`Items[3]`), retailPrice and unitOfMeasure, for a conflict's message. */
  where: string;
  raw: number;
  unit: string;
}

/** A row's reading: a token price of a model on a standard SKU, a PTU-hour price, or why it is left out. */
type Reading =
  | { kind: "token"; model: string; version?: string; sku: StandardSku; field: TokenKind }
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
  if (lower.includes("provisioned")) return { kind: "skip", why: "other PTU" };
  // "Data Zone" is two words and a date version "2024-11-20" one: joined before splitting at spaces and hyphens.
  const words = lower
    .replace(/data zone/g, "datazone")
    .replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, "$1$2$3")
    .split(/[\s-]+/)
    .filter((w) => w !== "")
    // A version run into the word before it ("gpt 4o mini0718 ...") is a word of its own.
    .flatMap((w) => {
      const joined = /^([a-z]+)(\d{4}|\d{8})$/.exec(w);
      return joined === null ? [w] : [joined[1], joined[2]];
    });
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
  // A group of four or eight digits is a model version (MMDD: "gpt 4o 1120", "gpt-4o-mini-0718"; a date:
  // "chat-latest 08062026"); the catalog names models without it, and the version picks which meters count.
  const isVersion = (w: string) => /^(\d{4}|\d{8})$/.test(w);
  const name = rest.filter((w) => !isVersion(w));
  const versionWord = rest.find(isVersion);
  if (name.length === 0) return { kind: "skip", why: "not a token meter of a model and deployment type" };
  // "4.1", "5.2 chat", "4o mini" are GPT models; "o3", "o4 mini" are not prefixed.
  const model = /^\d/.test(name[0]) ? `gpt-${name.join("-")}` : name.join("-");
  if (cached && field === "output")
    return { kind: "skip", why: "not a token meter of a model and deployment type" };
  const version = versionWord === undefined ? undefined : versionLabel(versionWord);
  return { kind: "token", model, version, sku, field: cached ? "cachedInput" : field };
}

/** A version word as written for people: MMDD as is, eight digits (YYYYMMDD or MMDDYYYY) as YYYY-MM-DD. */
function versionLabel(word: string): string {
  const ymd = /^((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.exec(word);
  if (ymd !== null) return `${ymd[1]}-${ymd[2]}-${ymd[3]}`;
  const mdy = /^(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])((?:19|20)\d{2})$/.exec(word);
  if (mdy !== null) return `${mdy[3]}-${mdy[1]}-${mdy[2]}`;
  return word;
}

/** Largest retailPrice taken for real: no Azure OpenAI meter comes near a million USD per unit (1K tokens, an hour). */
const MAX_UNIT_PRICE = 1e6;
const DAY_MS = 86_400_000;

/** Per-1M-token factor of a token meter's unit ("1K", "1M", "10K", "1M Tokens"), or undefined for another unit. */
function perMillion(unit: string): number | undefined {
  const match = /^(\d+)\s*([km])(?:\s*tokens?)?$/i.exec(unit.trim());
  if (match === null || Number(match[1]) === 0) return undefined;
  return 1e6 / (Number(match[1]) * (match[2].toLowerCase() === "k" ? 1e3 : 1e6));
}

/** Whether a PTU meter's unit is one hour ("1 Hour" and "1/Hour" both occur). */
const isHour = (unit: string) => /^1\s*[/ ]\s*hour$/i.test(unit.trim());

/**
 * Milliseconds of an ISO date or date-time, or NaN for anything else ("April 2025", "2025-02-30"). A time without a
 * zone is UTC, as the API writes its dates.
 */
function isoTime(text: string): number {
  const t = text.trim();
  const match = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(t);
  if (match === null) return Number.NaN;
  const ms = Date.parse(match[2] !== undefined && match[3] === undefined ? `${t}Z` : t);
  // Date.parse rolls 2025-02-30 over to March: a day that does not exist is not a date.
  const dayOnly = Date.parse(match[1]);
  return Number.isNaN(dayOnly) || new Date(dayOnly).toISOString().slice(0, 10) !== match[1] ? Number.NaN : ms;
}

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

/** A row as read: its index for messages, and its fields (undefined when the item is not an object). */
interface Row {
  where: string;
  item: Record<string, unknown> | undefined;
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
      const isObject = typeof item === "object" && item !== null && !Array.isArray(item);
      rows.push({
        where: `${label}Items[${i}]`,
        item: isObject ? (item as Record<string, unknown>) : undefined,
      });
    });
  });
  return { rows, morePages };
}

/** Token prices of one version of one model: per standard SKU, per kind. */
type VersionPrices = Map<StandardSku, Partial<Record<TokenKind, ReadPrice>>>;

/** Prices found for one region, and how many rows gave them (to count what an import leaves out). */
interface RegionPrices {
  /** Model → version key (a date where known, else the meter's version word; "" for meters naming none). */
  tokens: Map<string, Map<string, VersionPrices>>;
  ptu: Map<ProvisionedSku, ReadPrice>;
  rows: number;
  /** Token-meter rows per model. */
  modelRows: Map<string, number>;
}

/** The catalog's ARM versions of a model ("2024-11-20"), or undefined for a model it does not list versions of. */
type CatalogVersions = (model: string) => readonly string[] | undefined;

/**
 * The date a meter's version word stands for: a date word is one; an MMDD word is the catalog version of the model
 * ending in that month and day, when there is exactly one. Undefined otherwise (the year of an MMDD is not written).
 */
function versionDate(label: string, versions: readonly string[] | undefined): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(label)) return label;
  if (!/^\d{4}$/.test(label) || versions === undefined) return undefined;
  const matches = versions.filter((v) => v.slice(5) === `${label.slice(0, 2)}-${label.slice(2)}`);
  return matches.length === 1 ? matches[0] : undefined;
}

/** Counts one more. */
const bump = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

/** "1 row", "3 rows". */
const rowCount = (n: number) => (n === 1 ? "1 row" : `${n} rows`);

/** Why a fine row is not imported (not a price of a standard or PTU deployment), in the order stderr lists them. */
const NOT_IMPORTED = [
  "of other products",
  "not of type Consumption",
  "outside their meter's primary region",
  "of higher usage tiers",
] as const;

/**
 * Which fine rows are not imported: `type` other than Consumption (Reservation and DevTestConsumption rows price the
 * same meters differently), products other than Azure OpenAI, a meter's copy outside its primary region (the API
 * returns "primary meters and nonprimary meters" [S70]) and a usage tier above the first (`tierMinimumUnits` > 0).
 * Filtered before prices are compared, so they never conflict with the consumption price.
 */
function notImported(item: Record<string, unknown>): (typeof NOT_IMPORTED)[number] | undefined {
  if (item.type !== undefined && item.type !== "Consumption") return "not of type Consumption";
  if (typeof item.productName === "string" && !item.productName.startsWith("Azure OpenAI"))
    return "of other products";
  if (item.isPrimaryMeterRegion === false) return "outside their meter's primary region";
  if (typeof item.tierMinimumUnits === "number" && item.tierMinimumUnits > 0) return "of higher usage tiers";
  return undefined;
}

/** What is wrong with a row's price, or undefined when it is a price. */
function priceProblem(price: unknown): string | undefined {
  if (typeof price === "string")
    return `retailPrice ${JSON.stringify(excerpt(price, 30))} is a string, not a number`;
  if (typeof price !== "number")
    return `retailPrice ${excerpt(JSON.stringify(price) ?? String(price), 30)} is not a number`;
  if (!Number.isFinite(price)) return `retailPrice ${price} is not a finite number`;
  if (price < 0) return `retailPrice ${price} is negative`;
  if (price > MAX_UNIT_PRICE) return `retailPrice ${price} is above 1,000,000 USD per unit`;
  return undefined;
}

/** The reading to keep of two for one price in one region: the later effectiveStartDate (a meter re-priced later). */
function later(a: ReadPrice | undefined, b: ReadPrice): ReadPrice {
  return a === undefined || b.time > a.time ? b : a;
}

/**
 * Why two readings of one price in one region from the same effectiveStartDate conflict, or undefined when they agree
 * (the same price twice, as from a page saved twice, is one price). Which of two differing prices is right cannot be
 * told, and keeping either (the higher, the first) would bill silently at a price that may be wrong.
 */
function conflict(a: ReadPrice, b: ReadPrice, region: string): string | undefined {
  if (a.value === b.value) return undefined;
  const meters = [...new Set([a.meter, b.meter])].map((m) => JSON.stringify(excerpt(m, 60))).join(" and ");
  const prices =
    a.unit === b.unit
      ? `${a.raw} and ${b.raw} USD per ${a.unit}`
      : `${a.raw} USD per ${a.unit} and ${b.raw} USD per ${b.unit}`;
  return `${a.where} and ${b.where} (${meters}, ${region}, since ${day(a.since)}) give different prices (${printable(prices)}): conflicting rows; keep the right one and remove the other`;
}

/**
 * Reads the price rows of every region. A row a price would be read from but cannot be (a field missing, a price not
 * a number from 0 to 1,000,000, a unit or date that is not one) is listed in `bad`, and two rows giving one price
 * different values from the same date in `conflicts`: the command refuses the file for either, since a price left
 * out or guessed would be a wrong bill. Fine rows not imported are counted: by why they are not (`filtered`), by
 * the meters no standard SKU prices (`skipped`), and Azure OpenAI meter names no rule reads (`unread`).
 */
function readPrices(rows: Row[], file: string, catalogVersions: CatalogVersions) {
  const byRegion = new Map<string, RegionPrices>();
  const bad: { where: string; text: string }[] = [];
  const conflicts: string[] = [];
  const filtered = new Map<string, number>();
  const skipped = new Map<string, number>();
  const unread: string[] = [];
  /** `model version-key` → the version word of its first meter, for messages. */
  const labels = new Map<string, string>();
  // Every reading by price and date, so two rows of one date are compared whatever rows come between or after them.
  const byDate = new Map<string, ReadPrice>();
  const check = (price: string, read: ReadPrice, region: string) => {
    const key = `${price} ${read.time}`;
    const first = byDate.get(key);
    if (first === undefined) byDate.set(key, read);
    else {
      const why = conflict(first, read, region);
      if (why !== undefined) conflicts.push(why);
    }
  };
  for (const { where, item } of rows) {
    if (item === undefined) {
      bad.push({ where, text: `${where}: not an object` });
      continue;
    }
    const why = notImported(item);
    if (why !== undefined) {
      bump(filtered, why);
      continue;
    }
    const meter = item.meterName;
    if (typeof meter !== "string" || meter.trim() === "") {
      bad.push({ where, text: `${where}: no meterName` });
      continue;
    }
    const reading = readMeterName(meter);
    if (reading.kind === "skip") {
      bump(skipped, reading.why);
      if (reading.why.startsWith("not a token meter")) unread.push(meter);
      continue;
    }
    const at = `${where} (${JSON.stringify(excerpt(meter, 60))})`;
    const {
      armRegionName: region,
      retailPrice: price,
      unitOfMeasure: unit,
      effectiveStartDate: since,
    } = item;
    const missing = [
      typeof region === "string" && region !== "" ? "" : "armRegionName",
      typeof unit === "string" ? "" : "unitOfMeasure",
      typeof since === "string" ? "" : "effectiveStartDate",
      price === undefined || price === null ? "retailPrice" : "",
    ].filter((f) => f !== "");
    if (missing.length > 0) {
      bad.push({ where, text: `${at}: no ${missing.join(", ")}` });
      continue;
    }
    const currency = item.currencyCode;
    if (typeof currency === "string" && currency !== "USD")
      throw inputError(
        file,
        `${where} is priced in ${printable(excerpt(currency, 10))}: fetch the prices in USD (the default; leave out currencyCode), the currency Spillway's prices are in, and report in another with billing: { currency, exchangeRate }`,
      );
    const time = isoTime(since as string);
    const factor =
      reading.kind === "ptu" ? (isHour(unit as string) ? 1 : undefined) : perMillion(unit as string);
    const problem =
      priceProblem(price) ??
      (Number.isNaN(time)
        ? `effectiveStartDate ${JSON.stringify(excerpt(since as string, 40))} is not an ISO date`
        : undefined) ??
      (factor !== undefined
        ? undefined
        : `unitOfMeasure ${JSON.stringify(excerpt(unit as string, 20))} is ${reading.kind === "ptu" ? "not one hour" : "not a token unit (1K, 1M)"}`);
    if (problem !== undefined || factor === undefined) {
      bad.push({ where, text: `${at}: ${problem}` });
      continue;
    }
    // Round off float noise (0.0022 × 1000 = 2.2000000000000006) at a millionth of a dollar per 1M tokens.
    const value = Math.round((price as number) * factor * 1e6) / 1e6;
    const read: ReadPrice = {
      value,
      meter,
      since: since as string,
      time,
      where,
      raw: price as number,
      unit: unit as string,
    };
    let prices = byRegion.get(region as string);
    if (prices === undefined) {
      prices = { tokens: new Map(), ptu: new Map(), rows: 0, modelRows: new Map() };
      byRegion.set(region as string, prices);
    }
    prices.rows++;
    if (reading.kind === "ptu") {
      check(`${region} ${reading.sku}`, read, region as string);
      prices.ptu.set(reading.sku, later(prices.ptu.get(reading.sku), read));
      continue;
    }
    bump(prices.modelRows, reading.model);
    // One key per version: "1120" and "2024-11-20" are one version when the catalog says so.
    const label = reading.version ?? "";
    const key = versionDate(label, catalogVersions(reading.model)) ?? label;
    if (!labels.has(`${reading.model} ${key}`)) labels.set(`${reading.model} ${key}`, label);
    let versions = prices.tokens.get(reading.model);
    if (versions === undefined) {
      versions = new Map();
      prices.tokens.set(reading.model, versions);
    }
    let skus = versions.get(key);
    if (skus === undefined) {
      skus = new Map();
      versions.set(key, skus);
    }
    const entry = skus.get(reading.sku) ?? {};
    check(`${region} ${reading.model} ${key} ${reading.sku} ${reading.field}`, read, region as string);
    entry[reading.field] = later(entry[reading.field], read);
    skus.set(reading.sku, entry);
  }
  return { byRegion, bad, conflicts, filtered, skipped, unread, labels };
}

/** Formats a price for YAML: plain decimals, no float noise. */
const num = (v: number) => Number(v.toPrecision(12));

/** The date part of an effectiveStartDate. */
function day(iso: string): string {
  return iso.slice(0, 10);
}

/** The version a model's prices are taken from, and what to say about it when the file prices several. */
interface VersionChoice {
  key: string;
  /** For the YAML comment above the model, when several versions are priced. */
  comment?: string;
  /** For stderr, when several versions are priced. */
  summary?: string;
  /** The chosen version as written in messages: "1120 (2024-11-20)". */
  shown: string;
}

/**
 * Picks the one version of a model every price is taken from ([S71]'s meter names carry it: "gpt 4o 0513 ...",
 * "gpt 4o 1120 ..."): mixing versions gave gpt-4o input and output of 0513 with cached input of 1120. The newest
 * version whose meters price input and output (one with only a cached-input meter prices nothing usable), newest by
 * its date: written in the meter name, or the catalog version with that month and day. An MMDD the catalog does not
 * date is placed in the latest year that puts it no later than a month after its first effectiveStartDate (a
 * version is priced from about its release on; its meters may be re-priced later, never earlier); meters naming no
 * version count from their first effectiveStartDate. Ties: the later effectiveStartDate.
 */
function chooseVersion(
  model: string,
  regions: string[],
  byRegion: Map<string, RegionPrices>,
  labels: Map<string, string>,
): VersionChoice {
  const found = new Map<string, { first: number; last: number; priced: boolean }>();
  for (const region of regions)
    for (const [key, skus] of byRegion.get(region)?.tokens.get(model) ?? []) {
      const info = found.get(key) ?? {
        first: Number.POSITIVE_INFINITY,
        last: Number.NEGATIVE_INFINITY,
        priced: false,
      };
      for (const prices of skus.values()) {
        for (const read of Object.values(prices)) {
          info.first = Math.min(info.first, read.time);
          info.last = Math.max(info.last, read.time);
        }
        if (prices.input !== undefined && prices.output !== undefined) info.priced = true;
      }
      found.set(key, info);
    }
  const when = (key: string, first: number) => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(key)) return Date.parse(key);
    if (!/^\d{4}$/.test(key)) return first;
    const limit = first + 31 * DAY_MS;
    const [month, date] = [Number(key.slice(0, 2)) - 1, Number(key.slice(2))];
    const sameYear = Date.UTC(new Date(limit).getUTCFullYear(), month, date);
    return sameYear <= limit ? sameYear : Date.UTC(new Date(limit).getUTCFullYear() - 1, month, date);
  };
  const order = [...found]
    .map(([key, info]) => ({ key, ...info, when: when(key, info.first) }))
    .sort((a, b) => a.when - b.when || a.last - b.last || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const priced = order.filter((v) => v.priced);
  const pool = priced.length > 0 ? priced : order;
  const chosen = pool[pool.length - 1];
  const label = (key: string) => labels.get(`${model} ${key}`) || "no version";
  const shown = `${label(chosen.key)}${/^\d{4}-\d{2}-\d{2}$/.test(chosen.key) && label(chosen.key) !== chosen.key ? ` (${chosen.key})` : ""}`;
  if (order.length === 1) return { key: chosen.key, shown };
  const all = order.map((v) => label(v.key)).join(", ");
  const why =
    priced.length > 0
      ? "the newest pricing input and output"
      : "the newest (no version prices both input and output)";
  return {
    key: chosen.key,
    shown,
    comment: `${model} version ${shown} of ${all}: ${why}; no price is taken from the others`,
    summary: `${model}: the file prices versions ${all}; every price is taken from ${shown}, ${why}`,
  };
}

/** The prices written for one model: per SKU, with comments; and a comment above the model. */
interface ModelBlock {
  comment?: string;
  skus: Map<string, { prices: Record<string, number>; notes: string[] }>;
}

/**
 * Joins the asked regions' prices into one block (a scenario's `models:` is not per region): a price the regions
 * agree on is written as is; one they differ on takes the highest (a budget should not be short) with a comment
 * naming each region's; a price some regions lack is written with a comment naming them. Every token price of a
 * model comes from one version ({@link chooseVersion}).
 */
function joinRegions(
  regions: string[],
  byRegion: Map<string, RegionPrices>,
  labels: Map<string, string>,
  keep: (model: string) => boolean,
): { models: Map<string, ModelBlock>; problems: string[] } {
  const models = new Map<string, ModelBlock>();
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
    const version = chooseVersion(model, regions, byRegion, labels);
    if (version.summary !== undefined) problems.push(version.summary);
    const ofVersion = version.comment === undefined ? "" : ` of version ${version.shown}`;
    const skus = new Map<string, { prices: Record<string, number>; notes: string[] }>();
    for (const sku of ["GlobalStandard", "DataZoneStandard", "Standard"] as const) {
      const per = regions.map((region) => ({
        region,
        entry: byRegion.get(region)?.tokens.get(model)?.get(version.key)?.get(sku),
      }));
      if (per.every((p) => p.entry === undefined)) {
        const others = regions.some((region) =>
          [...(byRegion.get(region)?.tokens.get(model)?.values() ?? [])].some((v) => v.has(sku)),
        );
        if (others)
          problems.push(
            `${model} ${sku}: no price${ofVersion} in the file, only of other versions, so it is left out (one model's prices never mix versions; a scenario deploying it there must give them)`,
          );
        continue;
      }
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
          `${model} ${sku}: no ${prices.input === undefined ? "input" : "output"} price${ofVersion} in the file, so it is left out (a scenario deploying it there must give it)`,
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
    models.set(model, { comment: version.comment, skus });
  }
  return { models, problems };
}

/** The YAML block: `models:` with a flow map of prices per SKU and a comment saying where each came from. */
async function renderBlock(
  file: string,
  regions: string[],
  models: Map<string, ModelBlock>,
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
    const block = models.get(String(item.key.value));
    if (block?.comment !== undefined)
      (item.key as { commentBefore?: string }).commentBefore = ` ${printable(block.comment)}`;
    const skus = block?.skus;
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
  // Loaded here, not at the top, like yaml below: main.ts imports this module on every command.
  const { MODELS } = await import("../catalog/models.js");
  const { byRegion, bad, conflicts, filtered, skipped, unread, labels } = readPrices(rows, file, (model) =>
    Object.hasOwn(MODELS, model) ? MODELS[model].versions : undefined,
  );
  // Bad input never loses data: a row that cannot be read, or two that disagree, stop the import rather than leave
  // a price out (a scenario would then fall back to the catalog's) or guess one.
  if (bad.length > 0) {
    const rest = bad.slice(1, 1 + MAX_LISTED).map((b) => b.where);
    const more =
      bad.length === 1
        ? ""
        : ` (${bad.length - 1} more bad row${bad.length === 2 ? "" : "s"}: ${rest.join(", ")}${bad.length - 1 > MAX_LISTED ? ", …" : ""})`;
    throw inputError(file, `${bad[0].text}: fix or remove the row, then import again${more}`);
  }
  if (conflicts.length > 0)
    throw inputError(
      file,
      `${conflicts[0]}${conflicts.length === 1 ? "" : ` (${conflicts.length - 1} more conflicting pairs)`}`,
    );
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
  const keep = (m: string) => wanted.size === 0 || wanted.has(m);
  const { models, problems } = joinRegions(regions, byRegion, labels, keep);
  if (models.size === 0)
    throw inputError(file, `no model has both an input and an output price in ${regions.join(", ")}`);

  const notes: string[] = [];
  if (morePages)
    notes.push(
      "the last page has a NextPageLink: later pages are missing from the file, so prices may be too (save every page)",
    );
  notes.push(...problems);
  const leftOut = [...skipped].filter(([why]) => !why.startsWith("not a token meter"));
  if (leftOut.length > 0)
    notes.push(
      `left out ${rowCount(leftOut.reduce((sum, [, n]) => sum + n, 0))} of meters no standard SKU prices: ${leftOut
        .map(([why, n]) => `${n} ${why}`)
        .join(", ")}`,
    );
  const otherRegions = present.filter((r) => !regions.includes(r));
  const otherRegionRows = otherRegions.reduce((sum, r) => sum + (byRegion.get(r)?.rows ?? 0), 0);
  let otherModelRows = 0;
  for (const r of regions)
    for (const [model, n] of byRegion.get(r)?.modelRows ?? []) if (!keep(model)) otherModelRows += n;
  const parts = [
    otherRegionRows > 0
      ? `${rowCount(otherRegionRows)} of other regions (${otherRegions.slice(0, 5).join(", ")}${otherRegions.length > 5 ? ", …" : ""})`
      : "",
    otherModelRows > 0 ? `${rowCount(otherModelRows)} of other models` : "",
    ...NOT_IMPORTED.map((why) => (filtered.has(why) ? `${rowCount(filtered.get(why) ?? 0)} ${why}` : "")),
  ].filter((p) => p !== "");
  if (parts.length > 0) notes.push(`not imported: ${parts.join(", ")}`);
  if (unread.length > 0)
    notes.push(
      `${unread.length} Azure OpenAI rows name no model token price Spillway reads, e.g. ${unread
        .slice(0, 3)
        .map((m) => JSON.stringify(excerpt(m, 60)))
        .join(", ")}`,
    );
  for (const n of notes)
    process.stderr.write(`spillway prices import: ${printable(file)}: ${printable(n)}\n`);

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
              .option("out", {
                alias: "o",
                type: "string",
                describe: "write the block to this file instead of stdout",
              })
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
