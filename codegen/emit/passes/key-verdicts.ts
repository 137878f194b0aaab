// propertyNames and patternProperties test each key of a loop (`key3`) against a pattern: Pattern#testKey
// remembers the verdicts of the keys it has seen (emit/runtime/pattern.js).

import type { NodePass } from "./pass.js";
import { identifier, isIdentifier, staticProperty } from "./tree.js";

export const keyVerdicts: NodePass = {
  id: "key-verdicts",
  expects: "`patternN.test(keyN)` calls; each becomes `patternN.testKey(keyN)`",
  nodeTypes: ["CallExpression"],
  start() {
    let changes = 0;
    return {
      wants: (node) => node.type === "CallExpression" && node.callee.type === "MemberExpression" && node.arguments.length === 1,
      rewrite(node) {
        if (!isIdentifier(node.callee.object, /^pattern\d+$/) || staticProperty(node.callee) !== "test" || !isIdentifier(node.arguments[0], /^key\d+$/)) return node;
        changes++;
        node.callee = { ...node.callee, property: identifier("testKey"), computed: false };
        return node;
      },
      finish: () => changes,
    };
  },
};
