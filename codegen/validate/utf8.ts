// UTF-8 checks for input text: RFC 8259 requires UTF-8, and decoding would silently turn bad bytes into U+FFFD.

import { isAscii, isUtf8 } from "node:buffer";
import { positionOfOffset, type Position } from "../model/positions.js";

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates, at most U+10FFFF). */
export function firstInvalidUtf8Byte(bytes: Uint8Array, start: number, end: number): number {
  let index = start;
  while (index < end) {
    const lead = bytes[index]!;
    let length: number;
    let min = 0x80;
    let max = 0xbf;
    if (lead < 0x80) length = 1;
    else if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) min = 0xa0;
      if (lead === 0xed) max = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) min = 0x90;
      if (lead === 0xf4) max = 0x8f;
    } else return index;
    if (index + length > end) return index;
    for (let offset = 1; offset < length; offset++) {
      const next = bytes[index + offset]!;
      const low = offset === 1 ? min : 0x80;
      const high = offset === 1 ? max : 0xbf;
      if (next < low || next > high) return index;
    }
    index += length;
  }
  return end;
}

/** A whole file as text, without its byte order mark; or the position of its first byte that is not UTF-8. */
export function decodeUtf8(bytes: Buffer): { text: string } | { invalidAt: Position } {
  if (!isAscii(bytes) && !isUtf8(bytes)) {
    const bad = firstInvalidUtf8Byte(bytes, 0, bytes.length);
    const before = bytes.toString("utf8", 0, bad);
    return { invalidAt: positionOfOffset(before, before.length) };
  }
  const text = bytes.toString("utf8");
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}
