/** `spillway schema`: the scenario's JSON Schema, to stdout or a file. */
import { scenarioJsonSchema } from "../scenario/json-schema.js";
import { ExitCode, writeFileAtomic } from "./io.js";

/** Prints or writes the schema; returns the exit code. */
export async function schemaCommand(out?: string): Promise<number> {
  const text = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
  if (out === undefined) process.stdout.write(text);
  else writeFileAtomic(out, text);
  return ExitCode.Ok;
}
