// The one place that decides validator semantics: every Ajv instance (generation, checks, run-time compile) comes from here.

import AjvDraft07Module, { _, type Options, type Logger } from "ajv";
import type { Ajv as AjvCore } from "ajv";
import Ajv2019Module from "ajv/dist/2019.js";
import Ajv2020Module from "ajv/dist/2020.js";
import AjvDraft04Module from "ajv-draft-04";
import { createRequire } from "node:module";
import addFormatsModule from "ajv-formats";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { formats as runtimeFormats } from "./emit/runtime/formats.js";
import { compilePattern } from "./emit/runtime/runtime.js";
import { EXTENSION_KEYWORDS } from "./keywords/index.js";
import { markBranchErrors } from "./emit/passes/index.js";
import type { Dialect } from "./model/dialect.js";

type AjvClass = new (options: Options) => AjvCore;

const draft06MetaSchema = createRequire(import.meta.url)("ajv/dist/refs/json-schema-draft-06.json") as object;

// ajv and ajv-formats are CommonJS; under Node's ESM loader the class may sit on `.default`.
function interop<T>(module: T): T {
  return ((module as { default?: T }).default ?? module) as T;
}

const AJV_CLASSES: Record<Dialect, AjvClass> = {
  "2020-12": interop(Ajv2020Module) as unknown as AjvClass,
  "2019-09": interop(Ajv2019Module) as unknown as AjvClass,
  "draft-07": interop(AjvDraft07Module) as unknown as AjvClass,
  // Ajv's draft-07 class validates draft-06 once it knows the draft-06 metaschema (Ajv docs, "JSON Schema draft-06").
  "draft-06": interop(AjvDraft07Module) as unknown as AjvClass,
  // ajv-draft-04: `id`, boolean exclusiveMaximum/exclusiveMinimum and the draft-04 metaschema, kept by Ajv's authors.
  "draft-04": interop(AjvDraft04Module) as unknown as AjvClass,
};
const addFormats = interop(addFormatsModule) as unknown as (ajv: AjvCore) => AjvCore;

export interface AjvSettings {
  /** Emit code for `standaloneCode` (the generated modules) instead of compiling in process. */
  standalone?: boolean;
  /** In process, run patterns as automata as generated code does (validate's run-time compile); tests compare with RegExp. */
  patternAutomata?: boolean;
  allErrors?: boolean;
  /**
   * With allErrors in process: mark where each oneOf/anyOf branch's errors start, as generated validators do, so a
   * report keeps the same closest branch (default). Off where nothing reports branches (the metaschema check).
   */
  branchMarks?: boolean;
  /**
   * The schemas passed check.ts, which validates them against their metaschemas: Ajv does not again as it adds them
   * (its uniqueItems compares every pair of an enum's values: 100,000 of them took 27 s).
   */
  checked?: boolean;
  /** false for generation (any valid schema compiles); true for lint. */
  strict?: boolean;
  /** "log" reports Ajv's strictTypes findings to the logger (lint) instead of ignoring them. */
  strictTypes?: "log";
  logger?: Logger | false;
  /**
   * Standalone code as Ajv ships it (the benchmark's peer): through Ajv's own code optimizer, which generation leaves
   * to passes/ajv-optimize.ts, and with each validator also built in process, which generation never calls.
   */
  asShipped?: boolean;
}

const NOT_IN_PROCESS = 'return function standaloneOnly() { throw new Error("internal: a validator compiled for standalone code was called in process"); };';

/** The options every validator shares, so generated and run-time validators give the same verdicts. */
export function validatorOptions(settings: AjvSettings = {}): Options {
  return {
    strict: settings.strict ?? false,
    allErrors: settings.allErrors ?? false,
    // `required: ["constructor"]` must not be satisfied by an inherited property (ajv docs, "ownProperties").
    ownProperties: true,
    discriminator: true,
    validateFormats: true,
    logger: settings.logger ?? false,
    ...(settings.strictTypes ? { strictTypes: settings.strictTypes, allowUnionTypes: true } : {}),
    ...(settings.checked ? { validateSchema: false } : {}),
    ...(settings.standalone
      ? {
          // check.ts has validated every schema against its metaschema before generation compiles one.
          validateSchema: false,
          code: {
            source: true,
            // emit/passes/ajv-optimize.ts does the same optimization on the syntax tree, at a fraction of its cost.
            optimize: settings.asShipped ?? false,
            // ajv #1837: the formats module must be named with `_` from this same ajv copy.
            formats: _`require("ajv-formats/dist/formats").fullFormats`,
            // Patterns run as automata in generated code (emit/runtime/pattern.js); in process they stay RegExps
            // (except for validate's run-time compile), which is what the tests compare generated validators with.
            regExp: compilePattern,
            // Ajv also builds each validator in process with new Function, a fifth of its compile time on a large
            // folder; generation never calls them, so it builds a stub instead. A keyword's metaschema (env.meta)
            // is the exception: Ajv checks each use of the keyword with it while compiling.
            ...(settings.asShipped ? {} : { process: (code: string, env?: { meta?: boolean }) => (env?.meta ? code : NOT_IN_PROCESS) }),
          },
        }
      : {
          code: {
            ...(settings.patternAutomata ? { regExp: compilePattern } : {}),
            ...(settings.allErrors && settings.branchMarks !== false ? { process: markBranchErrors } : {}),
          },
        }),
  };
}

export function createAjv(dialect: Dialect, settings: AjvSettings = {}): AjvCore {
  const ajv = new AJV_CLASSES[dialect](validatorOptions(settings));
  if (dialect === "draft-06") ajv.addMetaSchema(draft06MetaSchema);
  addFormats(ajv);
  // A format that is a RegExp is written into generated code as a literal; ours are functions from the runtime,
  // which the code then calls as formats["uuid"]. In process, ajv-formats' own checks stay the reference.
  if (settings.standalone) {
    for (const [name, format] of Object.entries(runtimeFormats)) if (format !== (fullFormats as Record<string, unknown>)[name]) ajv.addFormat(name, format as never);
  }
  for (const keyword of EXTENSION_KEYWORDS) ajv.addKeyword(keyword);
  return ajv;
}
