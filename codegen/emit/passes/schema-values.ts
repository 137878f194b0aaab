// Ajv keeps a copy of every schema it compiled (`const schema33 = {…}`, descriptions and examples included) to
// point into it for an enum's allowed values or a type list in error params. Those values become constants of
// their own and the copies go: a fifth of the generated code, parsed and built at every import.

import { PassShapeError, type PassContext, type ProgramPass } from "./pass.js";
import { literalAsData } from "./prototype-keys.js";
import { excerpt, expression, forEachInPlace, identifier, isIdentifier, literalValue, ownPropertyCall, replaceAt, staticProperty, type AstNode } from "./tree.js";
import { jsonExpression } from "../code.js";

interface Declaration {
  statement: AstNode;
  value: () => unknown;
}

interface Hoisted {
  name: string;
  owner: string;
  value: unknown;
}

/** The identifier a member chain starts from (`schema33` in `schema33.properties.kind`), if it is one. */
function chainRoot(node: AstNode): string | undefined {
  let current = node;
  while (current.type === "MemberExpression") current = current.object;
  return current.type === "Identifier" ? current.name : undefined;
}

/** `schema33.properties.kind.enum` → ["schema33", "properties", "kind", "enum"]; undefined for anything else. */
function accessPath(node: AstNode): string[] | undefined {
  const path: string[] = [];
  let current = node;
  while (current.type === "MemberExpression") {
    const property = staticProperty(current);
    if (property === undefined) return undefined;
    path.unshift(property);
    current = current.object;
  }
  return isIdentifier(current, /^schema\d+$/) && path.length > 0 ? [current.name, ...path] : undefined;
}

function valueAt(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object" || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function declarationStatement(name: string, value: unknown): AstNode {
  const text = JSON.stringify(value).includes('"__proto__"') ? jsonExpression(value) : JSON.stringify(value);
  return { type: "VariableDeclaration", kind: "const", declarations: [{ type: "VariableDeclarator", id: identifier(name), init: expression(text) }] };
}

/** A copy's value, read once: from the literal Ajv printed, or from what emit/ajv-module.ts left out. */
function copyValue(declarator: AstNode, context: PassContext): () => unknown {
  const name: string = declarator.id.name;
  const leftOut = context.schemaCopies?.get(name);
  if (leftOut !== undefined && !(declarator.init?.type === "Literal" && declarator.init.value === 0)) throw new PassShapeError("schema-values", `${name} is left out of the code but declared as ${excerpt(declarator.init)}`);
  let value: unknown;
  let read = false;
  return () => {
    if (!read) value = leftOut !== undefined ? JSON.parse(leftOut) : literalValue(declarator.init);
    read = true;
    return value;
  };
}

export const schemaValues: ProgramPass = {
  id: "schema-values",
  expects: "top-level `const schemaN = <literal>` copies of schemas (`= 0` where emit/ajv-module.ts left the copy out), read through static member chains (`schemaN.a.b`)",
  run(program, context) {
    const declarations = new Map<string, Declaration>();
    for (const statement of program.body) {
      const declarator = statement.type === "VariableDeclaration" && statement.declarations.length === 1 ? statement.declarations[0] : undefined;
      if (declarator && isIdentifier(declarator.id, /^schema\d+$/)) declarations.set(declarator.id.name, { statement, value: copyValue(declarator, context) });
    }
    if (declarations.size === 0) return 0;
    const declarationInits = new Set([...declarations.values()].map((declaration) => declaration.statement.declarations[0].init));
    const hoisted = new Map<string, Hoisted>();
    // One walk: each outermost chain into a copy becomes its constant (parents come first, so a chain's own parts are
    // never chains of their own), and what still names a copy keeps it.
    const uses = new Map<string, number>();
    const keyTests = new Map<string, number>();
    const stillUsed = new Set<string>();
    const noteName = (node: AstNode, parent: AstNode | undefined) => {
      if (declarations.has(node.name) && !(parent?.type === "VariableDeclarator" && parent.id === node)) stillUsed.add(node.name);
    };
    forEachInPlace(program, (node, parent, field, index) => {
      // The copies themselves are data.
      if (declarationInits.has(node)) return false;
      if (node.type === "Identifier") return void noteName(node, parent);
      if (node.type !== "MemberExpression") return;
      const root = chainRoot(node);
      if (root === undefined || !declarations.has(root)) return;
      const path = accessPath(node);
      if (!path) return;
      const key = path.join("\0");
      let entry = hoisted.get(key);
      if (!entry) {
        const value = valueAt(declarations.get(path[0]!)!.value(), path.slice(1));
        if (value === undefined) {
          // Left as it is, so the copy stays: every name in the chain counts, as it would on a walk into it.
          let part: AstNode = node;
          for (; part.object.type === "MemberExpression"; part = part.object) if (part.property.type === "Identifier") noteName(part.property, part);
          if (part.property.type === "Identifier") noteName(part.property, part);
          noteName(part.object, part);
          return false;
        }
        entry = { name: `${path[0]}Value${hoisted.size}`, owner: path[0]!, value };
        hoisted.set(key, entry);
      }
      uses.set(entry.name, (uses.get(entry.name) ?? 0) + 1);
      const test = parent && context.hasOwn ? ownPropertyCall(parent, context.hasOwn) : undefined;
      if (test && test.object === node && isIdentifier(test.key, /^key\d+$/)) keyTests.set(entry.name, (keyTests.get(entry.name) ?? 0) + 1);
      replaceAt(parent!, field, index, identifier(entry.name));
      return false;
    });
    for (const entry of hoisted.values()) {
      if (!context.hasOwn || !entry.value || typeof entry.value !== "object" || Array.isArray(entry.value)) continue;
      const used = uses.get(entry.name) ?? 0;
      if (used > 0 && used === (keyTests.get(entry.name) ?? 0)) entry.value = Object.fromEntries(Object.keys(entry.value).map((key) => [key, true]));
    }
    const byOwner = new Map<string, Hoisted[]>();
    for (const entry of hoisted.values()) byOwner.set(entry.owner, [...(byOwner.get(entry.owner) ?? []), entry]);
    program.body = program.body.flatMap((statement: AstNode) => {
      const name = statement.type === "VariableDeclaration" ? statement.declarations[0]?.id?.name : undefined;
      if (!name || !declarations.has(name) || declarations.get(name)!.statement !== statement) return [statement];
      const constants = (byOwner.get(name) ?? []).map((entry) => declarationStatement(entry.name, entry.value));
      // A left-out copy the code still names whole: Ajv's literal of it, as prototype-keys would have left it.
      const leftOut = stillUsed.has(name) ? context.schemaCopies?.get(name) : undefined;
      if (leftOut !== undefined) statement.declarations[0].init = literalAsData(expression(leftOut));
      return stillUsed.has(name) ? [statement, ...constants] : constants;
    });
    return hoisted.size + declarations.size - stillUsed.size;
  },
};
