// Ajv's own code optimization (its `code.optimize`, one round), done on the syntax tree: generation turns Ajv's off.
// Ajv's keeps a table of name counts at every level of its code tree, which it merges upward (half its compile
// time on a large folder); here one walk counts the names of a function and the same rules then apply, so the code
// is what Ajv's optimizer makes of it.
//
// Per validator function, as Ajv's CodeGen does: first its node rules (an empty `if` goes, or flips to its else; an
// empty loop goes), then its name rules, statements last to first: a declaration or an assignment to a name nothing
// reads goes, and a `let dataN = …` read once is written where it is read. Which statement is which Ajv node is
// read from its shape: `x = …`/`x += …` is an assignment, any other expression statement is code (a lone `;` too:
// it held Ajv's sourceURL comment, which Ajv keeps).

import { PassShapeError, type ProgramPass } from "./pass.js";
import { excerpt, forEachNode, type AstNode } from "./tree.js";

const ID = "ajv-optimize";

type Names = Map<string, number>;
type Visit = (read: AstNode) => AstNode;

/**
 * Each name an expression reads (Ajv's `_Code.names`), not property names or keys, in source order; `visit` gives
 * the node to keep in its place. One definition of a read for counting names and for writing constants in. Its own
 * recursion over expression kinds, not tree.ts's walk: it runs on every statement, and skipping the walk's stack and
 * literals' visits makes the pass 40% cheaper.
 */
function mapReads(node: AstNode, visit: Visit): AstNode {
  switch (node.type) {
    case "Identifier":
      return visit(node);
    case "Literal":
    case "ThisExpression":
      return node;
    case "MemberExpression":
      node.object = mapReads(node.object, visit);
      if (node.computed) node.property = mapReads(node.property, visit);
      return node;
    case "BinaryExpression":
    case "LogicalExpression":
    case "AssignmentExpression":
      node.left = mapReads(node.left, visit);
      node.right = mapReads(node.right, visit);
      return node;
    case "UnaryExpression":
    case "UpdateExpression":
    case "SpreadElement":
    case "AwaitExpression":
      node.argument = mapReads(node.argument, visit);
      return node;
    case "CallExpression":
    case "NewExpression":
      node.callee = mapReads(node.callee, visit);
      mapList(node.arguments, visit);
      return node;
    case "ObjectExpression":
      for (const property of node.properties) {
        if (property.type === "SpreadElement") {
          property.argument = mapReads(property.argument, visit);
          continue;
        }
        if (property.computed) property.key = mapReads(property.key, visit);
        const value = property.value;
        property.value = mapReads(value, visit);
        if (property.value !== value) property.shorthand = false;
      }
      return node;
    case "ArrayExpression":
      mapList(node.elements, visit);
      return node;
    case "ConditionalExpression":
      node.test = mapReads(node.test, visit);
      node.consequent = mapReads(node.consequent, visit);
      node.alternate = mapReads(node.alternate, visit);
      return node;
    case "SequenceExpression":
    case "TemplateLiteral":
      mapList(node.expressions, visit);
      return node;
    case "ChainExpression":
      node.expression = mapReads(node.expression, visit);
      return node;
    default:
      throw new PassShapeError(ID, `a ${node.type} in an expression: ${excerpt(node)}`);
  }
}

function mapList(list: (AstNode | null)[], visit: Visit): void {
  for (let at = 0; at < list.length; at++) if (list[at]) list[at] = mapReads(list[at]!, visit);
}

function expressionNames(node: AstNode | null | undefined, visit: Visit): void {
  if (node) mapReads(node, visit);
}

/** An assignment statement (Ajv's Assign): `name = …` or `name += …`. */
function assignedName(statement: AstNode): string | undefined {
  if (statement.type !== "ExpressionStatement") return undefined;
  const expression = statement.expression;
  return expression.type === "AssignmentExpression" && expression.left.type === "Identifier" ? expression.left.name : undefined;
}

/** Ajv's ForRange, `for(let i=a; i<b; i++)`: only a and b count as names; a ForLoop's whole header does. */
function rangeVariable(loop: AstNode): string | undefined {
  const init = loop.init;
  if (init?.type !== "VariableDeclaration" || init.declarations.length !== 1) return undefined;
  const name = init.declarations[0].id.name as string;
  const { test, update } = loop;
  const isName = (node: AstNode | undefined) => node?.type === "Identifier" && node.name === name;
  return test?.type === "BinaryExpression" && test.operator === "<" && isName(test.left) && update?.type === "UpdateExpression" && update.operator === "++" && isName(update.argument) ? name : undefined;
}

