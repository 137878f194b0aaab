// Types for report.js, for schemagen's own TypeScript (validate); generated code declares its API in runtime.d.ts.

interface ReportedError {
  instancePath: string;
  keyword: string;
  params?: Record<string, unknown>;
}

export declare const DEFAULT_MAX_ERRORS: 100;
export declare function setMaxErrors(limit: number): void;
export declare function closestBranches<E extends ReportedError>(errors: E[]): E[];
export declare function reportErrors<E extends ReportedError>(
  report: ((data: unknown) => boolean) & { errors?: E[] | null },
  data: unknown,
  firstErrors: E[] | null | undefined,
  maxErrors?: number,
): { errors: E[]; omitted: number };
