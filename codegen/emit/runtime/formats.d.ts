/** ajv-formats' full formats, with faster checks that accept exactly the same strings where it matters. */
export declare const formats: Record<string, RegExp | ((value: string) => boolean) | { type?: string; validate: RegExp | ((value: string) => boolean) }>;

/** True when both are RFC 3339 date-times and `a` is the earlier instant (exactly: offsets, any fraction, leap seconds). */
export declare function dateTimeBefore(a: string, b: string): boolean;
