/**
 * A provisioned deployment under bursts, spilling over to Global Standard: at the default 60 s bucket it absorbs
 * every burst, while a 10 s bucket fills in each one and spills about a third of the calls over. The knob effect that
 * `spillway sensitivity` and `plan --robust` must find.
 */

/** The `--set` / `--vary` path of the PTU deployment's capacity. */
export const BURSTY_CAPACITY = "accounts.a.deployments.ptu.capacity";

/** The scenario's YAML: 50 PTU, 4/s bursts of 30 s every 2 minutes over 0.5/s, ten minutes; SLO spillover under 5%. */
export function burstyPtuScenario(name = "bursty-ptu"): string {
  return `name: ${name}
seed: 3
duration: 10m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 50, spilloverDeploymentName: paygo }
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 1000 }
traffic:
  - name: w
    via: a/ptu
    arrival: { type: bursty, base: 0.5/s, burst: 4/s, burstEvery: 2m, burstFor: 30s }
    promptTokens: 1000
    completionTokens: 150
    maxTokens: 300
slo:
  - "spillover.rate < 0.05"
`;
}