/** Visits each name a statement reads, by the rules of the Ajv node it is (the `names` of each node). */
function statementNames(statement: AstNode, visit: Visit): void {
  switch (statement.type) {
    case "VariableDeclaration":
      for (const declarator of statement.declarations) expressionNames(declarator.init, visit);
      return;
    case "ExpressionStatement":
      if (assignedName(statement) !== undefined) return expressionNames(statement.expression.right, visit);
      return expressionNames(statement.expression, visit);
    case "IfStatement":
      statementNames(statement.consequent, visit);
      expressionNames(statement.test, visit);
      if (statement.alternate) statementNames(statement.alternate, visit);
      return;
    case "BlockStatement":
      for (const child of statement.body) statementNames(child, visit);
      return;
    case "ForStatement": {
      statementNames(statement.body, visit);
      const range = rangeVariable(statement);
      if (range !== undefined) {
        expressionNames(statement.init.declarations[0].init, visit);
        expressionNames(statement.test.right, visit);
        return;
      }
      if (statement.init?.type === "VariableDeclaration") statementNames(statement.init, visit);
      else expressionNames(statement.init, visit);
      expressionNames(statement.test, visit);
      return expressionNames(statement.update, visit);
    }
    case "ForInStatement":
    case "ForOfStatement":
      statementNames(statement.body, visit);
      return expressionNames(statement.right, visit);
    case "ReturnStatement":
    case "ThrowStatement":
      return expressionNames(statement.argument, visit);
    case "TryStatement":
      statementNames(statement.block, visit);
      if (statement.handler) statementNames(statement.handler.body, visit);
      if (statement.finalizer) statementNames(statement.finalizer, visit);
      return;
    case "LabeledStatement":
      return statementNames(statement.body, visit);
    case "BreakStatement":
    case "ContinueStatement":
    case "EmptyStatement":
      return;
    default:
      throw new PassShapeError(ID, `a ${statement.type} statement: ${excerpt(statement)}`);
  }
}

const isTrue = (node: AstNode) => node.type === "Literal" && node.value === true;
const isFalse = (node: AstNode) => node.type === "Literal" && node.value === false;
const block = (body: AstNode[]): AstNode => ({ type: "BlockStatement", body });

/** Ajv's optimizeNodes over a statement list, last to first; returns whether any statement is left. */
function optimizeNodeList(list: AstNode[]): boolean {
  for (let at = list.length - 1; at >= 0; at--) {
    const result = optimizeNode(list[at]!);
    if (Array.isArray(result)) list.splice(at, 1, ...result);
    else if (result) list[at] = result;
    else list.splice(at, 1);
  }
  return list.length > 0;
}

/** One statement after Ajv's optimizeNodes: itself, statements in its place, or none. */
function optimizeNode(statement: AstNode): AstNode | AstNode[] | undefined {
  switch (statement.type) {
    case "IfStatement":
      return optimizeIf(statement);
    case "ForStatement":
    case "ForInStatement":
    case "ForOfStatement":
      return optimizeNodeList(statement.body.body) ? statement : undefined;
    case "LabeledStatement":
      // Ajv's label is a statement of its own before its loop; an emptied loop stays here, for the label to label.
      optimizeNode(statement.body);
      return statement;
    case "TryStatement":
      optimizeNodeList(statement.block.body);
      if (statement.handler) optimizeNodeList(statement.handler.body.body);
      if (statement.finalizer) optimizeNodeList(statement.finalizer.body);
      return statement;
    default:
      return statement;
  }
}

function optimizeIf(statement: AstNode): AstNode | AstNode[] | undefined {
  optimizeNodeList(statement.consequent.body);
  if (isTrue(statement.test)) return statement.consequent.body;
  let otherwise: AstNode | undefined;
  if (statement.alternate?.type === "IfStatement") {
    const result = optimizeIf(statement.alternate);
    otherwise = Array.isArray(result) ? block(result) : result;
  } else if (statement.alternate) {
    otherwise = optimizeNodeList(statement.alternate.body) ? statement.alternate : undefined;
  }
  statement.alternate = otherwise ?? null;
  if (otherwise) {
    if (isFalse(statement.test)) return otherwise.type === "IfStatement" ? otherwise : otherwise.body;
    if (statement.consequent.body.length > 0) return statement;
    return { type: "IfStatement", test: { type: "UnaryExpression", operator: "!", prefix: true, argument: statement.test }, consequent: block(otherwise.type === "IfStatement" ? [otherwise] : otherwise.body), alternate: null };
  }
  if (isFalse(statement.test) || statement.consequent.body.length === 0) return undefined;
  return statement;
}

interface NameState {
  names: Names;
  /** Takes the names of a statement that goes out of the table. */
  uncount: Visit;
  /** A read of a constant (`let dataN = …`), where it is the name's only read, becomes the constant's value. */
  inline: Visit;
  inlined: number;
  removed: number;
}

/** Ajv's optimizeExpr: each constant the expression reads, where it is its only read, replaced by its value. */
function inlineConstants(node: AstNode, state: NameState): AstNode {
  return mapReads(node, state.inline);
}

