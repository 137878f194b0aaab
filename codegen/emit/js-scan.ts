// Scanning Ajv's generated JavaScript: brackets and double-quoted strings, which is all its code has.

/** Index of the first `stop` character at depth 0 from `from`, before the enclosing bracket closes. */
export function topLevelEnd(code: string, from: number, stop: string): number | undefined {
  let depth = 0;
  for (let index = from; index < code.length; index++) {
    const char = code[index]!;
    if (char === '"') index = stringEnd(code, index);
    else if ("([{".includes(char)) depth++;
    else if (")]}".includes(char)) {
      if (depth === 0) return undefined;
      depth--;
    } else if (char === stop && depth === 0) return index;
  }
  return undefined;
}

export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let end = topLevelEnd(text, from, ","); end !== undefined; end = topLevelEnd(text, from, ",")) {
    parts.push(text.slice(from, end));
    from = end + 1;
  }
  parts.push(text.slice(from));
  return parts;
}

function stringEnd(code: string, quote: number): number {
  let index = quote + 1;
  while (code[index] !== '"') index += code[index] === "\\" ? 2 : 1;
  return index;
}

/** Index of the `}` that closes a block whose body starts at `from`; string literals are skipped. */
export function closingBrace(code: string, from: number): number {
  let depth = 1;
  for (let index = from; index < code.length; index++) {
    const char = code[index];
    if (char === '"') index = stringEnd(code, index);
    else if (char === "{") depth++;
    else if (char === "}" && --depth === 0) return index;
  }
  throw new Error("internal: unbalanced braces in Ajv's code");
}

export interface ValidatorFunction {
  name: string;
  /** `function validateN(data, {…}={}){`, as Ajv wrote it. */
  header: string;
  headerStart: number;
  /** From the line after the header to the closing brace (excluded). */
  bodyStart: number;
  bodyEnd: number;
}

/** Ajv's validator functions in a module's code, in order. */
export function validatorFunctions(code: string): ValidatorFunction[] {
  return [...code.matchAll(/^function (validate\d+)\(data, \{.*\}=\{\}\)\{$/gm)].map((match) => {
    const bodyStart = match.index + match[0].length + 1;
    return { name: match[1]!, header: match[0], headerStart: match.index, bodyStart, bodyEnd: closingBrace(code, bodyStart) };
  });
}
