// Refs to http(s) URLs resolve offline: by `$id` among the loaded files, or from a local folder mapped to a URL
// prefix (--ref-map). A mapped file is read only when a ref reaches it, and is referred to, never exported.

import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { RefMap } from "../config.js";
import { MESSAGES, type Diagnostic } from "../diagnostics.js";
import { parseJsonText, type SchemaFile } from "../load.js";
import { resolveRef, resolveUri, type SchemaIndex } from "./resources.js";

/** The local file a URI maps to (the longest matching prefix wins), or undefined. */
export function mappedPath(uri: string, refMaps: RefMap[]): string | undefined {
  const map = [...refMaps].sort((a, b) => b.prefix.length - a.prefix.length).find((candidate) => uri.startsWith(candidate.prefix));
  if (!map) return undefined;
  let rest: string;
  try {
    rest = decodeURIComponent(uri.slice(map.prefix.length));
  } catch {
    return undefined;
  }
  const folder = path.resolve(map.folder);
  const file = path.resolve(folder, rest);
  return file === folder || file.startsWith(folder + path.sep) ? file : undefined;
}

/** URIs (without fragment) of refs that nothing loaded resolves. */
function unresolvedUris(index: SchemaIndex): string[] {
  const found = new Set<string>();
  for (const site of index.refSites) {
    if (site.keyword === "$recursiveRef" || resolveRef(index, site.ref, site.baseUri)) continue;
    const absolute = resolveUri(site.ref, site.baseUri);
    if (absolute) found.add(absolute.replace(/#.*$/s, ""));
  }
  return [...found].sort();
}

/**
 * Adds the mapped files that unresolved refs reach, and the files those reach, until nothing new is found.
 * `reindex` builds the index of a file list (the caller's options decide the base URI and dialect).
 */
export async function loadMappedFiles(
  files: SchemaFile[],
  refMaps: RefMap[],
  reindex: (files: SchemaFile[]) => SchemaIndex,
): Promise<{ files: SchemaFile[]; index: SchemaIndex; diagnostics: Diagnostic[] }> {
  let all = files;
  let index = reindex(all);
  if (refMaps.length === 0) return { files: all, index, diagnostics: [] };
  const tried = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (;;) {
    const added: SchemaFile[] = [];
    for (const uri of unresolvedUris(index)) {
      if (tried.has(uri)) continue;
      tried.add(uri);
      const mapped = mappedPath(uri, refMaps);
      if (!mapped) continue;
      // SchemaStore-style URLs often leave out ".json".
      const candidates = mapped.endsWith(".json") ? [mapped] : [mapped, `${mapped}.json`];
      let file: string | undefined;
      for (const candidate of candidates) {
        if (file === undefined && (await stat(candidate).catch(() => undefined))?.isFile()) file = candidate;
      }
      if (!file) continue;
      const display = path.relative(process.cwd(), file).split(path.sep).join("/");
      const text = await readFile(file, "utf8").catch((error: Error) => {
        diagnostics.push({ code: "file-unreadable", severity: "error", file: display, message: MESSAGES["file-unreadable"](error.message) });
        return undefined;
      });
      if (text === undefined) continue;
      const parsed = parseJsonText(text);
      if ("diagnostic" in parsed) diagnostics.push({ ...parsed.diagnostic, file: display });
      else added.push({ path: display, text, document: parsed.value, retrievalUri: uri });
    }
    if (added.length === 0) return { files: all, index, diagnostics };
    all = [...all, ...added];
    index = reindex(all);
  }
}
