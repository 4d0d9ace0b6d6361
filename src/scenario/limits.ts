/**
 * Sanity bounds on scenario inputs, in one place. They are not Azure facts: each lies far beyond anything a real
 * estate uses (with the reason beside it), so no honest scenario meets one, while a typo or a hostile file (a price
 * of 1e307, a rate of 1e308/s, a horizon of 1e20 s) is refused with a message instead of producing Infinity, NaN or
 * an out-of-memory abort. Standard (pay-as-you-go) capacity and TPM/RPM overrides stay unbounded on purpose: users
 * model huge quotas, and the request cap ({@link DEFAULT_MAX_REQUESTS}) guards runaway runs.
 */

/** Longest measured horizon, s: a year and a day (the longest forecast or replay anyone asks for). */
export const MAX_HORIZON_SECONDS = 366 * 86400;
/** Shortest measured horizon, s: below a second the per-minute extrapolation to a month means nothing. */
export const MIN_HORIZON_SECONDS = 1;
/** Longest warmup, s: a week settles any bucket, breaker or queue the models have. */
export const MAX_WARMUP_SECONDS = 7 * 86400;
/** Longest other duration (timeouts, windows, delays, periods, trace offsets), s: ten years. */
export const MAX_DURATION_SECONDS = 10 * 366 * 86400;
/** Highest arrival rate of one workload, requests/s: about 600 times Azure OpenAI's largest published quotas. */
export const MAX_RATE_PER_SECOND = 1_000_000;
/** Most tokens in one prompt or completion: five times the largest context window (about 2M tokens) of any model. */
export const MAX_TOKENS_PER_REQUEST = 10_000_000;
/** Most PTUs in one provisioned deployment: a hundred times the largest deployments seen. */
export const MAX_PTU = 100_000;
/** Highest token price, USD per 1M tokens: about 100 times the dearest model's list price. */
export const MAX_TOKEN_PRICE = 10_000;
/** Highest PTU price per hour, USD: about 500 times today's list prices ($1-2 per PTU-hour). */
export const MAX_PTU_HOURLY_PRICE = 1_000;
/** Highest PTU reservation price per month, USD (730 h of the hourly bound). */
export const MAX_PTU_MONTHLY_PRICE = 730_000;
/** Highest PTU reservation price per year, USD (twelve months of the monthly bound). */
export const MAX_PTU_YEARLY_PRICE = 8_760_000;
/** Highest API Management price per unit per region per month, USD: 100 times Premium's list price. */
export const MAX_GATEWAY_UNIT_PRICE = 3_000_000;
/** Highest input TPM per PTU: 100 times the most efficient model's figure. */
export const MAX_PTU_INPUT_TPM = 10_000_000;
/** Highest output-token weight in PTU utilization (Azure's are 1 to 8). */
export const MAX_OUTPUT_WEIGHT = 1_000;
/** Highest generation speed, tokens/s (a thousand times today's fastest deployments). */
export const MAX_TOKENS_PER_SECOND = 1_000_000;
/** Highest latency multiplier of a degraded deployment. */
export const MAX_LATENCY_FACTOR = 1_000;
/** Highest RPM granted per 1,000 TPM (Azure grants 1 to 10). */
export const MAX_RPM_PER_1K_TPM = 1_000;
/** Highest per-unit gateway throughput, requests/s. */
export const MAX_GATEWAY_RPS_PER_UNIT = 1_000_000;
/** Largest gateway queue, requests. */
export const MAX_QUEUE_LIMIT = 100_000_000;
/** Largest burst allowance of a PTU bucket, as a fraction above 100 %. */
export const MAX_BUCKET_BURST = 100;
/** Largest replay speed-up and traffic scale of a trace. */
export const MAX_TRACE_SPEEDUP = 1_000_000;
/** Largest traffic multiplier of a trace replay (copies per row). */
export const MAX_TRACE_SCALE = 1_000;
/** Most failures a circuit-breaker rule may count. */
export const MAX_BREAKER_COUNT = 1_000_000;
/** Most rates in a `profile` arrival (a year of minutes). */
export const MAX_PROFILE_STEPS = 527_040;

/**
 * Default cap on the requests one run simulates (warmup included): well above the 27-million-request week the
 * benchmarks replay, and about two minutes of simulation on one core. `--max-requests` raises it.
 */
export const DEFAULT_MAX_REQUESTS = 100_000_000;
/**
 * Cap on the cells of the per-minute series one run keeps (steps x series): 20 million cells is 160 MB of
 * Float64Array and a report.json of a few hundred MB; a year of minutes for 18 deployments fits.
 */
export const MAX_SERIES_CELLS = 20_000_000;
