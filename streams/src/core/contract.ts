// What the core needs of a generated validator: a name for metrics and dead letters, the fast check, and the assert
// whose thrown error lists every failure.

/** One failure as Ajv reports it; the generated validators set these on `validateX.errors`. */
export interface ValidationErrorObject {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface Validator {
  (data: unknown): boolean;
  errors?: ValidationErrorObject[] | null;
}

/** A generated schema's validator pair, e.g. `{ name: "AnalyticsEvent", validate: validateAnalyticsEvent, assert: assertAnalyticsEvent }`. */
export interface Contract {
  /** The type name (manifest `type`); the `schema` label of the metrics and the dead letters. */
  name: string;
  /** The schema's `$id`, when known. */
  id?: string;
  validate: Validator;
  /** Throws an error whose `.errors` lists the failures; the fast check reports only the first. */
  assert?: (data: unknown) => void;
}
