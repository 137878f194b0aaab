// minLength and maxLength count code points (`ucs2length`), which takes a pass over the string. A string has at
// most as many code points as UTF-16 units and at least half as many, so its `.length` settles most checks first.

import { PassShapeError, type Pass } from "./pass.js";
import { forEachNode, isIdentifier, literal, member, replaceNodes, type AstNode } from "./tree.js";

const isLengthCall = (node: AstNode) => node.type === "CallExpression" && isIdentifier(node.callee, "ucs2length");

export const codePointLengths: Pass = {
  id: "code-point-lengths",
  expects: "`ucs2length(x) > N` and `ucs2length(x) < N` comparisons, the only ones Ajv writes; each gets a `.length` test before it",
  run(program) {
    forEachNode(program, (node, parent) => {
      if (!isLengthCall(node)) return;
      const compared = parent?.type === "BinaryExpression" && (parent.operator === ">" || parent.operator === "<") && parent.left === node;
      if (!compared || !isIdentifier(node.arguments[0]) || parent.right.type !== "Literal" || typeof parent.right.value !== "number") {
        throw new PassShapeError("code-point-lengths", `ucs2length() outside \`ucs2length(x) > N\` or \`< N\` at offset ${node.start}`);
      }
    });
    let changes = 0;
    replaceNodes(program, new Set(["BinaryExpression"]), (node) => {
      if (node.type !== "BinaryExpression" || !isLengthCall(node.left)) return node;
      changes++;
      const bound = node.operator === ">" ? node.right.value : 2 * node.right.value;
      const units = { type: "BinaryExpression", operator: node.operator, left: member(node.left.arguments[0], "length"), right: literal(bound) };
      return { type: "LogicalExpression", operator: "&&", left: units, right: node };
    });
    return changes;
  },
};
