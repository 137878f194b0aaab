// `schemagen validate`: flags to ValidateOptions, one library call, a reporter, and the exit code. On a terminal,
// long runs show their progress on stderr.

import { appendFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { InvalidArgumentError, Option, type Command } from "commander";
import type { InputFormat } from "../validate/inputs.js";
import type { ReportFormat } from "../validate/report/index.js";
import type { Progress } from "../validate/run.js";
import type { ValidationRun } from "../validate/results.js";
import { addSchemaOptions, EXIT } from "./program.js";

interface ValidateFlags {
  schema: string;
  schemas: string;
  out: string;
  baseUri: string;
  format: ReportFormat;
  inputFormat?: InputFormat;
  maxErrors: number;
  maxDocumentBytes: number;
  quiet?: boolean;
  failFast?: boolean;
  workers: number;
  compile?: boolean;
  allErrors?: boolean;
}

function count(minimum: number) {
  return (value: string) => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < minimum) throw new InvalidArgumentError(`expected a whole number of at least ${minimum}`);
    return number;
  };
}

/** The one place validate's exit code is decided. */
export function exitCodeOf(run: ValidationRun): number {
  if (run.totals.unreadable > 0) return EXIT.badInput;
  if (run.totals.invalid + run.totals.malformed > 0) return EXIT.failed;
  return EXIT.ok;
}

export function addValidateCommand(program: Command): Command {
  return addSchemaOptions(program.command("validate"))
    .description("validate JSON, NDJSON and YAML documents against a schema, with the line and column of every error")
    .argument("[inputs...]", "files, folders (searched recursively), globs, or - for standard input")
    .requiredOption("--schema <ref>", "a schema $id, a type name from the manifest (e.g. AnalyticsEvent), or a schema file")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "github", "junit"]).default("text"))
    .addOption(new Option("--input-format <format>", "format of standard input, and of named files with another extension").choices(["json", "ndjson", "yaml"]))
    .option("--max-errors <n>", "errors to report in detail (all are counted); 0 reports all", count(0), 1000)
    .option("--max-document-bytes <n>", "largest .json or YAML file read whole (NDJSON is streamed)", count(1), 256 * 1024 * 1024)
    .option("--quiet", "print errors only: no summary, warnings or progress")
    .option("--fail-fast", "stop at the first invalid or malformed document")
    .option("--workers <n>", "threads validating NDJSON files over 32 MiB (this one and N-1 workers)", count(1), os.availableParallelism())
    .option("--compile", "compile the schema with Ajv at run time instead of using the precompiled validator")
    .option("--all-errors", "report every error of an invalid document, not the first (valid documents still take the fast check)")
    .action(async (inputs: string[], flags: ValidateFlags) => {
      const { validate } = await import("../index.js");
      const { REPORTERS } = await import("../validate/report/index.js");
      const output = new StdoutWriter();
      const reporter = REPORTERS[flags.format]({ color: flags.format === "text" && useColor(), quiet: flags.quiet === true });
      // A signal ends reading at the next chunk; what was found and a partial summary are still written. A second
      // one exits at once.
      const interruption = new AbortController();
      const onSignal = (signal: "SIGINT" | "SIGTERM") => {
        if (interruption.signal.aborted) process.exit(SIGNAL_EXIT[signal]);
        interruption.abort(signal);
      };
      process.on("SIGINT", onSignal).on("SIGTERM", onSignal);
      const progress = startProgress(!flags.quiet && process.stderr.isTTY === true);
      let run: ValidationRun;
      try {
        run = await validate({
          schema: flags.schema,
          inputs,
          schemas: flags.schemas,
          out: flags.out,
          baseUri: flags.baseUri,
          cwd: process.cwd(),
          compile: flags.compile === true,
          allErrors: flags.allErrors === true,
          ...(flags.inputFormat ? { inputFormat: flags.inputFormat } : {}),
          maxErrors: flags.maxErrors,
          maxDocumentBytes: flags.maxDocumentBytes,
          failFast: flags.failFast === true,
          workers: flags.workers,
          onProgress: progress.update,
          onSchema: (schema) => void output.write(reporter.begin(schema)),
          onIssue: (issue) => output.write(reporter.issue(issue)),
          onFile: (file) => void output.write(reporter.file(file)),
          signal: interruption.signal,
        });
      } finally {
        progress.stop();
      }
      const report = reporter.end(run);
      await output.write(report.stdout);
      await output.flush();
      const summaryFile = process.env.GITHUB_STEP_SUMMARY;
      if (report.stepSummary && summaryFile) {
        await appendFile(summaryFile, report.stepSummary).catch((error: Error) => {
          process.stderr.write(`schemagen validate: cannot write the step summary: ${error.message}\n`);
        });
      }
      // An interrupted run may leave a read pending (an open stdin) that would keep the process alive.
      if (run.interrupted) process.exit(SIGNAL_EXIT[run.interrupted]);
      process.exitCode = exitCodeOf(run);
    });
}

