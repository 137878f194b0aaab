// The syntax tree the passes over Ajv's code work on: meriyah parses (twice acorn's speed on Ajv's megabytes of
// code), astring prints. Nodes are ESTree; the passes match them loosely typed (`AstNode`), since each one states
// and checks the exact shape it rewrites. Walks cost real time on megabytes of code, so children are found by a
// switch (no per-node field lists) and node passes share one walk (passes/index.ts).

import { parseScript } from "meriyah";
import { generate } from "astring";

// ESTree nodes as the passes read them: a type tag and fields, checked by each pass's matchers.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AstNode = { type: string; [field: string]: any };

/** `functionBody`: code that Ajv compiles in process with `new Function`, which ends in `return validateN;`. */
export function parseProgram(code: string, { functionBody = false } = {}): AstNode {
  // raw: literals print as Ajv wrote them. No ranges: they cost a quarter of the parse (23 MB of Ajv's code for 148
  // SchemaStore schemas: 1.47 -> 1.13 s), and a message names the code itself (excerpt) instead.
  return parseScript(code, { raw: true, globalReturn: functionBody }) as unknown as AstNode;
}

/** The start of a node's code, printed, for a message that must say where a pass met something it did not expect. */
export function excerpt(node: AstNode): string {
  const text = generate(node as never, { indent: "", lineEnd: " " }).trim();
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

/** Prints a tree as compact, readable JavaScript: one statement a line, no indentation (as Ajv prints). */
export function printProgram(program: AstNode): string {
  return generate(program as never, { indent: "", lineEnd: "\n" });
}

/** An expression parsed from JavaScript text that this generator built (JSON, a number), never from schema text. */
export function expression(code: string): AstNode {
  const program = parseScript(`(${code});`, { raw: true }) as unknown as AstNode;
  if (program.body.length !== 1 || program.body[0].type !== "ExpressionStatement") throw new Error(`internal: not one expression: ${code.slice(0, 80)}`);
  return program.body[0].expression;
}

function pushList(node: AstNode, field: string, stack: unknown[]): void {
  const items: (AstNode | null)[] = node[field];
  for (let index = items.length - 1; index >= 0; index--) if (items[index]) stack.push(items[index], node, field, index);
}

function pushOne(node: AstNode, field: string, stack: unknown[]): void {
  if (node[field]) stack.push(node[field], node, field, -1);
}

/**
 * Pushes the children of `node` onto a walk's stack as (child, parent, field, index or -1) quadruples, last child
 * first so they pop in source order. A switch over the ESTree types (ES2022) with each field read by name: a walk
 * of Ajv's trees, millions of nodes, is bound by these reads.
 */
function pushChildren(node: AstNode, stack: unknown[]): void {
  switch (node.type) {
    case "Identifier":
    case "Literal":
    case "ThisExpression":
    case "EmptyStatement":
    case "DebuggerStatement":
    case "TemplateElement":
      return;
    case "BinaryExpression":
    case "LogicalExpression":
    case "AssignmentExpression":
    case "AssignmentPattern":
      stack.push(node.right, node, "right", -1, node.left, node, "left", -1);
      return;
    case "MemberExpression":
      stack.push(node.property, node, "property", -1, node.object, node, "object", -1);
      return;
    case "Property":
      stack.push(node.value, node, "value", -1, node.key, node, "key", -1);
      return;
    case "Program":
    case "BlockStatement":
      return pushList(node, "body", stack);
    case "VariableDeclaration":
      return pushList(node, "declarations", stack);
    case "VariableDeclarator":
      pushOne(node, "init", stack);
      return pushOne(node, "id", stack);
    case "IfStatement":
    case "ConditionalExpression":
      pushOne(node, "alternate", stack);
      pushOne(node, "consequent", stack);
      return pushOne(node, "test", stack);
    case "ExpressionStatement":
    case "ChainExpression":
      return pushOne(node, "expression", stack);
    case "ObjectExpression":
    case "ObjectPattern":
      return pushList(node, "properties", stack);
    case "CallExpression":
    case "NewExpression":
      pushList(node, "arguments", stack);
      return pushOne(node, "callee", stack);
    case "UnaryExpression":
    case "UpdateExpression":
    case "SpreadElement":
    case "RestElement":
    case "ReturnStatement":
    case "ThrowStatement":
      return pushOne(node, "argument", stack);
    case "ArrayExpression":
    case "ArrayPattern":
      return pushList(node, "elements", stack);
    case "FunctionDeclaration":
    case "FunctionExpression":
    case "ArrowFunctionExpression":
      pushOne(node, "body", stack);
      pushList(node, "params", stack);
      return pushOne(node, "id", stack);
    case "ForInStatement":
    case "ForOfStatement":
      pushOne(node, "body", stack);
      pushOne(node, "right", stack);
      return pushOne(node, "left", stack);
    case "ForStatement":
      pushOne(node, "body", stack);
      pushOne(node, "update", stack);
      pushOne(node, "test", stack);
      return pushOne(node, "init", stack);
    case "WhileStatement":
      pushOne(node, "body", stack);
      return pushOne(node, "test", stack);
    case "DoWhileStatement":
      pushOne(node, "test", stack);
      return pushOne(node, "body", stack);
    case "BreakStatement":
    case "ContinueStatement":
      return pushOne(node, "label", stack);
    case "LabeledStatement":
      pushOne(node, "body", stack);
      return pushOne(node, "label", stack);
    case "SequenceExpression":
      return pushList(node, "expressions", stack);
    case "TemplateLiteral":
      pushList(node, "expressions", stack);
      return pushList(node, "quasis", stack);
    case "TaggedTemplateExpression":
      pushOne(node, "quasi", stack);
      return pushOne(node, "tag", stack);
    case "TryStatement":
      pushOne(node, "finalizer", stack);
      pushOne(node, "handler", stack);
      return pushOne(node, "block", stack);
    case "CatchClause":
      pushOne(node, "body", stack);
      return pushOne(node, "param", stack);
    case "SwitchStatement":
      pushList(node, "cases", stack);
      return pushOne(node, "discriminant", stack);
    case "SwitchCase":
      pushList(node, "consequent", stack);
      return pushOne(node, "test", stack);
    case "WithStatement":
      pushOne(node, "body", stack);
      return pushOne(node, "object", stack);
    default:
      throw new Error(`internal: a ${node.type} node in Ajv's code, which no pass knows`);
  }
}

/**
 * Visits every node below `root`, parents first, in source order; `visit` returning false skips the node's
 * subtree. Iterative: Ajv's trees can be deep.
 */
export function forEachNode(root: AstNode, visit: (node: AstNode, parent: AstNode | undefined) => void | false): void {
  forEachInPlace(root, visit);
}

/** Puts `node` in `parent[field]`, or in `parent[field][index]` when index is 0 or more. */
export function replaceAt(parent: AstNode, field: string, index: number, node: AstNode): void {
  if (index >= 0) parent[field][index] = node;
  else parent[field] = node;
}

/**
 * forEachNode, also naming where each node sits in its parent (field, and index or -1), so `visit` can put another
 * node in its place with replaceAt; it then returns false, or the walk goes on into the node it replaced.
 */
export function forEachInPlace(root: AstNode, visit: (node: AstNode, parent: AstNode | undefined, field: string, index: number) => void | false): void {
  const stack: unknown[] = [root, undefined, "", -1];
  while (stack.length > 0) {
    const index = stack.pop() as number;
    const field = stack.pop() as string;
    const parent = stack.pop() as AstNode | undefined;
    const node = stack.pop() as AstNode;
    if (visit(node, parent, field, index) !== false) pushChildren(node, stack);
  }
}

/** The statement list a node holds (a program's, a block's or a switch case's), the array itself; else undefined. */
export function statementListOf(node: AstNode): AstNode[] | undefined {
  if (node.type === "Program" || node.type === "BlockStatement") return node.body;
  return node.type === "SwitchCase" ? node.consequent : undefined;
}

/** Every statement list in the program, the arrays themselves (so statements can be replaced in place). */
export function statementLists(program: AstNode): AstNode[][] {
  const lists: AstNode[][] = [];
  forEachNode(program, (node) => {
    const list = statementListOf(node);
    if (list) lists.push(list);
  });
  return lists;
}

/**
 * Replaces the nodes `wanted` picks: `replace` sees each one after the nodes below it were replaced, with where it
 * sits, and returns the node to keep (itself, or a new one). Only candidates are recorded, so a pass pays for one walk.
 */
export function replaceNodes(
  root: AstNode,
  wanted: (node: AstNode) => boolean,
  replace: (node: AstNode, parent: AstNode | undefined, field: string) => AstNode,
): AstNode {
  const slots: unknown[] = [];
  forEachInPlace(root, (node, parent, field, index) => {
    if (wanted(node)) slots.push(node, parent, field, index);
  });
  let result = root;
  // Reverse visiting order: every node comes after the nodes below it.
  for (let position = slots.length - 4; position >= 0; position -= 4) {
    const node = slots[position] as AstNode;
    const parent = slots[position + 1] as AstNode | undefined;
    const field = slots[position + 2] as string;
    const replacement = replace(node, parent, field);
    if (replacement === node) continue;
    if (!parent) result = replacement;
    else replaceAt(parent, field, slots[position + 3] as number, replacement);
  }
  return result;
}

// Builders and matchers for the few node kinds the passes make or look for.
export const identifier = (name: string): AstNode => ({ type: "Identifier", name });
export const literal = (value: string | number | boolean | null): AstNode => ({ type: "Literal", value, raw: JSON.stringify(value) });
export const member = (object: AstNode, property: string): AstNode => ({ type: "MemberExpression", object, property: identifier(property), computed: false, optional: false });
export const call = (callee: AstNode, args: AstNode[]): AstNode => ({ type: "CallExpression", callee, arguments: args, optional: false });

export function isIdentifier(node: AstNode | undefined | null, name?: string | RegExp): boolean {
  if (!node || node.type !== "Identifier") return false;
  if (name === undefined) return true;
  return typeof name === "string" ? node.name === name : name.test(node.name);
}

export function isLiteral(node: AstNode | undefined | null, value?: unknown): boolean {
  return !!node && node.type === "Literal" && (value === undefined || node.value === value);
}

/** The property name of a static member access (`a.b` or `a["b"]`), or undefined. */
export function staticProperty(node: AstNode): string | undefined {
  if (node.type !== "MemberExpression") return undefined;
  if (!node.computed && node.property.type === "Identifier") return node.property.name;
  if (node.computed && node.property.type === "Literal" && (typeof node.property.value === "string" || typeof node.property.value === "number")) return String(node.property.value);
  return undefined;
}

/** `hasOwn.call(object, key)` for the given alias: the object and key nodes, or undefined. */
export function ownPropertyCall(node: AstNode, hasOwn: string): { object: AstNode; key: AstNode } | undefined {
  if (node.type !== "CallExpression" || node.arguments.length !== 2) return undefined;
  const callee = node.callee;
  if (callee.type !== "MemberExpression" || !isIdentifier(callee.object, hasOwn) || staticProperty(callee) !== "call") return undefined;
  return { object: node.arguments[0], key: node.arguments[1] };
}

/** Structural equality of two small expressions, ignoring positions: `data.a` here is `data.a` there. */
export function sameNode(a: AstNode, b: AstNode): boolean {
  if (a === b) return true;
  if (a.type !== b.type) return false;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (key === "start" || key === "end" || key === "loc" || key === "range" || key === "raw") continue;
    const left = a[key];
    const right = b[key];
    if (Array.isArray(left) || Array.isArray(right)) {
      if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
      if (!left.every((item, index) => (item && typeof item.type === "string" ? sameNode(item, right[index]) : item === right[index]))) return false;
    } else if (left && typeof left.type === "string") {
      if (!right || typeof right.type !== "string" || !sameNode(left, right)) return false;
    } else if (left !== right && !(left === undefined && right === false) && !(left === false && right === undefined)) return false;
  }
  return true;
}

