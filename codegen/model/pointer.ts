// JSON Pointer (RFC 6901) encoding, decoding and lookup.

export function encodePointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function decodePointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function joinPointer(pointer: string, ...segments: (string | number)[]): string {
  return pointer + segments.map((segment) => "/" + encodePointerSegment(segment)).join("");
}

const hasOwn = Object.prototype.hasOwnProperty;

/** The value at `pointer`, or undefined when the path does not exist. Own properties only. */
export function getAtPointer(value: unknown, pointer: string): unknown {
  let current = value;
  for (const segment of decodePointer(pointer)) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (current !== null && typeof current === "object" && hasOwn.call(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

/** Decode a URI fragment ("#/a~1b/%25") into a JSON Pointer, or undefined if it is not one. */
export function fragmentToPointer(fragment: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(fragment);
  } catch {
    return undefined;
  }
  if (decoded === "" || decoded.startsWith("/")) return decoded;
  return undefined;
}