/** Ajv's optimizeNames over a statement list, last to first; returns whether any statement is left. */
function optimizeNameList(list: AstNode[], state: NameState): boolean {
  for (let at = list.length - 1; at >= 0; at--) {
    const statement = list[at]!;
    if (optimizeNames(statement, state)) continue;
    statementNames(statement, state.uncount);
    list.splice(at, 1);
    state.removed++;
  }
  return list.length > 0;
}

/** One statement under Ajv's name rules; false: it goes. */
function optimizeNames(statement: AstNode, state: NameState): boolean {
  switch (statement.type) {
    case "VariableDeclaration": {
      if (statement.declarations.length !== 1) throw new PassShapeError(ID, `a declaration of ${statement.declarations.length} names: ${excerpt(statement)}`);
      const declarator = statement.declarations[0];
      if (declarator.id.type !== "Identifier") throw new PassShapeError(ID, `a destructuring declaration: ${excerpt(statement)}`);
      if (!state.names.get(declarator.id.name)) return false;
      if (declarator.init) declarator.init = inlineConstants(declarator.init, state);
      return true;
    }
    case "ExpressionStatement": {
      const assigned = assignedName(statement);
      if (assigned === undefined) {
        statement.expression = inlineConstants(statement.expression, state);
        return true;
      }
      if (!state.names.get(assigned)) return false;
      statement.expression.right = inlineConstants(statement.expression.right, state);
      return true;
    }
    case "IfStatement": {
      // An else that empties is dropped without its names leaving the table, as Ajv does.
      if (statement.alternate?.type === "IfStatement") {
        if (!optimizeNames(statement.alternate, state)) statement.alternate = null;
      } else if (statement.alternate && !optimizeNameList(statement.alternate.body, state)) {
        statement.alternate = null;
      }
      if (!optimizeNameList(statement.consequent.body, state) && !statement.alternate) return false;
      statement.test = inlineConstants(statement.test, state);
      return true;
    }
    case "ForStatement": {
      if (!optimizeNameList(statement.body.body, state)) return false;
      if (rangeVariable(statement) === undefined) {
        if (statement.init) statement.init = statement.init.type === "VariableDeclaration" ? statement.init : inlineConstants(statement.init, state);
        if (statement.test) statement.test = inlineConstants(statement.test, state);
        if (statement.update) statement.update = inlineConstants(statement.update, state);
      }
      return true;
    }
    case "ForInStatement":
    case "ForOfStatement":
      if (!optimizeNameList(statement.body.body, state)) return false;
      statement.right = inlineConstants(statement.right, state);
      return true;
    case "ReturnStatement":
      if (statement.argument) statement.argument = inlineConstants(statement.argument, state);
      return true;
    case "TryStatement":
      optimizeNameList(statement.block.body, state);
      if (statement.handler) optimizeNameList(statement.handler.body.body, state);
      if (statement.finalizer) optimizeNameList(statement.finalizer.body, state);
      return true;
    case "LabeledStatement":
      optimizeNames(statement.body, state);
      return true;
    default:
      return true;
  }
}

/** Ajv's optimize of one validator function's body; returns how many statements went by its name rules and reads were written in. */
function optimizeFunction(body: AstNode[]): number {
  optimizeNodeList(body);
  const names: Names = new Map();
  const counting = (delta: number) => (read: AstNode) => {
    names.set(read.name, (names.get(read.name) ?? 0) + delta);
    return read;
  };
  for (const statement of body) statementNames(statement, counting(1));
  const constants = constantsOf(body);
  const state: NameState = {
    names,
    uncount: counting(-1),
    inline: (read) => {
      const value = constants.get(read.name);
      if (value === undefined || names.get(read.name) !== 1) return read;
      names.delete(read.name);
      state.inlined++;
      return structuredClone(value);
    },
    inlined: 0,
    removed: 0,
  };
  optimizeNameList(body, state);
  return state.inlined + state.removed;
}

/** A function's `let dataN = …` declarations, the names Ajv marks as constants (compile/validate/subschema.js). */
function constantsOf(body: AstNode[]): Map<string, AstNode> {
  const constants = new Map<string, AstNode>();
  for (const statement of body) {
    forEachNode(statement, (node) => {
      if (node.type === "VariableDeclaration") {
        const declarator = node.declarations[0];
        if (node.kind === "let" && declarator?.init && /^data\d+$/.test(declarator.id.name ?? "")) constants.set(declarator.id.name, declarator.init);
        return false;
      }
      // Declarations sit in statements only: expressions are not walked.
      return node.type.endsWith("Statement") || node.type === "CatchClause" ? undefined : false;
    });
  }
  return constants;
}

export const ajvOptimize: ProgramPass = {
  id: ID,
  expects: "top-level `function validateN(…){…}` as Ajv prints it with code.optimize off; each body gets Ajv's optimization",
  run(program) {
    let changes = 0;
    for (const statement of program.body) {
      if (statement.type === "FunctionDeclaration") changes += optimizeFunction(statement.body.body);
    }
    return changes;
  },
};
