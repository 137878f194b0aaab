// Finding a schema in a contracts manifest by any name a person would use: its $id, its source path, its type name
// or its validator's name. An unknown name is an error that lists the closest ones.

export interface ManifestEntry {
  id: string;
  source: string;
  module: string;
  validator: string;
  type: string;
  assert?: string;
}

export class UnknownSchemaError extends Error {
  override name = "UnknownSchemaError";
  constructor(
    readonly ref: string,
    readonly suggestions: string[],
  ) {
    super(`unknown schema '${ref}'${suggestions.length > 0 ? `; did you mean ${suggestions.map((name) => `'${name}'`).join(", ")}?` : ""} (a schema is named by its $id, source path, type name or validator name in manifest.json)`);
  }
}

function namesOf(entry: ManifestEntry): string[] {
  return [entry.id, entry.source, entry.source.replace(/\.json$/, ""), entry.type, entry.validator];
}

export function findManifestEntry(entries: readonly ManifestEntry[], ref: string): ManifestEntry | undefined {
  return entries.find((entry) => namesOf(entry).includes(ref));
}

export function resolveManifestEntry(entries: readonly ManifestEntry[], ref: string): ManifestEntry {
  const found = findManifestEntry(entries, ref);
  if (found !== undefined) return found;
  throw new UnknownSchemaError(ref, closeMatches(entries, ref));
}

/** Up to three type names (or sources) whose spelling is near the reference, nearest first. */
export function closeMatches(entries: readonly ManifestEntry[], ref: string): string[] {
  const wanted = ref.toLowerCase();
  const scored: { name: string; score: number }[] = [];
  for (const entry of entries) {
    let best = Infinity;
    for (const name of namesOf(entry)) {
      const candidate = name.toLowerCase();
      // Containment counts only for three characters or more: "x" is in too many names to suggest any.
      const contained = wanted.length >= 3 && (candidate.includes(wanted) || wanted.includes(candidate));
      const score = contained ? 0 : editDistance(candidate, wanted);
      best = Math.min(best, score);
    }
    if (best <= Math.max(2, Math.floor(wanted.length / 3))) scored.push({ name: entry.type, score: best });
  }
  return scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name)).slice(0, 3).map((match) => match.name);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
