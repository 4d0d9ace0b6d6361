/** Spillway's library API, export by export. */

export { KNOBS, type Knob, knob } from "./catalog/assumptions.js";
export {
  APIM_TIERS,
  capacityText,
  isProvisioned,
  MODELS,
  PROVISIONED_SKUS,
  SKU_REGISTRY,
  SKUS,
  type Sku,
  STANDARD_SKUS,
} from "./catalog/index.js";
export { sizePtu } from "./catalog/sizing.js";
export { diffReports } from "./check/regression.js";
export { evaluateSlos, SloPathError } from "./check/slo.js";
export { chartJsSource, reportPageSource } from "./cli/outputs.js";
export { ExitCode, type Problem, SpillwayError } from "./errors.js";
export { ROUTING_POLICIES, type RoutingPolicyDefinition } from "./gateway/policies.js";
export type { RoutedRequest, RoutingPolicy } from "./gateway/routing-policy.js";
export {
  expandMetrics,
  findMetric,
  METRICS,
  type MetricDefinition,
  readMetric,
} from "./metrics/metric-registry.js";
export { parseSlo } from "./metrics/slo-expression.js";
export { type RunWarning, WARNING_CODES, type WarningCode } from "./metrics/warnings.js";
export type { Sensitivity } from "./plan/sensitivity.js";
export { buildReport } from "./report/build-report.js";
export { type ChartDefinition, chartDefinitions } from "./report/charts.js";
export { buildComparison } from "./report/compare.js";
export { renderTimeseriesCsv } from "./report/csv.js";
export { FOCUS_COLUMNS, focusRows, renderFocusCsv } from "./report/focus.js";
export { renderHtml } from "./report/html.js";
export { renderMarkdown } from "./report/markdown.js";
export { parseReport } from "./report/report-schema.js";
export type { Report } from "./report/report-types.js";
export { renderTerminalSummary } from "./report/terminal.js";
export { reportView } from "./report/view-model.js";
export { runScenario } from "./run/run-scenario.js";
export { scenarioJsonSchema } from "./scenario/json-schema.js";
export { DEFAULT_MAX_REQUESTS } from "./scenario/limits.js";
export { type LoadOptions, loadScenario } from "./scenario/load.js";
export { ScenarioError } from "./scenario/problems.js";
export type {
  ResolvedDeployment,
  ResolvedGateway,
  ResolvedScenario,
  ResolvedWorkload,
} from "./scenario/resolve.js";
export { type Scenario, type ScenarioInput, scenarioSchema } from "./scenario/schema.js";
export { checkEstimate, estimateRun, type RunEstimate } from "./sim/estimate.js";
export { type SimulateOptions, simulate } from "./sim/simulate.js";
export { VERSION } from "./version.js";
export { openTrace } from "./workload/trace/open-trace.js";
export { fitTraffic, profileTrace } from "./workload/trace-stats.js";
