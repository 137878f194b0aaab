// schemagen: commander maps flags onto options, calls one library function per command, and turns the result
// into an exit code.
// Exit codes: 0 ok, 1 a check or validation failed, 2 bad usage or bad input.

import { readFileSync } from "node:fs";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import { PACKAGE_ROOT } from "../package-root.js";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { DEFAULTS, ERROR_REPORTS, parseRefMap, type ErrorReport, type ModelOptions, type RefMap } from "../config.js";
import { DIALECTS, type Dialect } from "../model/dialect.js";
import { SchemagenError, formatDiagnostic } from "../diagnostics.js";
import { addValidateCommand } from "./validate-command.js";
import { addConsumeCommand } from "./consume-command.js";
import { CONFIG_FILE, loadConfig, loadConfigFile, type LintConfig } from "../config-file.js";

export const EXIT = { ok: 0, failed: 1, badInput: 2, internal: 70 } as const;

/**
 * V8 lets a heap grow to up to four times what survived its last full collection. Codegen allocates fast (the syntax
 * trees of Ajv's code) and keeps little, so most of its peak memory was garbage; grown by 60% at a time instead,
 * generate on 148 SchemaStore schemas peaks at 422 MB instead of 552-712 MB, for 4-5% more time. The flag is process
 * wide, so the CLI, whose process this is, sets it (before the compile threads start); the library leaves its
 * host's heap alone.
 */
function growHeapsSlowly(): void {
  setFlagsFromString("--heap-growing-percent=60");
}

/** The flags every command that reads schemas shares. */
export interface SourceFlags {
  schemas: string;
  baseUri: string;
  defaultDialect: Dialect;
  refMap: RefMap[];
}

/** The model options the flags stand for (commander names a repeatable flag in the singular). */
export function modelOptions(flags: SourceFlags): ModelOptions {
  return { schemas: flags.schemas, baseUri: flags.baseUri, defaultDialect: flags.defaultDialect, refMaps: flags.refMap };
}

function refMapFlag(value: string, previous: RefMap[]): RefMap[] {
  const map = parseRefMap(value);
  if (!map) throw new InvalidArgumentError(`expected PREFIX=FOLDER with an absolute URL prefix, e.g. https://json.schemastore.org/=vendor/schemastore/`);
  return [...previous, map];
}

/** --schemas, --base-uri, --default-dialect and --ref-map: where the schemas are and how their refs resolve. */
function addSourceOptions(command: Command, schemasHelp = "folder of JSON Schema files, read recursively"): Command {
  return command
    .addOption(new Option("--schemas <dir>", schemasHelp).default(DEFAULTS.schemas))
    .addOption(new Option("--base-uri <uri>", "base URI for schema files without $id").default(DEFAULTS.baseUri))
    .addOption(new Option("--default-dialect <dialect>", "dialect of schema files without $schema").choices([...DIALECTS]).default(DEFAULTS.defaultDialect))
    .addOption(
      new Option("--ref-map <prefix=dir>", "read refs under a URL prefix from a local folder (repeatable); nothing is fetched")
        .argParser(refMapFlag)
        .default([]),
    );
}

export function addSchemaOptions(command: Command): Command {
  return addSourceOptions(command).addOption(new Option("--out <dir>", "output folder").default(DEFAULTS.out));
}

/** --errors: what the generated assert and Standard Schema report. */
function addErrorsOption(command: Command): Command {
  return command.addOption(
    new Option("--errors <report>", "what assert and Standard Schema report: all errors (a second, allErrors compile of each schema), or the first only").choices([...ERROR_REPORTS]).default(DEFAULTS.errors),
  );
}

/** --no-cache: what generate and check reuse from earlier runs (GenerateOptions.cache). */
function addCacheOption(command: Command): Command {
  return command.option("--no-cache", "compile every schema, and neither read nor write node_modules/.cache/schemagen (where a rerun finds what is unchanged)");
}

/** Which config keys stand for which options of a command; `out` is generate's output, not docs' or bundle's. */
const CONFIG_OPTIONS = [
  ["schemas", "schemas"],
  ["baseUri", "baseUri"],
  ["defaultDialect", "defaultDialect"],
  ["refMaps", "refMap"],
  ["errors", "errors"],
] as const;
const OUTPUT_COMMANDS = new Set(["generate", "check", "validate"]);

/** Fills every option the command line left at its default from the configuration file; flags win. */
async function applyConfig(program: Command, command: Command): Promise<void> {
  const explicit = program.opts<{ config?: string }>().config;
  const config = explicit === undefined ? await loadConfig(process.cwd()) : await loadConfigFile(explicit);
  if (!config) return;
  const has = (key: string) => command.options.some((option) => option.attributeName() === key);
  const fill = (key: string, value: unknown) => {
    if (value !== undefined && has(key) && command.getOptionValueSource(key) === "default") command.setOptionValueWithSource(key, value, "config");
  };
  for (const [configKey, optionKey] of CONFIG_OPTIONS) fill(optionKey, config[configKey]);
  if (OUTPUT_COMMANDS.has(command.name())) fill("out", config.out);
  if (config.lint) command.setOptionValue("lintConfig", config.lint);
}

