// The syntax tree the passes over Ajv's code work on: meriyah parses (twice acorn's speed on Ajv's megabytes of
// code), astring prints. Nodes are ESTree; the passes match them loosely typed (`AstNode`), since each one states
// and checks the exact shape it rewrites. A walk of a sample's tree costs about as much as Ajv compiling a tenth
// of it, so a pass walks once where it can (forEachInPlace).

import { parseScript } from "meriyah";
import { generate } from "astring";

// ESTree nodes as the passes read them: a type tag and fields, checked by each pass's matchers.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AstNode = { type: string; [field: string]: any };

/** `functionBody`: code that Ajv compiles in process with `new Function`, which ends in `return validateN;`. */
export function parseProgram(code: string, { functionBody = false } = {}): AstNode {
  // raw: literals print as Ajv wrote them; start: the offsets the passes' messages name.
  return parseScript(code, { raw: true, ranges: { start: true }, globalReturn: functionBody }) as unknown as AstNode;
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

/** The fields of each ESTree node type that hold child nodes, in source order (estraverse's VisitorKeys, ES2022). */
const CHILD_FIELDS: Record<string, readonly string[]> = {
  Program: ["body"],
  ArrayExpression: ["elements"],
  ArrayPattern: ["elements"],
  ArrowFunctionExpression: ["params", "body"],
  AssignmentExpression: ["left", "right"],
  AssignmentPattern: ["left", "right"],
  BinaryExpression: ["left", "right"],
  BlockStatement: ["body"],
  BreakStatement: ["label"],
  CallExpression: ["callee", "arguments"],
  CatchClause: ["param", "body"],
  ChainExpression: ["expression"],
  ConditionalExpression: ["test", "consequent", "alternate"],
  ContinueStatement: ["label"],
  DebuggerStatement: [],
  DoWhileStatement: ["body", "test"],
  EmptyStatement: [],
  ExpressionStatement: ["expression"],
  ForInStatement: ["left", "right", "body"],
  ForOfStatement: ["left", "right", "body"],
  ForStatement: ["init", "test", "update", "body"],
  FunctionDeclaration: ["id", "params", "body"],
  FunctionExpression: ["id", "params", "body"],
  Identifier: [],
  IfStatement: ["test", "consequent", "alternate"],
  LabeledStatement: ["label", "body"],
  Literal: [],
  LogicalExpression: ["left", "right"],
  MemberExpression: ["object", "property"],
  NewExpression: ["callee", "arguments"],
  ObjectExpression: ["properties"],
  ObjectPattern: ["properties"],
  Property: ["key", "value"],
  RestElement: ["argument"],
  ReturnStatement: ["argument"],
  SequenceExpression: ["expressions"],
  SpreadElement: ["argument"],
  SwitchCase: ["test", "consequent"],
  SwitchStatement: ["discriminant", "cases"],
  TemplateElement: [],
  TemplateLiteral: ["quasis", "expressions"],
  TaggedTemplateExpression: ["tag", "quasi"],
  ThisExpression: [],
  ThrowStatement: ["argument"],
  TryStatement: ["block", "handler", "finalizer"],
  UnaryExpression: ["argument"],
  UpdateExpression: ["argument"],
  VariableDeclaration: ["declarations"],
  VariableDeclarator: ["id", "init"],
  WhileStatement: ["test", "body"],
  WithStatement: ["object", "body"],
};

function childFields(node: AstNode): readonly string[] {
  const fields = CHILD_FIELDS[node.type];
  if (!fields) throw new Error(`internal: a ${node.type} node in Ajv's code, which no pass knows`);
  return fields;
}

/**
 * Visits every node below `root`, parents first, in source order; `visit` returning false skips the node's
 * subtree. Iterative: Ajv's trees can be deep.
 */
export function forEachNode(root: AstNode, visit: (node: AstNode, parent: AstNode | undefined) => void | false): void {
  const nodes: AstNode[] = [root];
  const parents: (AstNode | undefined)[] = [undefined];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const parent = parents.pop();
    if (visit(node, parent) === false) continue;
    const fields = childFields(node);
    for (let field = fields.length - 1; field >= 0; field--) {
      const value = node[fields[field]!];
      if (Array.isArray(value)) {
        for (let index = value.length - 1; index >= 0; index--) {
          if (value[index]) {
            nodes.push(value[index]);
            parents.push(node);
          }
        }
      } else if (value) {
        nodes.push(value);
        parents.push(node);
      }
    }
  }
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
  const nodes: AstNode[] = [root];
  const parents: (AstNode | undefined)[] = [undefined];
  const fieldsOf: string[] = [""];
  const indexes: number[] = [-1];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const parent = parents.pop();
    const field = fieldsOf.pop()!;
    const at = indexes.pop()!;
    if (visit(node, parent, field, at) === false) continue;
    const fields = childFields(node);
    for (let position = fields.length - 1; position >= 0; position--) {
      const name = fields[position]!;
      const value = node[name];
      if (Array.isArray(value)) {
        for (let index = value.length - 1; index >= 0; index--) {
          if (!value[index]) continue;
          nodes.push(value[index]);
          parents.push(node);
          fieldsOf.push(name);
          indexes.push(index);
        }
      } else if (value) {
        nodes.push(value);
        parents.push(node);
        fieldsOf.push(name);
        indexes.push(-1);
      }
    }
  }
}

/** Every statement list in the program, the arrays themselves (so statements can be replaced in place). */
export function statementLists(program: AstNode): AstNode[][] {
  const lists: AstNode[][] = [];
  forEachNode(program, (node) => {
    if (node.type === "Program" || node.type === "BlockStatement") lists.push(node.body);
    else if (node.type === "SwitchCase") lists.push(node.consequent);
  });
  return lists;
}

/**
 * Replaces nodes of the given types: `replace` sees each one after the nodes below it were replaced, and returns
 * the node to keep (itself, or a new one). Only candidates are recorded, so a pass pays for one walk.
 */
export function replaceNodes(root: AstNode, types: ReadonlySet<string>, replace: (node: AstNode) => AstNode): AstNode {
  const slots: { node: AstNode; parent: AstNode | undefined; field: string; index: number }[] = [];
  const nodes: AstNode[] = [root];
  const owners: (AstNode | undefined)[] = [undefined];
  const fieldsOf: string[] = [""];
  const indexes: number[] = [-1];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const parent = owners.pop();
    const field = fieldsOf.pop()!;
    const at = indexes.pop()!;
    if (types.has(node.type)) slots.push({ node, parent, field, index: at });
    const fields = childFields(node);
    for (let position = fields.length - 1; position >= 0; position--) {
      const name = fields[position]!;
      const value = node[name];
      if (Array.isArray(value)) {
        for (let index = value.length - 1; index >= 0; index--) {
          if (!value[index]) continue;
          nodes.push(value[index]);
          owners.push(node);
          fieldsOf.push(name);
          indexes.push(index);
        }
      } else if (value) {
        nodes.push(value);
        owners.push(node);
        fieldsOf.push(name);
        indexes.push(-1);
      }
    }
  }
  let result = root;
  // Reverse visiting order: every node comes after the nodes below it.
  for (let position = slots.length - 1; position >= 0; position--) {
    const { node, parent, field, index } = slots[position]!;
    const replacement = replace(node);
    if (replacement === node) continue;
    if (!parent) result = replacement;
    else if (index >= 0) parent[field][index] = replacement;
    else parent[field] = replacement;
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
  throw new Error(`internal: expected a literal value in Ajv's code, found ${node.type} at ${node.start}`);
}
