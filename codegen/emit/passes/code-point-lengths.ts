// minLength and maxLength count code points (`ucs2length`), which takes a pass over the string. A string has at
// most as many code points as UTF-16 units and at least half as many, so its `.length` settles most checks first.

import { PassShapeError, type NodePass } from "./pass.js";
import { excerpt, isIdentifier, literal, member, type AstNode } from "./tree.js";

// After runtime-imports, which names Ajv's alias of the helper after it.
const isLengthCall = (node: AstNode) => node.type === "CallExpression" && isIdentifier(node.callee, "ucs2length");
const isComparison = (node: AstNode | undefined) => node?.type === "BinaryExpression" && (node.operator === ">" || node.operator === "<");

export const codePointLengths: NodePass = {
  id: "code-point-lengths",
  expects: "`ucs2length(x) > N` and `ucs2length(x) < N` comparisons, the only ones Ajv writes; each gets a `.length` test before it",
  nodeTypes: ["CallExpression", "BinaryExpression"],
  start() {
    let changes = 0;
    return {
      wants: (node) => (node.type === "CallExpression" && node.callee.type === "Identifier") || (isComparison(node) && node.left.type === "CallExpression"),
      rewrite(node, parent, field) {
        if (node.type === "CallExpression") {
          if (isLengthCall(node) && !(isComparison(parent) && field === "left")) {
            throw new PassShapeError("code-point-lengths", `ucs2length() outside \`ucs2length(x) > N\` or \`< N\`: ${excerpt(node)}`);
          }
          return node;
        }
        if (!isLengthCall(node.left)) return node;
        const call = node.left;
        if (!isIdentifier(call.arguments[0]) || node.right.type !== "Literal" || typeof node.right.value !== "number") {
          throw new PassShapeError("code-point-lengths", `ucs2length() outside \`ucs2length(x) > N\` or \`< N\`: ${excerpt(call)}`);
        }
        changes++;
        const bound = node.operator === ">" ? node.right.value : 2 * node.right.value;
        const units = { type: "BinaryExpression", operator: node.operator, left: member(call.arguments[0], "length"), right: literal(bound) };
        return { type: "LogicalExpression", operator: "&&", left: units, right: node };
      },
      finish: () => changes,
    };
  },
};
