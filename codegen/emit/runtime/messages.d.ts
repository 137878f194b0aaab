export interface ErrorLike {
  keyword: string;
  params?: Record<string, unknown>;
  message?: string;
}

export interface ErrorDescription {
  message: string;
  /** A property the data has and must not (additionalProperties, unevaluatedProperties, propertyNames). */
  unexpected?: string;
  /** A property the data lacks (required, dependentRequired). */
  missing?: string;
}

export declare function shownValue(value: unknown): string;
export declare function describeError(error: ErrorLike): ErrorDescription;
