/** The scenario's JSON Schema (for editors: `# yaml-language-server: $schema=...`), generated from the zod schema. */
import { z } from "zod";
import { scenarioSchema } from "./schema.js";

/** JSON Schema (draft 2020-12) of the scenario file as users write it. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: "https://spillway.dev/schema/scenario.schema.json",
    title: "Spillway scenario",
    description: "An Azure OpenAI estate (accounts, deployments, API Management) and the traffic sent to it.",
  };
}
