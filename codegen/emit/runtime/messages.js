// What a person reads about a failed check: one message per Ajv error, naming the property to add or remove and
// the values allowed. Shared by the generated runtime (assert, Standard Schema) and `schemagen validate`.

const MAX_SHOWN_VALUES = 8;
const MAX_VALUE_TEXT = 80;

/** A value as JSON, cut at MAX_VALUE_TEXT characters. */
export function shownValue(value) {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT - 1)}…` : text;
}

/** A property name in quotes: 'name' when it is plain, JSON otherwise (quotes, line breaks, control characters). */
function quotedName(name) {
  const text = String(name);
  return /^[\x20-\x26\x28-\x7e]*$/.test(text) && text.length <= MAX_VALUE_TEXT ? `'${text}'` : shownValue(text);
}

/**
 * `message`, and where the error is about one member: `unexpected`, a property the data has and must not, or
 * `missing`, one it lacks. Ajv's keyword, params and schema path stay on the error itself.
 */
export function describeError(error) {
  const params = error.params ?? {};
  switch (error.keyword) {
    case "additionalProperties":
      return { message: `unexpected property ${quotedName(params.additionalProperty)}`, unexpected: String(params.additionalProperty) };
    case "unevaluatedProperties":
      return { message: `unexpected property ${quotedName(params.unevaluatedProperty)}`, unexpected: String(params.unevaluatedProperty) };
    case "propertyNames":
      return { message: `property name ${quotedName(params.propertyName)} is not allowed`, unexpected: String(params.propertyName) };
    case "required":
      return { message: `missing required property ${quotedName(params.missingProperty)}`, missing: String(params.missingProperty) };
    case "dependentRequired":
    case "dependencies":
      if (params.missingProperty === undefined) break;
      return {
        message: `missing property ${quotedName(params.missingProperty)}, required when ${quotedName(params.property)} is present`,
        missing: String(params.missingProperty),
      };
    case "enum": {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues : [];
      const rest = allowed.length - MAX_SHOWN_VALUES;
      return { message: `must be one of ${allowed.slice(0, MAX_SHOWN_VALUES).map(shownValue).join(", ")}${rest > 0 ? `, … (${rest} more)` : ""}` };
    }
    case "const":
      return { message: `must be ${shownValue(params.allowedValue)}` };
    case "format":
      return { message: `must be a valid ${params.format}` };
    case "oneOf":
    case "anyOf":
      if (Array.isArray(params.passingSchemas)) return { message: `must match exactly one oneOf branch, but matches branches ${params.passingSchemas.flat(Infinity).join(" and ")}` };
      if (params.closestBranch === undefined) break;
      return { message: `matches none of the ${params.branchCount} ${error.keyword} branches; closest is branch ${params.closestBranch}, failing as follows` };
  }
  return { message: error.message ?? `fails ${error.keyword}` };
}
