// minLength and maxLength count code points (`ucs2length`), which takes a pass over the string. A string has at
// most as many code points as UTF-16 units and at least half as many, so its `.length` settles most checks first.

import { PassShapeError, type Pass } from "./pass.js";
import { forEachInPlace, isIdentifier, literal, member, replaceAt, type AstNode } from "./tree.js";

const isLengthCall = (node: AstNode) => node.type === "CallExpression" && isIdentifier(node.callee, "ucs2length");

export const codePointLengths: Pass = {
  id: "code-point-lengths",
  expects: "`ucs2length(x) > N` and `ucs2length(x) < N` comparisons, the only ones Ajv writes; each gets a `.length` test before it",
  run(program) {
    let changes = 0;
    forEachInPlace(program, (node, parent, field, index) => {
      const compared = node.type === "BinaryExpression" && (node.operator === ">" || node.operator === "<") && isLengthCall(node.left) ? node.left : undefined;
      const call = compared ?? (isLengthCall(node) ? node : undefined);
      if (!call) return;
      if (!compared || !isIdentifier(call.arguments[0]) || node.right.type !== "Literal" || typeof node.right.value !== "number") {
        throw new PassShapeError("code-point-lengths", `ucs2length() outside \`ucs2length(x) > N\` or \`< N\` at offset ${call.start}`);
      }
      changes++;
      const bound = node.operator === ">" ? node.right.value : 2 * node.right.value;
      const units = { type: "BinaryExpression", operator: node.operator, left: member(call.arguments[0], "length"), right: literal(bound) };
      replaceAt(parent!, field, index, { type: "LogicalExpression", operator: "&&", left: units, right: node });
      return false;
    });
    return changes;
  },
};
