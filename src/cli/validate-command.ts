/** `spillway validate`: every problem of each file, without running anything; the size each run would have. */
import { DEFAULT_QUOTA_TIER, type QuotaPool } from "../catalog/index.js";
import { SpillwayError } from "../errors.js";
import { estateQuota, quotaText } from "../scenario/quota.js";
import type { ResolvedScenario } from "../scenario/resolve.js";
import { roughTime } from "../sim/estimate.js";
import { ExitCode, loadSizedScenario, parseMaxRequests } from "./io.js";
import { textTable } from "./text-table.js";

/** Options of {@link validateCommand} beyond the files. */
export interface ValidateOptions {
  /** Also list the quota the estate needs against what applies (`--quota`). */
  quota?: boolean;
}

/** Where a pool's limit comes from, and whether the estate fits in it, as the quota table says it. */
function verdict(pool: QuotaPool): [string, string] {
  if (pool.limit === null) {
    const why = pool.unit === "PTU" ? "default not published" : "no published default";
    return [`${why}: state it under quota:`, "unknown"];
  }
  // Batch defaults are one column, not a tier [S43]: only standard defaults depend on the subscription's tier.
  const basis =
    pool.basis === "granted"
      ? "stated"
      : pool.unit === "enqueued tokens"
        ? "default"
        : `default, ${DEFAULT_QUOTA_TIER}`;
  const limit = `${quotaText(pool.limit, pool.unit)} (${basis})`;
  if (!pool.over) return [limit, "ok"];
  return [limit, `OVER by ${quotaText(pool.needed - pool.limit, pool.unit)}`];
}

/** The `--quota` table: each pool the estate draws on, what it needs, the quota that applies and the verdict. */
export function quotaTable(scenario: ResolvedScenario): string {
  const pools = estateQuota(scenario.validated, scenario.deployments);
  const rows = pools.map((p) => {
    const [limit, status] = verdict(p);
    return [
      p.subscription,
      p.region,
      p.sku,
      p.model ?? "(any model)",
      quotaText(p.needed, p.unit),
      limit,
      status,
      p.deployments.join(", "),
    ];
  });
  const header = ["subscription", "region", "SKU", "model", "needs", "quota", "verdict", "deployments"];
  const over = pools.filter((p) => p.over).length;
  const unknown = pools.filter((p) => p.limit === null).length;
  const summary =
    `  ${pools.length} quota pool(s): ${over} over quota, ${unknown} without a known quota. Standard quota is per ` +
    `subscription, region, model and SKU (Azure's ${DEFAULT_QUOTA_TIER} defaults; Batch in enqueued tokens), PTU ` +
    "quota per subscription, region and SKU (no published default). Accounts share one subscription unless they " +
    "name one (subscription:); state the quota you hold under quota:.";
  return `${[...textTable(header, rows), summary].join("\n")}\n`;
}

/** Validates each file; prints one line per valid file and every problem of the others. Returns the exit code. */
export async function validateCommand(
  files: string[],
  sets: string[],
  maxRequests?: number,
  options: ValidateOptions = {},
): Promise<number> {
  const cap = parseMaxRequests(maxRequests);
  let failed = false;
  for (const file of files) {
    try {
      const { scenario: s, estimate } = loadSizedScenario(file, { sets, maxRequests: cap });
      process.stdout.write(
        `ok ${file}: ${s.name} — ${s.deployments.length} deployment(s), ${s.gateways.length} gateway(s), ${s.workloads.length} workload(s), ${s.slo.length} SLO(s); about ${Math.round(estimate.requests).toLocaleString("en-US")} requests to simulate (${roughTime(estimate.seconds)})\n`,
      );
      if (options.quota === true) process.stdout.write(quotaTable(s));
    } catch (error) {
      if (!(error instanceof SpillwayError)) throw error;
      process.stderr.write(`spillway: ${error.message}\n`);
      failed = true;
    }
  }
  return failed ? ExitCode.InvalidInput : ExitCode.Ok;
}
