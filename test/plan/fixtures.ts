/** The scenario plan tests sweep: one PTU deployment (capacity 15, swept by `--vary`) under Poisson traffic. */

/** The `--vary` path of the deployment's capacity. */
export const CAPACITY = "accounts.a.deployments.ptu.capacity";

/**
 * The scenario's YAML: `name`, `duration` and call `rate` as given, seed 5, and the `slo` lines (throttling under 1%
 * by default; none with []).
 */
export function ptuScenario({
  name = "plan-test",
  duration = "10m",
  rate = "2/s",
  slo = ['"throttle.client.rate < 0.01"'],
}: {
  name?: string;
  duration?: string;
  rate?: string;
  slo?: string[];
} = {}): string {
  return `name: ${name}
seed: 5
duration: ${duration}
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 15 }
traffic:
  - { name: w, via: a/ptu, arrival: { type: poisson, rate: ${rate} }, promptTokens: 1000, completionTokens: 150, maxTokens: 300 }
${slo.length === 0 ? "" : `slo:\n${slo.map((s) => `  - ${s}`).join("\n")}\n`}`;
}
