// Stage 1: read every *.json file under the schemas folder, parse it, and keep its text for positions.

import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";
import { MESSAGES, SchemagenError, type Diagnostic } from "./diagnostics.js";
import { compareText } from "./model/order.js";
import { FILES_AT_ONCE, mapInParallel } from "./in-parallel.js";
import { positionOfOffset, type SourceText } from "./model/positions.js";

export interface SchemaFile extends SourceText {
  /** Path relative to the schemas folder, with forward slashes. */
  path: string;
  text: string;
  /** The parsed document, as JSON.parse gives it (own `__proto__` keys stay data). */
  document: unknown;
  /** Set for a file loaded through a ref map: the URI it stands for. Such files are referred to, not exported. */
  retrievalUri?: string;
}

export interface SchemaSet {
  /** The schemas folder as the user named it, for messages only. */
  folder: string;
  files: SchemaFile[];
}

export async function loadSchemaSet(folder: string): Promise<SchemaSet> {
  const folderStat = await stat(folder).catch(() => undefined);
  if (!folderStat?.isDirectory()) {
    throw new SchemagenError([{ code: "folder-missing", severity: "error", message: MESSAGES["folder-missing"](folder) }]);
  }
  const paths = (await listJsonFiles(folder)).sort(compareText);
  if (paths.length === 0) {
    throw new SchemagenError([{ code: "folder-empty", severity: "error", message: MESSAGES["folder-empty"](folder) }]);
  }
  const diagnostics: Diagnostic[] = [];
  const files: SchemaFile[] = [];
  // Read several at a time (a folder of many small files is mostly waiting), then parsed in path order.
  const texts = await mapInParallel(paths, FILES_AT_ONCE, (relativePath) => readFile(path.join(folder, relativePath), "utf8").catch((error: Error) => error));
  for (const [at, relativePath] of paths.entries()) {
    const text = texts[at]!;
    if (text instanceof Error) {
      diagnostics.push({
        code: "file-unreadable",
        severity: "error",
        file: relativePath,
        message: MESSAGES["file-unreadable"](text.message),
      });
      continue;
    }
    const parsed = parseJsonText(text);
    if ("diagnostic" in parsed) {
      diagnostics.push({ ...parsed.diagnostic, file: relativePath });
      continue;
    }
    files.push({ path: relativePath, text, document: parsed.value });
  }
  if (diagnostics.length > 0) throw new SchemagenError(diagnostics);
  return { folder, files };
}

/** JSON.parse is the authority on validity; jsonc-parser only finds where a broken text breaks. */
export function parseJsonText(text: string): { value: unknown } | { diagnostic: Diagnostic } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { value: JSON.parse(body) };
  } catch (error) {
    const errors: ParseError[] = [];
    parse(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const offset = first ? first.offset + (body === text ? 0 : 1) : 0;
    const reason = first ? printParseErrorCode(first.error) : (error as Error).message;
    return {
      diagnostic: {
        code: "json-malformed",
        severity: "error",
        message: MESSAGES["json-malformed"](reason),
        ...positionOfOffset(text, offset),
      },
    };
  }
}

async function listJsonFiles(folder: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(path.join(folder, prefix), { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    const relativePath = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await listJsonFiles(folder, relativePath)));
    else if (entry.isFile() && entry.name.endsWith(".json")) found.push(relativePath);
  }
  return found;
}
