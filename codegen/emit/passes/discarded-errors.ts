// Inside `if` and `not`, Ajv runs the subschema with createErrors off: a failure still pushes an empty object onto
// vErrors, and the keyword then truncates vErrors to its length before the subschema, so only the count `errors`
// matters. The push (and the array it may allocate) goes and `errors++` stays. Then vErrors may be shorter than
// `errors` inside such a subschema, so the one place that reads a count from vErrors (after a failed $ref call)
// adds the callee's errors instead; code that reads vErrors in any other way is left as it is.

import type { NodePass } from "./pass.js";
import { pushedError } from "./error-pushes.js";
import { isIdentifier, sameNode, statementListOf, staticProperty, type AstNode } from "./tree.js";

const isVErrors = (node: AstNode | undefined) => isIdentifier(node, "vErrors");

/** `vErrors = vErrors === null ? callee.errors : vErrors.concat(callee.errors);` → the callee. */
function concatenatedCallee(statement: AstNode): AstNode | undefined {
  const assignment = statement.type === "ExpressionStatement" ? statement.expression : undefined;
  if (assignment?.type !== "AssignmentExpression" || assignment.operator !== "=" || !isVErrors(assignment.left)) return undefined;
  const choice = assignment.right;
  if (choice.type !== "ConditionalExpression" || choice.test.type !== "BinaryExpression" || !isVErrors(choice.test.left)) return undefined;
  const errors = choice.consequent;
  if (errors.type !== "MemberExpression" || staticProperty(errors) !== "errors" || !isIdentifier(errors.object)) return undefined;
  const concat = choice.alternate;
  if (concat.type !== "CallExpression" || concat.callee.type !== "MemberExpression" || !isVErrors(concat.callee.object) || staticProperty(concat.callee) !== "concat") return undefined;
  return sameNode(concat.arguments[0], errors) ? errors.object : undefined;
}

/** `errors = vErrors.length;` */
function isCountFromVErrors(statement: AstNode | undefined): boolean {
  const assignment = statement?.type === "ExpressionStatement" ? statement.expression : undefined;
  return assignment?.type === "AssignmentExpression" && assignment.operator === "=" && isIdentifier(assignment.left, "errors") && assignment.right.type === "MemberExpression" && isVErrors(assignment.right.object) && staticProperty(assignment.right) === "length";
}

/** `const errN = {};` pushed onto vErrors. */
function isDiscardedPush(first: AstNode, second: AstNode | undefined): boolean {
  return pushedError(first, second)?.properties.length === 0;
}

export const discardedErrors: NodePass = {
  id: "discarded-errors",
  expects: "empty error objects pushed onto vErrors, and `errors = vErrors.length;` after a concat of a callee's errors",
  nodeTypes: ["Program", "BlockStatement", "SwitchCase", "MemberExpression"],
  start() {
    // The walk gathers the statement lists, and every read of vErrors but an assignment to its length; the edits
    // wait for the end, since any other read of vErrors means the pushes matter.
    const lists: AstNode[][] = [];
    const reads: AstNode[] = [];
    const wants = (node: AstNode) => statementListOf(node) !== undefined || (node.type === "MemberExpression" && isVErrors(node.object));
    const rewrite = (node: AstNode, parent: AstNode | undefined, field: string) => {
      const list = statementListOf(node);
      if (list) lists.push(list);
      else if (node.computed || (node.property.name === "length" && !(parent?.type === "AssignmentExpression" && field === "left"))) reads.push(node);
      return node;
    };
    const finish = () => {
      const counts: { list: AstNode[]; index: number; callee: AstNode }[] = [];
      for (const list of lists) {
        list.forEach((statement, index) => {
          const callee = concatenatedCallee(statement);
          if (callee && isCountFromVErrors(list[index + 1])) counts.push({ list, index: index + 1, callee });
        });
      }
      const countStatements = new Set(counts.map(({ list, index }) => list[index]!.expression.right));
      if (reads.some((node) => !countStatements.has(node))) return 0;
      for (const { list, index, callee } of counts) {
        list[index] = {
          type: "ExpressionStatement",
          expression: { type: "AssignmentExpression", operator: "+=", left: { type: "Identifier", name: "errors" }, right: { type: "MemberExpression", object: { type: "MemberExpression", object: callee, property: { type: "Identifier", name: "errors" }, computed: false }, property: { type: "Identifier", name: "length" }, computed: false } },
        };
      }
      let removed = 0;
      for (const list of lists) {
        for (let index = 0; index < list.length; index++) {
          if (isDiscardedPush(list[index]!, list[index + 1])) {
            list.splice(index, 2);
            index--;
            removed++;
          }
        }
      }
      return counts.length + removed;
    };
    return { wants, rewrite, finish };
  },
};
