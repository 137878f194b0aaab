// Ajv's validator functions, found in the tree: `function validateN(data, {instancePath="", …}={}){…}`.

import { isIdentifier, type AstNode } from "./tree.js";

const AJV_CONTEXT = ["instancePath", "parentData", "parentDataProperty", "rootData", "dynamicAnchors"];

/** `function validateN(data, {…}={})`: a validator of Ajv's, whatever context its dialect passes. */
export function isValidatorFunction(node: AstNode): boolean {
  if (node.type !== "FunctionDeclaration" || !isIdentifier(node.id, /^validate\d+$/) || node.params.length !== 2) return false;
  const [data, options] = node.params;
  return isIdentifier(data, "data") && options.type === "AssignmentPattern" && options.left.type === "ObjectPattern";
}

/** A validator with the full context Ajv passes in 2019-09 and 2020-12 (dynamicAnchors included). */
export function hasFullContext(node: AstNode): boolean {
  if (!isValidatorFunction(node)) return false;
  const names = node.params[1].left.properties.map((property: AstNode) => property.key?.name);
  return names.length === AJV_CONTEXT.length && AJV_CONTEXT.every((name, index) => names[index] === name);
}

/** Ajv's validator functions at the top level of a program, in order. */
export function validatorFunctions(program: AstNode): AstNode[] {
  return program.body.filter(isValidatorFunction);
}
