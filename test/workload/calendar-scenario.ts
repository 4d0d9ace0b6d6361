/** A scenario for the calendar tests: one pay-as-you-go deployment far from its quota and one workload, `chat`. */
export function calendarScenario(opts: {
  duration: string;
  arrival: string;
  calendar?: string;
  outageStart?: string;
  extra?: string;
}): string {
  return `
name: calendar
seed: 7
duration: ${opts.duration}
${opts.calendar === undefined ? "" : `calendar: ${opts.calendar}`}
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 10000 }
traffic:
  - { name: chat, via: a/paygo, arrival: ${opts.arrival}, promptTokens: 1000, completionTokens: 100, maxTokens: 100 }
${opts.extra ?? ""}
${opts.outageStart === undefined ? "" : `outages:\n  - { deployment: a/paygo, start: ${opts.outageStart}, duration: 5m }`}
`;
}
