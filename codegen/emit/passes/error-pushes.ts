// All-errors code only. Ajv pushes each error through a local and an if/else on whether the list exists yet; the
// twin validators hold some 1,800 of them, a tenth of the contracts package. Each becomes one expression.
//
//   const errN = {…}; if (vErrors === null) { vErrors = [errN]; } else { vErrors.push(errN); }
//                                                            → (vErrors ??= []).push({…});

import type { NodePass } from "./pass.js";
import { call, isIdentifier, member, statementListOf, staticProperty, type AstNode } from "./tree.js";

const isVErrors = (node: AstNode | undefined) => isIdentifier(node, "vErrors");

/**
 * `const errN = {…};` followed by `if (vErrors === null) { vErrors = [errN]; } else { vErrors.push(errN); }`:
 * the error's object literal.
 */
export function pushedError(first: AstNode, second: AstNode | undefined): AstNode | undefined {
  if (first.type !== "VariableDeclaration" || first.declarations.length !== 1) return undefined;
  const { id, init } = first.declarations[0];
  if (!isIdentifier(id, /^err\d+$/) || init?.type !== "ObjectExpression") return undefined;
  if (second?.type !== "IfStatement" || second.test.type !== "BinaryExpression" || !isVErrors(second.test.left)) return undefined;
  const only = (block: AstNode | null) => (block?.type === "BlockStatement" && block.body.length === 1 ? block.body[0].expression : undefined);
  const create = only(second.consequent);
  const push = only(second.alternate);
  const matches =
    create?.type === "AssignmentExpression" && isVErrors(create.left) && create.right.type === "ArrayExpression" && isIdentifier(create.right.elements[0], id.name) &&
    push?.type === "CallExpression" && push.callee.type === "MemberExpression" && isVErrors(push.callee.object) && staticProperty(push.callee) === "push" && isIdentifier(push.arguments[0], id.name);
  return matches ? init : undefined;
}

export const errorPushes: NodePass = {
  id: "error-pushes",
  expects: "`const errN = {…};` then `if (vErrors === null) {vErrors = [errN];} else {vErrors.push(errN);}`; each pair becomes `(vErrors ??= []).push({…});`",
  nodeTypes: ["Program", "BlockStatement", "SwitchCase"],
  start() {
    // The statement lists are noted on the walk and edited when it ends, as if the pass ran alone.
    const lists: AstNode[][] = [];
    const finish = () => {
      let changes = 0;
      for (const list of lists) {
        for (let index = 0; index < list.length; index++) {
          const error = pushedError(list[index]!, list[index + 1]);
          if (!error) continue;
          const orNew: AstNode = { type: "AssignmentExpression", operator: "??=", left: { type: "Identifier", name: "vErrors" }, right: { type: "ArrayExpression", elements: [] } };
          list.splice(index, 2, { type: "ExpressionStatement", expression: call(member(orNew, "push"), [error]) });
          changes++;
        }
      }
      return changes;
    };
    return {
      wants: (node) => statementListOf(node) !== undefined,
      rewrite(node) {
        lists.push(statementListOf(node)!);
        return node;
      },
      finish,
    };
  },
};