/** 128 + the signal's number, as shells report a process a signal ended. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Standard output in writes of up to 64 KiB, at least once per chunk of input read. A write the stream cannot take at once holds the next ones (reading waits on
 * the promise), so a slow reader never makes the findings pile up in memory. A reader that stops early (`| head`)
 * closes the pipe: the rest is dropped, the verdict and exit code stand.
 */
class StdoutWriter {
  private buffered = "";
  private closed = false;
  private draining: Promise<void> | undefined;

  constructor() {
    process.stdout.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      this.closed = true;
      this.buffered = "";
    });
  }

  write(text: string): Promise<void> | undefined {
    if (this.closed || text === "") return this.draining;
    // Written out between two chunks of input at the latest, so findings appear while a long run goes on.
    if (this.buffered === "") setImmediate(() => this.send());
    this.buffered += text;
    if (this.buffered.length >= 64 * 1024) this.send();
    return this.draining;
  }

  async flush(): Promise<void> {
    this.send();
    await this.draining;
  }

  private send(): void {
    if (this.closed || this.buffered === "") return;
    const text = this.buffered;
    this.buffered = "";
    if (process.stdout.write(text)) return;
    this.draining ??= new Promise<void>((resolve) => {
      const done = () => {
        this.draining = undefined;
        resolve();
      };
      process.stdout.once("drain", done);
      process.stdout.once("error", done);
    });
  }
}

function useColor(): boolean {
  if (process.env.NO_COLOR) return false; // https://no-color.org: set and not empty
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== "0") return true;
  return process.stdout.isTTY === true;
}

const PROGRESS_DELAY_MS = 1000;
const PROGRESS_EVERY_MS = 250;

/** A status line on a terminal's stderr for runs longer than a second; nothing anywhere else. */
function startProgress(enabled: boolean): { update?: (progress: Progress) => void; stop: () => void } {
  if (!enabled) return { stop: () => undefined };
  const started = performance.now();
  let latest: Progress = { documents: 0, bytes: 0 };
  let shown = false;
  const render = () => {
    const seconds = (performance.now() - started) / 1000;
    const rate = Math.round(latest.documents / seconds).toLocaleString("en-US");
    const mebibytes = (latest.bytes / 1048576).toFixed(0);
    process.stderr.write(`\r\x1b[Kvalidated ${latest.documents.toLocaleString("en-US")} documents, ${mebibytes} MiB (${rate}/s)`);
    shown = true;
  };
  let timer: NodeJS.Timeout | undefined;
  const delay = setTimeout(() => {
    render();
    timer = setInterval(render, PROGRESS_EVERY_MS).unref();
  }, PROGRESS_DELAY_MS).unref();
  return {
    update: (progress) => {
      latest = progress;
    },
    stop: () => {
      clearTimeout(delay);
      if (timer) clearInterval(timer);
      if (!shown) return;
      render();
      process.stderr.write(` in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    },
  };
}
