// `schemagen consume`: analytics-streams' consume command, mounted from that package when it is installed. It is an
// optional peer dependency, so the codegen toolchain carries no Redis client unless a project asks for one.

import { Command } from "commander";
import { MESSAGES, SchemagenError } from "../diagnostics.js";

type StreamsModule = { buildConsumeCommand(settings?: { onExit?: (code: number) => void }): Command };

/** Mounts the real command when `wanted` (the command line names it) and the package loads; a pointer to it otherwise. */
export async function addConsumeCommand(program: Command, wanted: boolean): Promise<void> {
  // A specifier in a variable: the package is optional, and schemagen builds before it (no types to resolve).
  const specifier = "analytics-streams";
  const streams = wanted ? await import(specifier).then((module) => module as StreamsModule, () => undefined) : undefined;
  if (streams) {
    const command = streams.buildConsumeCommand({ onExit: (code) => (process.exitCode = code) });
    command.copyInheritedSettings(program);
    program.addCommand(command);
    return;
  }
  program
    .command("consume")
    .description("validate a Redis stream with a consumer group, dead-lettering invalid entries (needs analytics-streams)")
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new SchemagenError([{ code: "package-missing", severity: "error", message: MESSAGES["package-missing"]("consume", "analytics-streams") }]);
    });
}