/** The JSON value a literal expression stands for (objects, arrays, strings, numbers, booleans, null, `JSON.parse("…")`). */
export function literalValue(node: AstNode): unknown {
  switch (node.type) {
    case "Literal":
      if (node.regex || node.bigint) break;
      return node.value;
    case "UnaryExpression":
      if (node.operator === "-" && node.argument.type === "Literal" && typeof node.argument.value === "number") return -node.argument.value;
      break;
    case "ArrayExpression":
      return node.elements.map((element: AstNode | null) => {
        if (!element) throw new Error("internal: a hole in an array literal of Ajv's code");
        return literalValue(element);
      });
    case "ObjectExpression": {
      const value: Record<string, unknown> = {};
      for (const property of node.properties) {
        if (property.type !== "Property" || property.computed || property.kind !== "init" || property.method) break;
        const key = property.key.type === "Identifier" ? property.key.name : String(property.key.value);
        // defineProperty: a "__proto__" key stays data, as JSON.parse keeps it.
        Object.defineProperty(value, key, { value: literalValue(property.value), enumerable: true, writable: true, configurable: true });
      }
      if (Object.keys(value).length === node.properties.length) return value;
      break;
    }
    case "CallExpression":
      if (node.callee.type === "MemberExpression" && isIdentifier(node.callee.object, "JSON") && staticProperty(node.callee) === "parse" && node.arguments.length === 1 && typeof node.arguments[0].value === "string") {
        return JSON.parse(node.arguments[0].value);
      }
      break;
  }
  throw new Error(`internal: expected a literal value in Ajv's code, found ${node.type}: ${excerpt(node)}`);
}
