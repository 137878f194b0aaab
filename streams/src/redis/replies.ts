// Decoders for the RESP2 replies of the stream commands, checked rather than cast: a reply of another shape is an
// error that names the command, not an undefined deep in the loop.

import type { GroupInfo } from "../core/metrics.js";

/** An entry as Redis returns it; `fields` is null for an id still pending after its entry was deleted (XTRIM, XDEL). */
export interface DecodedEntry {
  id: string;
  fields: string[] | null;
}

/** An entry as the transport hands it on: with its delivery count in the group, this delivery included. */
export interface RawEntry extends DecodedEntry {
  /** 1 for a first delivery (XREADGROUP >); XREADGROUP of the consumer's own history and XAUTOCLAIM add one each. */
  deliveries: number;
}

function fail(command: string, reply: unknown): never {
  throw new Error(`unexpected ${command} reply: ${JSON.stringify(reply)?.slice(0, 200)}`);
}

function decodeEntries(command: string, list: unknown): DecodedEntry[] {
  if (!Array.isArray(list)) fail(command, list);
  const entries: DecodedEntry[] = [];
  for (const item of list) {
    // Redis 6.2's XAUTOCLAIM lists a deleted entry as nil.
    if (item === null) continue;
    if (!Array.isArray(item) || typeof item[0] !== "string") fail(command, item);
    const fields = item[1];
    if (fields !== null && !Array.isArray(fields)) fail(command, item);
    entries.push({ id: item[0], fields: fields as string[] | null });
  }
  return entries;
}

/** XREADGROUP on one stream: nil (nothing, or unblocked) or [[stream, entries]]. */
export function decodeReadGroup(reply: unknown): DecodedEntry[] {
  if (reply === null) return [];
  if (!Array.isArray(reply) || reply.length !== 1 || !Array.isArray(reply[0])) fail("XREADGROUP", reply);
  return decodeEntries("XREADGROUP", reply[0][1]);
}

/** XAUTOCLAIM: [next cursor, entries, deleted ids (Redis 7)]. */
export function decodeAutoClaim(reply: unknown): { next: string; entries: DecodedEntry[] } {
  if (!Array.isArray(reply) || typeof reply[0] !== "string") fail("XAUTOCLAIM", reply);
  return { next: reply[0], entries: decodeEntries("XAUTOCLAIM", reply[1]) };
}

/** The delivery-counts script: one integer per id asked for (0 when the id is no longer pending). */
export function decodeDeliveryCounts(reply: unknown, expected: number): number[] {
  if (!Array.isArray(reply) || reply.length !== expected || !reply.every((count) => Number.isSafeInteger(count))) fail("delivery counts", reply);
  return reply as number[];
}

/** XINFO GROUPS: one flat field/value list per group. */
export function decodeGroupInfo(reply: unknown, group: string): GroupInfo {
  if (!Array.isArray(reply)) fail("XINFO GROUPS", reply);
  for (const item of reply) {
    if (!Array.isArray(item)) fail("XINFO GROUPS", item);
    const info = new Map<string, unknown>();
    for (let index = 0; index < item.length - 1; index += 2) info.set(String(item[index]), item[index + 1]);
    if (info.get("name") !== group) continue;
    const lag = info.get("lag");
    return { pending: Number(info.get("pending")), lag: lag === null || lag === undefined ? null : Number(lag) };
  }
  throw new Error(`consumer group '${group}' no longer exists (XINFO GROUPS does not list it)`);
}
