// Types for generated/runtime.js: the validator, error and Standard Schema shapes every generated module uses.

/** One failure, as Ajv reports it. `instancePath` is an escaped JSON Pointer ("/items/0/sku"). */
export interface ValidationErrorObject {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/**
 * The fast path: a type guard. After `false`, `errors` holds the first failure; assert and Standard Schema list
 * every failure (see setMaxErrors).
 */
export interface Validator<T> {
  (data: unknown): data is T;
  errors?: ValidationErrorObject[] | null;
}

/** What assert throws: every error of the data (up to the cap), the closest branch of a failed oneOf/anyOf only. */
export declare class ValidationError extends Error {
  readonly typeName: string;
  readonly errors: ValidationErrorObject[];
  /** How many errors past the cap were left out. */
  readonly omitted: number;
  constructor(typeName: string, errors: ValidationErrorObject[] | null | undefined, omitted?: number);
}

/** The cap on the errors an assert or a Standard Schema validate lists, unless a call says otherwise. */
export declare const DEFAULT_MAX_ERRORS: 100;
/** Sets the cap for every assert and Standard Schema validate that follows; a positive integer. */
export declare function setMaxErrors(limit: number): void;

export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** Standard Schema v1 (https://standardschema.dev), copied as the spec recommends. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": StandardSchemaV1.Props<Input, Output>;
}

export declare namespace StandardSchemaV1 {
  export interface Props<Input = unknown, Output = Input> {
    readonly version: 1;
    readonly vendor: string;
    /** `options.libraryOptions.maxErrors` caps the issues of this call. */
    readonly validate: (value: unknown, options?: Options | undefined) => Result<Output> | Promise<Result<Output>>;
    readonly types?: Types<Input, Output> | undefined;
  }
  export interface Options {
    readonly libraryOptions?: Record<string, unknown> | undefined;
  }
  export type Result<Output> = SuccessResult<Output> | FailureResult;
  export interface SuccessResult<Output> {
    readonly value: Output;
    readonly issues?: undefined;
  }
  export interface FailureResult {
    readonly issues: ReadonlyArray<Issue>;
  }
  export interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }
  export interface PathSegment {
    readonly key: PropertyKey;
  }
  export interface Types<Input = unknown, Output = Input> {
    readonly input: Input;
    readonly output: Output;
  }
  export type InferInput<Schema extends StandardSchemaV1> = NonNullable<Schema["~standard"]["types"]>["input"];
  export type InferOutput<Schema extends StandardSchemaV1> = NonNullable<Schema["~standard"]["types"]>["output"];
}

export declare function guardRecursion<T>(validate: Validator<T>): Validator<T>;
export declare function createAssert<T>(validate: Validator<T>, typeName: string, report?: Validator<T>): (data: unknown) => asserts data is T;
export declare function createStandardSchema<T>(validate: Validator<T>, report?: Validator<T>): StandardSchemaV1<unknown, T>;

/** The input of a factory: T with the fields the factory fills made optional. */
export type FactoryInput<T, Filled extends PropertyKey> = { [P in keyof T as P extends Filled ? never : P]: T[P] } & {
  [P in keyof T as P extends Filled ? P : never]?: T[P];
};

/** RegExp's test(), by deterministic automaton where the pattern is regular; otherwise by the RegExp itself. */
export declare class Pattern {
  constructor(source: string, flags?: string);
  readonly source: string;
  readonly flags: string;
  test(string: string): boolean;
  /** test() for an object key: the verdicts for the first 512 keys are remembered. */
  testKey(key: string): boolean;
  /** True when the pattern runs as an automaton rather than as a RegExp. */
  readonly isAutomaton: boolean;
  toString(): string;
}
/** What generated code builds its patterns with; Ajv's `code.regExp` engine at generation. */
export declare const compilePattern: ((source: string, flags: string) => Pattern) & { code: string };
/** True when both are RFC 3339 date-times and `a` is the earlier instant (exactly: offsets, any fraction, leap seconds). */
export declare function dateTimeBefore(a: string, b: string): boolean;
