// `ownProperties` makes Ajv pair every property read with hasOwnProperty.call, about a fifth of a validation. On
// data whose prototype is Object.prototype (anything JSON.parse returns) only names that Object.prototype has can be
// inherited, so the call is kept for those and dropped for the rest.

import type { NodePass } from "./pass.js";
import { isIdentifier, ownPropertyCall, sameNode, staticProperty, type AstNode } from "./tree.js";

/** Names an inherited property can have on a plain object: the only ones that need Ajv's own-property check. */
export const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** `object.name` or `object["name"]` with `object` an identifier: the object and the name. */
function propertyRead(node: AstNode): { object: AstNode; name: string } | undefined {
  if (node.type !== "MemberExpression" || !isIdentifier(node.object)) return undefined;
  const name = staticProperty(node);
  return name === undefined || (node.computed && typeof node.property.value !== "string") ? undefined : { object: node.object, name };
}

/** `hasOwn.call(object, "name")` for the same object and name as the read. */
function checksSameProperty(node: AstNode, read: { object: AstNode; name: string }, hasOwn: string): boolean {
  const checked = ownPropertyCall(node, hasOwn);
  return !!checked && sameNode(checked.object, read.object) && checked.key.type === "Literal" && checked.key.value === read.name;
}

export const ownChecks: NodePass = {
  id: "own-checks",
  expects:
    '`(o.name === undefined) || !hasOwn.call(o, "name")` and `o.name !== undefined && hasOwn.call(o, "name")`; the call goes unless the name is one Object.prototype has',
  nodeTypes: ["LogicalExpression"],
  start(_program, context) {
    const hasOwn = context.hasOwn;
    let changes = 0;
    return {
      wants: (node) => hasOwn !== undefined && node.type === "LogicalExpression",
      rewrite(node) {
        if (node.left.type !== "BinaryExpression" || !isIdentifier(node.left.right, "undefined")) return node;
        const read = propertyRead(node.left.left);
        if (!read || PROTOTYPE_NAMES.has(read.name)) return node;
        const missing = node.operator === "||" && node.left.operator === "===" && node.right.type === "UnaryExpression" && node.right.operator === "!" && checksSameProperty(node.right.argument, read, hasOwn!);
        const present = node.operator === "&&" && node.left.operator === "!==" && checksSameProperty(node.right, read, hasOwn!);
        if (!missing && !present) return node;
        changes++;
        return node.left;
      },
      finish: () => changes,
    };
  },
};