/** The version in schemagen's package.json. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

export function buildProgram(): Command {
  const program = new Command("schemagen")
    .description("Generate TypeScript types and dependency-free validators from JSON Schema files.")
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) })
    .version(packageVersion(), "-v, --version", "print schemagen's version")
    .option("--debug", "print the stack trace of an internal error")
    .option("--config <file>", `configuration file (default: ${CONFIG_FILE}, or the "schemagen" key of package.json, in the working folder)`)
    .hook("preAction", applyConfig);

  addCacheOption(addErrorsOption(addSchemaOptions(program.command("generate"))))
    .description("write types, validators and manifest.json for every schema into the output folder")
    .action(async (options: SourceFlags & { out: string; errors: ErrorReport; cache: boolean }) => {
      growHeapsSlowly();
      const { generate } = await import("../index.js");
      const result = await generate({ ...modelOptions(options), out: options.out, errors: options.errors, cache: options.cache });
      if (result.warnings.length > 0) {
        const { formatDiagnostic } = await import("../index.js");
        for (const warning of result.warnings) process.stderr.write(`${formatDiagnostic(warning)}\n`);
      }
      const summary = result.changed.length === 0 ? "up to date" : `wrote ${result.files.length} files`;
      process.stdout.write(`schemagen generate: ${summary} in ${options.out}\n`);
    });

  addCacheOption(addErrorsOption(addSchemaOptions(program.command("check"))))
    .description("regenerate in memory and fail if the output folder differs; never writes")
    .action(async (options: SourceFlags & { out: string; errors: ErrorReport; cache: boolean }) => {
      growHeapsSlowly();
      const { check } = await import("../index.js");
      const drift = await check({ ...modelOptions(options), out: options.out, errors: options.errors, cache: options.cache });
      if (drift.length === 0) {
        process.stdout.write(`schemagen check: ${options.out} is up to date\n`);
        return;
      }
      for (const entry of drift) process.stdout.write(`${options.out}/${entry.path}: ${entry.state}\n`);
      process.stdout.write(`schemagen check: ${drift.length} file(s) differ; run \`npx schemagen generate\` to update\n`);
      process.exitCode = EXIT.failed;
    });

  addValidateCommand(program);

  addSourceOptions(program.command("bundle"))
    .description("write one self-contained 2020-12 schema per domain (also in <out>/bundles after generate)")
    .requiredOption("--out <dir>", "folder for the bundles, replaced as a whole")
    .action(async (options: SourceFlags & { out: string }) => {
      const { bundle } = await import("../index.js");
      const files = await bundle({ ...modelOptions(options), out: options.out });
      process.stdout.write(`schemagen bundle: wrote ${files.length} bundles in ${options.out}\n`);
    });

  addSourceOptions(program.command("lint"))
    .description("check the schemas against strictness, the house conventions and pattern safety; exit 1 on errors")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "github"]).default("text"))
    .action(async (options: SourceFlags & { format: "text" | "json" | "github" }) => {
      const { lint } = await import("../index.js");
      const { formatFindings } = await import("../lint/index.js");
      const findings = await lint({ ...modelOptions(options), lint: (options as { lintConfig?: LintConfig }).lintConfig });
      const folder = path.relative(process.cwd(), path.resolve(options.schemas)).split(path.sep).join("/");
      process.stdout.write(formatFindings(findings, options.format, folder));
      const errors = findings.filter((finding) => finding.severity === "error").length;
      if (options.format === "text") {
        process.stdout.write(`schemagen lint: ${errors} error(s), ${findings.length - errors} warning(s)\n`);
      }
      if (errors > 0) process.exitCode = EXIT.failed;
    });

  addSourceOptions(program.command("diff"), "the schemas folder inside a git ref or repository folder")
    .description("classify every change between two versions of the schemas (folders or git refs); exit 1 if one breaks --level")
    .argument("<old>", "folder or git ref of the old schemas (a folder holding --schemas is read from there)")
    .argument("<new>", "folder or git ref of the new schemas, e.g. .")
    .addOption(new Option("--level <level>", "compatibility that must hold").choices(["backward", "forward", "full"]).default("backward"))
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "github"]).default("text"))
    .action(async (old: string, current: string, options: SourceFlags & { level: "backward" | "forward" | "full"; format: "text" | "json" | "github" }) => {
      const { diff } = await import("../index.js");
      const { formatDiff, breaksLevel } = await import("../diff/index.js");
      const report = await diff({ ...modelOptions(options), old, new: current, level: options.level });
      process.stdout.write(formatDiff(report, options.format, report.newFolder));
      if (report.changes.some((change) => breaksLevel(change, report.level))) process.exitCode = EXIT.failed;
    });

  addSourceOptions(program.command("docs"))
    .description("write Markdown per domain: every type with its fields, enums, examples and rules")
    .requiredOption("--out <dir>", "folder for the Markdown files, replaced as a whole")
    .action(async (options: SourceFlags & { out: string }) => {
      const { docs } = await import("../index.js");
      const files = await docs({ ...modelOptions(options), out: options.out });
      process.stdout.write(`schemagen docs: wrote ${files.length} pages in ${options.out}\n`);
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  // Loading analytics-streams (a Redis client, prom-client) is paid only by `schemagen consume`.
  await addConsumeCommand(program, argv.includes("consume"));
  // --debug may stand anywhere on the line, before or after the command.
  const debug = argv.includes("--debug");
  try {
    await program.parseAsync(argv.filter((argument) => argument !== "--debug"), { from: "user" });
    return Number(process.exitCode ?? EXIT.ok);
  } catch (error) {
    if (error instanceof CommanderError) {
      const isHelp = error.code === "commander.helpDisplayed" || error.code === "commander.help" || error.code === "commander.version";
      return isHelp ? EXIT.ok : EXIT.badInput;
    }
    if (error instanceof SchemagenError) {
      for (const diagnostic of error.diagnostics) process.stderr.write(formatDiagnostic(diagnostic) + "\n");
      return EXIT.badInput;
    }
    // A bug of ours, not the user's input: one line and a way to report it; the trace only when asked for.
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    process.stderr.write(`schemagen: internal error: ${message}\n`);
    if (debug) process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    else process.stderr.write("schemagen: this is a bug in schemagen; rerun with --debug and report the command and its output\n");
    return EXIT.internal;
  }
}
