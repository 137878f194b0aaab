#!/usr/bin/env node
// The analytics-streams bin: commander parses, the consume command runs. Bad flags are usage errors (exit 2).

import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { buildConsumeCommand } from "./cli/command.js";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
const consumeCommand = buildConsumeCommand().exitOverride();
const program = new Command("analytics-streams")
  .description("Validated Redis Streams with the analytics-schemas validators.")
  .version(version)
  .exitOverride()
  .addCommand(consumeCommand);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  // Help and --version end here with code 0; every parse error is bad usage.
  process.exitCode = error.exitCode === 0 ? 0 : 2;
}
// Everything is drained and closed by now; ioredis keeps a refused socket for 2 s before destroying it, which
// would only delay the exit.
process.exit(process.exitCode ?? 0);
