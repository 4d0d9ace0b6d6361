/**
 * What the handlers of a run share: the kernel, the recorder, and each other. Each concern of the request lifecycle
 * is its own object (client.ts, gateway-flow.ts, deployment-call.ts, completion.ts); they reach one another through
 * this context, built once per run in simulate.ts.
 */
import type { Simulation } from "../engine/simulation.js";
import type { RunRecorder } from "../metrics/recorder.js";
import type { ClientFlow } from "./client.js";
import type { CompletionFlow } from "./completion.js";
import type { DeploymentCaller } from "./deployment-call.js";
import type { SimEvent } from "./events.js";
import type { GatewayFlow } from "./gateway-flow.js";

/** The shared state and handlers of one run. */
export interface RunContext {
  /** The event kernel. */
  readonly sim: Simulation<SimEvent>;
  /** Where everything is counted. */
  readonly recorder: RunRecorder;
  /** Calls deployments. */
  readonly caller: DeploymentCaller;
  /** The callers: arrivals, attempts, SDK retries, timeouts, outcomes. */
  readonly client: ClientFlow;
  /** Gateway regions: failover, capacity queue, routing, forward timeout, `<retry>`. */
  readonly gateways: GatewayFlow;
  /** Admitted calls: their completion and settlement. */
  readonly completions: CompletionFlow;
}
