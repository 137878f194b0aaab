// Extension keyword x-analytics-sum: {property, equals} — the items' numeric `property` values add up to `equals`.

import { _, type KeywordCxt } from "ajv";
import { getProperty } from "ajv/dist/compile/codegen/index.js";
import type { CodeKeywordDefinition } from "ajv";

/** Floating-point sums of shares such as 33.3 + 33.3 + 33.4 are not exact. */
const TOLERANCE = 1e-9;

export const sumKeyword: CodeKeywordDefinition = {
  keyword: "x-analytics-sum",
  type: "array",
  schemaType: "object",
  metaSchema: {
    type: "object",
    properties: { property: { type: "string" }, equals: { type: "number" } },
    required: ["property", "equals"],
    additionalProperties: false,
  },
  error: {
    message: ({ schema }) => _`"must have " + ${schema.property} + " values that add up to " + ${schema.equals}`,
    params: ({ schema }) => _`{property: ${schema.property}, equals: ${schema.equals}}`,
  },
  code(cxt: KeywordCxt) {
    const { gen, data, schema } = cxt;
    const { property, equals } = schema as { property: string; equals: number };
    const sum = gen.let("sum", 0);
    gen.forOf("item", data, (item) => {
      const value = _`${item}${getProperty(property)}`;
      gen.if(_`${item} && typeof ${item} == "object" && typeof ${value} == "number"`, () => gen.assign(sum, _`${sum} + ${value}`));
    });
    cxt.fail(_`Math.abs(${sum} - ${equals}) > ${TOLERANCE}`);
  },
};
