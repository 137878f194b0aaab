// Ajv writes schema constants as object literals, where a "__proto__" key sets the prototype instead of making a
// property (so `properties: {"__proto__": …}` stops being known to additionalProperties). Such literals are
// re-emitted through JSON.parse, which keeps the key as data.

import type { ProgramPass } from "./pass.js";
import { call, identifier, literal, literalValue, member, type AstNode } from "./tree.js";

function hasProtoKey(node: AstNode): boolean {
  if (node.type === "ObjectExpression") {
    return node.properties.some(
      (property: AstNode) =>
        (property.key?.type === "Literal" && property.key.value === "__proto__") || (property.key?.type === "Identifier" && property.key.name === "__proto__" && !property.computed) || hasProtoKey(property.value),
    );
  }
  if (node.type === "ArrayExpression") return node.elements.some((element: AstNode | null) => element !== null && hasProtoKey(element));
  return false;
}

/** The object literals a pass may find: `const schemaN = {…}` and `validateN.evaluated = {…}` at the top level. */
function literalSlots(program: AstNode): { holder: AstNode; field: string }[] {
  const slots: { holder: AstNode; field: string }[] = [];
  for (const statement of program.body) {
    if (statement.type === "VariableDeclaration" && statement.declarations.length === 1 && /^schema\d+$/.test(statement.declarations[0].id.name ?? "")) {
      slots.push({ holder: statement.declarations[0], field: "init" });
    } else if (statement.type === "ExpressionStatement" && statement.expression.type === "AssignmentExpression" && statement.expression.left.type === "MemberExpression" && statement.expression.left.property?.name === "evaluated") {
      slots.push({ holder: statement.expression, field: "right" });
    }
  }
  return slots;
}

/** A literal as data: itself, or JSON.parse("…") of it when it has a "__proto__" key. */
export function literalAsData(node: AstNode): AstNode {
  return hasProtoKey(node) ? call(member(identifier("JSON"), "parse"), [literal(JSON.stringify(literalValue(node)))]) : node;
}

export const prototypeKeys: ProgramPass = {
  id: "prototype-keys",
  expects: 'top-level `const schemaN = {…}` and `validateN.evaluated = {…}` literals; one with a "__proto__" key becomes JSON.parse("…")',
  run(program) {
    let changes = 0;
    for (const { holder, field } of literalSlots(program)) {
      const node = holder[field] as AstNode;
      const data = literalAsData(node);
      if (data === node) continue;
      holder[field] = data;
      changes++;
    }
    return changes;
  },
};
