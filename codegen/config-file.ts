// schemagen.config.json (or package.json's "schemagen" key): the options every command reads, checked against the
// JSON Schema shipped beside this file, so that a bad key or value is an error at its file:line:column.

import { readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createAjv } from "./ajv.js";
import type { ErrorReport, GenerateOptions, RefMap } from "./config.js";
import { MESSAGES, SchemagenError, type Diagnostic } from "./diagnostics.js";
import { parseJsonText } from "./load.js";
import type { Dialect } from "./model/dialect.js";
import { joinPointer } from "./model/pointer.js";
import { positionOfPointer } from "./model/positions.js";
import { PACKAGE_ROOT } from "./package-root.js";

export const CONFIG_FILE = "schemagen.config.json";
/** Shipped for editors (`"$schema"` in the file), and the one definition of what the file may hold. */
export const CONFIG_SCHEMA_FILE = path.join(PACKAGE_ROOT, "schemagen.config.schema.json");
const CONFIG_SCHEMA = JSON.parse(readFileSync(CONFIG_SCHEMA_FILE, "utf8")) as { $defs: { rule: { enum: string[] } } };

export type RuleSetting = "error" | "warn" | "off";

export interface LintConfig {
  /** Severity per rule id. */
  rules?: Record<string, RuleSetting>;
  /** Schema file glob (in the schemas folder) → rule ids not applied to it. */
  ignore?: Record<string, string[]>;
}

/** The file as written, its paths resolved against its folder. */
export interface SchemagenConfig extends Partial<Omit<GenerateOptions, "refMaps">> {
  refMaps?: RefMap[];
  lint?: LintConfig;
  /** Where it was read from, for messages. */
  source: string;
}

/** The rule ids the config may name: the lint rules. A test keeps this list equal to LINT_RULES. */
export const CONFIGURABLE_RULES: readonly string[] = CONFIG_SCHEMA.$defs.rule.enum;

interface RawConfig {
  schemas?: string;
  out?: string;
  baseUri?: string;
  defaultDialect?: Dialect;
  refMaps?: Record<string, string>;
  errors?: ErrorReport;
  lint?: LintConfig;
}

/** schemagen.config.json in `folder`, else package.json's "schemagen" key there; undefined when neither exists. */
export async function loadConfig(folder: string): Promise<SchemagenConfig | undefined> {
  const file = path.join(folder, CONFIG_FILE);
  const own = await readFile(file, "utf8").catch(() => undefined);
  if (own !== undefined) return checkConfig(own, CONFIG_FILE, "", folder);
  const manifest = await readFile(path.join(folder, "package.json"), "utf8").catch(() => undefined);
  if (manifest === undefined) return undefined;
  const parsed = parseJsonText(manifest);
  if (!("value" in parsed) || typeof parsed.value !== "object" || parsed.value === null || !("schemagen" in parsed.value)) return undefined;
  return checkConfig(manifest, "package.json", "/schemagen", folder);
}

/** A configuration file named on the command line (--config): its own JSON, or package.json's key. */
export async function loadConfigFile(file: string): Promise<SchemagenConfig> {
  const text = await readFile(file, "utf8").catch((error: Error) => {
    throw new SchemagenError([{ code: "config-invalid", severity: "error", file, message: MESSAGES["config-invalid"](`cannot read it: ${error.message}`) }]);
  });
  const name = path.relative(process.cwd(), path.resolve(file)) || file;
  return checkConfig(text, name, path.basename(file) === "package.json" ? "/schemagen" : "", path.dirname(path.resolve(file)));
}

function checkConfig(text: string, name: string, at: string, folder: string): SchemagenConfig {
  const parsed = parseJsonText(text);
  if (!("value" in parsed)) throw new SchemagenError([{ ...parsed.diagnostic, code: "config-invalid", file: name }]);
  const value = at === "" ? parsed.value : (parsed.value as Record<string, unknown>).schemagen;
  const ajv = createAjv("2020-12", { allErrors: true });
  const validate = ajv.compile(CONFIG_SCHEMA);
  if (!validate(value)) {
    const source = { text };
    const diagnostics: Diagnostic[] = (validate.errors ?? [])
      // A bad key is reported once, by the check of the key itself.
      .filter((error) => error.keyword !== "propertyNames")
      .map((error) => {
        const key = error.propertyName;
        const extra = error.keyword === "additionalProperties" ? (error.params as { additionalProperty: string }).additionalProperty : key;
        const pointer = extra === undefined ? at + error.instancePath : joinPointer(at + error.instancePath, extra);
        const detail =
          error.keyword === "additionalProperties" ? `unknown key "${extra}"` : key !== undefined ? `"${key}" is not a known name; allowed` : `${error.instancePath || "the configuration"} ${error.message ?? error.keyword}`;
        const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
        const message = allowed ? `${detail}: ${allowed.map((entry) => JSON.stringify(entry)).join(", ")}` : detail;
        return { code: "config-invalid" as const, severity: "error" as const, file: name, pointer, message: MESSAGES["config-invalid"](message), ...positionOfPointer(source, pointer) };
      });
    throw new SchemagenError(diagnostics);
  }
  const raw = value as RawConfig;
  const local = (relative: string) => path.relative(process.cwd(), path.resolve(folder, relative)) || ".";
  return {
    source: name,
    ...(raw.schemas !== undefined ? { schemas: local(raw.schemas) } : {}),
    ...(raw.out !== undefined ? { out: local(raw.out) } : {}),
    ...(raw.baseUri !== undefined ? { baseUri: raw.baseUri } : {}),
    ...(raw.defaultDialect !== undefined ? { defaultDialect: raw.defaultDialect } : {}),
    ...(raw.refMaps !== undefined ? { refMaps: Object.entries(raw.refMaps).map(([prefix, dir]) => ({ prefix, folder: local(dir) })) } : {}),
    ...(raw.errors !== undefined ? { errors: raw.errors } : {}),
    ...(raw.lint !== undefined ? { lint: raw.lint } : {}),
  };
}

/** `*` matches within a path segment, `**` across segments, `?` one character. */
export function globMatcher(glob: string): (file: string) => boolean {
  let pattern = "";
  for (let index = 0; index < glob.length; index++) {
    const character = glob[index]!;
    if (character === "*" && glob[index + 1] === "*") {
      pattern += glob[index + 2] === "/" ? "(?:.*/)?" : ".*";
      index += glob[index + 2] === "/" ? 2 : 1;
    } else if (character === "*") pattern += "[^/]*";
    else if (character === "?") pattern += "[^/]";
    else pattern += character.replace(/[\\^$.+()|{}[\]]/g, "\\$&");
  }
  const expression = new RegExp(`^${pattern}$`);
  return (file) => expression.test(file);
}
