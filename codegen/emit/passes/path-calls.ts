// Ajv calls a nested validator with an options object (instancePath, parentData, parentDataProperty, rootData,
// dynamicAnchors) that the callee destructures with defaults: an allocation and five reads per call. A validator that
// needs only the instance path gets its code in `validateN$at(data, instancePath)`, which the others call directly;
// `validateN` keeps Ajv's signature for everyone else and calls through. Errors still go to `validateN.errors`.

import type { ProgramPass } from "./pass.js";
import { expression, forEachNode, identifier, isIdentifier, type AstNode } from "./tree.js";
import { hasFullContext } from "./validators.js";

const CONTEXT_NAMES = new Set(["parentData", "parentDataProperty", "rootData", "dynamicAnchors"]);
const CONTEXT_KEYS = ["instancePath", "parentData", "parentDataProperty", "rootData", "dynamicAnchors"];

/** The instancePath a call's options object passes, when the call is `validateN(x, {the five keys})`. */
function optionsCall(node: AstNode): { callee: string; instancePath: AstNode; options: AstNode } | undefined {
  if (node.type !== "CallExpression" || !isIdentifier(node.callee, /^validate\d+$/) || node.arguments.length !== 2) return undefined;
  const options = node.arguments[1];
  if (options.type !== "ObjectExpression" || options.properties.length !== CONTEXT_KEYS.length) return undefined;
  const keys = options.properties.map((property: AstNode) => (property.type === "Property" && !property.computed ? property.key.name : undefined));
  if (!CONTEXT_KEYS.every((key) => keys.includes(key))) return undefined;
  const path = options.properties.find((property: AstNode) => property.key.name === "instancePath");
  return { callee: node.callee.name, instancePath: path.value, options };
}

export const pathCalls: ProgramPass = {
  id: "path-calls",
  expects: "validators with Ajv's signature, calling each other as `validateN(data, {instancePath, parentData, parentDataProperty, rootData, dynamicAnchors})`",
  run(program) {
    const validators = (program.body as AstNode[]).filter(hasFullContext).map((node) => {
      const calls: AstNode[] = [];
      const optionObjects = new Set<AstNode>();
      // Whether the body reads the context other than to pass it on in those calls (parents come first, so a call's
      // options object is known before the walk reaches it, and skipped).
      let readsContext = false;
      forEachNode(node.body, (inner) => {
        if (optionObjects.has(inner)) return false;
        const found = optionsCall(inner);
        if (found) {
          calls.push(inner);
          optionObjects.add(found.options);
        } else if (inner.type === "Identifier" && CONTEXT_NAMES.has(inner.name)) readsContext = true;
      });
      return { node, name: node.id.name as string, calls, readsContext };
    });
    const direct = new Set(validators.filter((validator) => !validator.readsContext).map((validator) => validator.name));
    // A validator that must hand the context to one that reads it keeps the context itself.
    for (let changed = true; changed; ) {
      changed = false;
      for (const validator of validators) {
        if (direct.has(validator.name) && validator.calls.some((call) => !direct.has(call.callee.name))) {
          direct.delete(validator.name);
          changed = true;
        }
      }
    }
    // Only validators that others call need a second entry.
    const called = new Set(validators.flatMap((validator) => validator.calls.map((call) => call.callee.name as string)));
    for (const name of direct) if (!called.has(name)) direct.delete(name);
    if (direct.size === 0) return 0;

    let changes = 0;
    for (const validator of validators) {
      for (const call of validator.calls) {
        if (!direct.has(call.callee.name)) continue;
        const { instancePath } = optionsCall(call)!;
        call.callee = identifier(`${call.callee.name}$at`);
        call.arguments = [call.arguments[0], instancePath];
        changes++;
      }
    }
    program.body = program.body.flatMap((statement: AstNode) => {
      const name = statement.type === "FunctionDeclaration" ? statement.id?.name : undefined;
      if (!name || !direct.has(name) || !validators.some((validator) => validator.node === statement)) return [statement];
      statement.id = identifier(`${name}$at`);
      statement.params = [identifier("data"), identifier("instancePath")];
      const wrapper = expression(`function ${name}(data, {instancePath=""}={}){\nreturn ${name}$at(data, instancePath);\n}`);
      return [statement, { ...wrapper, type: "FunctionDeclaration" }];
    });
    return changes;
  },
};
