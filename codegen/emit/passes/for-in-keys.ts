// With `ownProperties`, Ajv loops over `Object.keys(data)`, which copies the keys into a new array on every call.
// A for-in loop reads V8's cached keys instead, and skipping keys that are not own makes it visit exactly what
// Object.keys lists, in the same order. A sixth of an AnalyticsEvent's validation.

import { PassShapeError, type NodePass } from "./pass.js";
import { call, excerpt, expression, identifier, isIdentifier, member, staticProperty, type AstNode } from "./tree.js";

function objectKeysOf(node: AstNode): AstNode | undefined {
  if (node.type !== "CallExpression" || node.arguments.length !== 1 || node.callee.type !== "MemberExpression") return undefined;
  return isIdentifier(node.callee.object, "Object") && staticProperty(node.callee) === "keys" ? node.arguments[0] : undefined;
}

export const forInKeys: NodePass = {
  id: "for-in-keys",
  expects: "`for (const keyN of Object.keys(dataN)) {…}` loops; each becomes a for-in loop that skips inherited keys",
  nodeTypes: ["ForOfStatement"],
  start(program, context) {
    let changes = 0;
    const hasOwn = context.hasOwn ?? "hasOwnKey";
    const rewrite = (node: AstNode): AstNode => {
      const object = objectKeysOf(node.right);
      if (!object) return node;
      const declaration = node.left;
      if (declaration.type !== "VariableDeclaration" || declaration.kind !== "const" || !isIdentifier(declaration.declarations[0]?.id, /^key\d+$/) || !isIdentifier(object) || node.body.type !== "BlockStatement") {
        throw new PassShapeError("for-in-keys", `a loop over Object.keys of another shape: ${excerpt(node)}`);
      }
      changes++;
      const key = declaration.declarations[0].id;
      const skip = {
        type: "IfStatement",
        test: { type: "UnaryExpression", operator: "!", prefix: true, argument: call(member(identifier(hasOwn), "call"), [identifier(object.name), identifier(key.name)]) },
        consequent: { type: "ContinueStatement", label: null },
        alternate: null,
      };
      // The loop's block stays, so a statement list another pass of the walk noted is still the one in the tree.
      node.body.body.unshift(skip);
      return { type: "ForInStatement", left: declaration, right: object, body: node.body };
    };
    const finish = () => {
      if (changes > 0 && !context.hasOwn) {
        program.body.unshift({
          type: "VariableDeclaration",
          kind: "const",
          declarations: [{ type: "VariableDeclarator", id: identifier("hasOwnKey"), init: expression("Object.prototype.hasOwnProperty") }],
        });
      }
      return changes;
    };
    return { wants: (node) => node.type === "ForOfStatement", rewrite, finish };
  },
};
