// File bytes in chunks, read into one reused buffer: no allocation per chunk, so memory stays flat however large
// the file. A consumer must be done with a chunk before it asks for the next one.

import { open } from "node:fs/promises";
import { MESSAGES } from "../diagnostics.js";

/** Read size: large enough that per-chunk costs vanish, small enough to stay in cache-friendly memory. */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * Bytes [start, end) of a file, or from `start` to its end. Fewer bytes than `end` asked for means the file
 * shrank after it was measured, which is an error rather than a short read.
 */
export async function* readChunks(file: string, range: { start?: number; end?: number } = {}): AsyncGenerator<Buffer> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let position = range.start ?? 0;
    const end = range.end ?? Number.POSITIVE_INFINITY;
    while (position < end) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, end - position), position);
      if (bytesRead === 0) break;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
    if (range.end !== undefined && position < range.end) throw new Error(MESSAGES["input-changed"]());
  } finally {
    await handle.close();
  }
}
