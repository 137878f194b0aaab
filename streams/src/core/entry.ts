// A stream entry as the core sees it, whatever the transport: an id and its field/value pairs, in order.

export interface StreamEntry {
  /** The transport's id: a Redis stream id ("1700000000000-0"), or a Kafka "partition:offset". */
  id: string;
  /** Flat field/value pairs, exactly as produced (Redis allows a field twice; the first one counts). */
  fields: readonly string[];
}

export function entryField(entry: StreamEntry, name: string): string | undefined {
  for (let index = 0; index < entry.fields.length - 1; index += 2) {
    if (entry.fields[index] === name) return entry.fields[index + 1];
  }
  return undefined;
}
