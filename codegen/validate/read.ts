// File bytes in chunks, read into two reused buffers: no allocation per chunk, so memory stays flat however large
// the file, and the next chunk is read while the consumer works on the current one. A consumer must be done
// with a chunk before it asks for the next one.

import { closeSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import { setImmediate as nextTurn } from "node:timers/promises";
import { MESSAGES } from "../diagnostics.js";

/** Read size: large enough that per-chunk costs vanish, small enough to stay in cache-friendly memory. */
export const CHUNK_BYTES = 1024 * 1024;

/** The two buffers readChunks alternates between; a worker reading many ranges keeps one pair for all of them. */
export function readBuffers(): [Buffer, Buffer] {
  return [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
}

/**
 * Bytes [start, end) of a file, or from `start` to its end. Fewer bytes than `end` asked for means the file
 * shrank after it was measured, which is an error rather than a short read.
 */
export async function* readChunks(
  file: string,
  range: { start?: number; end?: number } = {},
  buffers: [Buffer, Buffer] = readBuffers(),
): AsyncGenerator<Buffer> {
  const handle = await open(file, "r");
  // A FIFO or a process substitution (`<(…)`) cannot seek (ESPIPE): it is read from its current position, in order
  // (one read is outstanding at a time), and only from its start.
  const seekable = (await handle.stat()).isFile();
  if (!seekable && (range.start ?? 0) !== 0) {
    await handle.close();
    throw new Error("internal: a range of a file that cannot seek");
  }
  const end = range.end ?? Number.POSITIVE_INFINITY;
  let position = range.start ?? 0;
  const readInto = (buffer: Buffer) => {
    const length = Math.min(CHUNK_BYTES, end - position);
    const read = length > 0 ? handle.read(buffer, 0, length, seekable ? position : null).then(({ bytesRead }) => buffer.subarray(0, bytesRead)) : Promise.resolve(buffer.subarray(0, 0));
    position += Math.max(length, 0);
    return read;
  };
  let next = readInto(buffers[0]!);
  let read = range.start ?? 0;
  try {
    for (let turn = 1; ; turn++) {
      const chunk = await next;
      if (chunk.length === 0) break;
      read += chunk.length;
      if (chunk.length < CHUNK_BYTES && read < end) position = read; // a short read: ask again from where it stopped
      next = readInto(buffers[turn % 2]!);
      yield chunk;
    }
    if (range.end !== undefined && read < range.end) throw new Error(MESSAGES["input-changed"]());
  } finally {
    await next.catch(() => undefined);
    await handle.close();
  }
}

/**
 * The same bytes, read synchronously on this thread, with a turn of the event loop between chunks. For threads
 * that split a file: with every core scanning, an asynchronous read waits for a libuv thread to get a core, and
 * the scanning thread idles meanwhile (about 5% of a two-thread run here); the turn lets the thread still answer
 * messages between chunks.
 */
export async function* readChunksInTurns(file: string, range: { start: number; end: number }, buffer: Buffer): AsyncGenerator<Buffer> {
  const fd = openSync(file, "r");
  try {
    let position = range.start;
    while (position < range.end) {
      const bytesRead = readSync(fd, buffer, 0, Math.min(buffer.length, range.end - position), position);
      if (bytesRead === 0) throw new Error(MESSAGES["input-changed"]());
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
      await nextTurn();
    }
  } finally {
    closeSync(fd);
  }
}
