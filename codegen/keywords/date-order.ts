// Extension keyword x-analytics-dateOrder: [[earlier, later], ...] — when both properties are date-times, later is
// not before earlier, compared exactly as instants (emit/runtime/formats.js). The check is a runtime function, so
// generated code and Ajv in process run the same one; Date.parse cost a fifth of an AnalyticsEvent's validation.

import { _, type KeywordCxt } from "ajv";
import { getProperty } from "ajv/dist/compile/codegen/index.js";
import type { CodeKeywordDefinition } from "ajv";
import { dateTimeBefore } from "../emit/runtime/formats.js";

export const dateOrderKeyword: CodeKeywordDefinition = {
  keyword: "x-analytics-dateOrder",
  type: "object",
  schemaType: "array",
  metaSchema: {
    type: "array",
    items: { type: "array", items: { type: "string" }, minItems: 2, maxItems: 2 },
  },
  error: {
    message: ({ params }) => _`"must not have " + ${params.later} + " before " + ${params.earlier}`,
    params: ({ params }) => _`{earlier: ${params.earlier}, later: ${params.later}}`,
  },
  code(cxt: KeywordCxt) {
    const { data, schema, gen } = cxt;
    const before = gen.scopeValue("func", { ref: dateTimeBefore, code: _`require("schemagen/runtime").dateTimeBefore` });
    for (const [earlier, later] of schema as [string, string][]) {
      const first = _`${data}${getProperty(earlier)}`;
      const second = _`${data}${getProperty(later)}`;
      cxt.setParams({ earlier: _`${earlier}`, later: _`${later}` });
      cxt.fail(
        _`typeof ${first} == "string" && typeof ${second} == "string" && ${before}(${second}, ${first})`,
      );
    }
  },
};
