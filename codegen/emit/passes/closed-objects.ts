// Ajv reads a closed object's properties by name (`data.event_id`) wherever a keyword needs one, and loops over
// its keys for additionalProperties. On data of many shapes V8 reads by name slowly (the bench's "valid, one
// shape" set shows how much). Where a validator's own object is closed by a list of names, one loop over its own
// keys now keeps each value it will read in a local, notes the first key not in the list, and the reads and the
// additionalProperties check use those. Verdicts and errors stay Ajv's: the same values (own properties, as
// `ownProperties` asks), the same first unknown key in the same place.

import { PROTOTYPE_NAMES } from "./own-checks.js";
import { PassShapeError, type ProgramPass } from "./pass.js";
import { expression, forEachInPlace, identifier, isIdentifier, literalValue, ownPropertyCall, replaceAt, statementListOf, type AstNode } from "./tree.js";
import { validatorFunctions } from "./validators.js";

interface ClosedLoop {
  key: string;
  test: AstNode;
  /** `validateN.errors = [{…}];` */
  error: AstNode;
}

/** A node and where it sits, so it can be replaced without another walk. */
interface Slot {
  node: AstNode;
  parent: AstNode;
  field: string;
  index: number;
}

/** What one walk of a validator body finds about each object it reads (`data`, or a nested `let dataN`). */
interface ObjectUse {
  loops: Slot[];
  /** Names read as `object.name`, in source order, once each; and the reads themselves. */
  names: Set<string>;
  reads: Slot[];
  /** The statement list holding `let dataN = …;`, and that statement. */
  declaration?: { list: AstNode[]; statement: AstNode };
}

/** `for(const keyN in object){ if(!hasOwn.call(object, keyN)) continue; if(!(TEST)){ errors = […]; return false; break; } }` */
function closedLoop(loop: AstNode, object: string, hasOwn: string): ClosedLoop | undefined {
  if (loop.left.type !== "VariableDeclaration" || loop.left.kind !== "const" || loop.body.type !== "BlockStatement" || loop.body.body.length !== 2) return undefined;
  const key = loop.left.declarations[0].id.name as string;
  const [skip, check] = loop.body.body;
  const skipCall = skip.type === "IfStatement" && skip.test.type === "UnaryExpression" && skip.test.operator === "!" ? ownPropertyCall(skip.test.argument, hasOwn) : undefined;
  if (!skipCall || !isIdentifier(skipCall.object, object) || !isIdentifier(skipCall.key, key) || skip.consequent.type !== "ContinueStatement") return undefined;
  if (check.type !== "IfStatement" || check.alternate || check.test.type !== "UnaryExpression" || check.test.operator !== "!" || check.consequent.type !== "BlockStatement") return undefined;
  const [error, returned, broken, ...rest] = check.consequent.body;
  const assignsErrors = error?.type === "ExpressionStatement" && error.expression.type === "AssignmentExpression" && error.expression.left.type === "MemberExpression" && error.expression.left.property?.name === "errors" && error.expression.right.type === "ArrayExpression";
  const returnsFalse = returned?.type === "ReturnStatement" && returned.argument?.type === "Literal" && returned.argument.value === false;
  if (!assignsErrors || !returnsFalse || broken?.type !== "BreakStatement" || rest.length > 0) return undefined;
  return { key, test: check.test.argument, error };
}

/** The names an additionalProperties test accepts, when it is nothing but a list of names. */
function declaredNames(test: AstNode, key: string, constants: Map<string, AstNode>, hasOwn: string): string[] | undefined {
  const listed = ownPropertyCall(test, hasOwn);
  if (listed) {
    if (!isIdentifier(listed.key, key) || !isIdentifier(listed.object, /^schema\d+Value\d+$/)) return undefined;
    const init = constants.get(listed.object.name);
    const value = init && literalValue(init);
    return value && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : undefined;
  }
  const names: string[] = [];
  const collect = (node: AstNode): boolean => {
    if (node.type === "LogicalExpression" && node.operator === "||") return collect(node.left) && collect(node.right);
    if (node.type === "BinaryExpression" && node.operator === "===" && isIdentifier(node.left, key) && node.right.type === "Literal" && typeof node.right.value === "string") {
      names.push(node.right.value);
      return true;
    }
    return false;
  };
  return collect(test) && names.length > 0 ? names : undefined;
}

/** `data`, or `dataN`: the names Ajv gives the objects a validator reads. */
function isDataName(name: string, numbered = false): boolean {
  if (!name.startsWith("data")) return false;
  if (name.length === 4) return !numbered;
  for (let at = 4; at < name.length; at++) {
    const code = name.charCodeAt(at);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** One walk of a validator's body: every object's loops, reads and declaration. */
function scanBody(body: AstNode): Map<string, ObjectUse> {
  const uses = new Map<string, ObjectUse>();
  const useOf = (name: string) => uses.get(name) ?? uses.set(name, { loops: [], names: new Set(), reads: [] }).get(name)!;
  forEachInPlace(body, (node, parent, field, index) => {
    if (node.type === "MemberExpression") {
      if (node.computed || node.object.type !== "Identifier" || node.property.type !== "Identifier" || !isDataName(node.object.name)) return;
      const name = node.property.name as string;
      if (name === "length" || PROTOTYPE_NAMES.has(name)) return;
      const use = useOf(node.object.name);
      use.names.add(name);
      use.reads.push({ node, parent: parent!, field, index });
    } else if (node.type === "ForInStatement") {
      if (node.right.type === "Identifier" && isDataName(node.right.name)) useOf(node.right.name).loops.push({ node, parent: parent!, field, index });
    } else {
      const list = statementListOf(node);
      if (!list) return;
      for (const statement of list) {
        if (statement.type === "VariableDeclaration" && statement.kind === "let" && statement.declarations.length === 1 && statement.declarations[0].id.type === "Identifier" && isDataName(statement.declarations[0].id.name, true)) {
          useOf(statement.declarations[0].id.name).declaration ??= { list, statement };
        }
      }
    }
  });
  return uses;
}

export const closedObjects: ProgramPass = {
  id: "closed-objects",
  expects: "in each validator, one additionalProperties for-in loop over `data` (or a nested `let dataN`) that rejects every name outside a list",
  run(program, context) {
    const hasOwn = context.hasOwn;
    if (!hasOwn) return 0;
    const constants = new Map<string, AstNode>();
    for (const statement of program.body) {
      if (statement.type === "VariableDeclaration" && statement.declarations.length === 1 && isIdentifier(statement.declarations[0].id)) constants.set(statement.declarations[0].id.name, statement.declarations[0].init);
    }
    let changes = 0;
    for (const validator of validatorFunctions(program)) {
      const body = validator.body;
      const uses = scanBody(body);
      const replacements: [Slot, AstNode][] = [];
      const insertions: { object: string; statements: AstNode[] }[] = [];
      const nested = [...uses.keys()].filter((name) => name !== "data" && uses.get(name)!.declaration);
      for (const object of ["data", ...nested]) {
        const use = uses.get(object);
        if (!use || use.loops.length !== 1) continue;
        const closed = closedLoop(use.loops[0]!.node, object, hasOwn);
        if (!closed) continue;
        const declared = declaredNames(closed.test, closed.key, constants, hasOwn);
        if (!declared) continue;
        const read = [...use.names];
        const prefix = `own${object.slice("data".length)}`;
        const local = (name: string) => `${prefix}_${name}`;
        const unknown = `${prefix}$unknown`;
        const { key } = closed;
        const noteUnknown = `if(${unknown} === undefined) ${unknown} = ${key};`;
        const cases = [...new Set([...declared, ...read])].map((name) => {
          const keep = read.includes(name) ? `${local(name)} = ${object}[${key}]; ` : "";
          return `case ${JSON.stringify(name)}: ${keep}${declared.includes(name) ? "" : `${noteUnknown} `}break;`;
        });
        // Built from names the code already holds as identifiers and JSON string literals, never from schema text.
        const snapshot = [
          `let ${unknown}${read.map((name) => `, ${local(name)}`).join("")};`,
          `if(${object} && typeof ${object} == "object" && !Array.isArray(${object})){`,
          `for(const ${key} in ${object}){`,
          `if(!${hasOwn}.call(${object}, ${key})) continue;`,
          `switch(${key}){`,
          ...cases,
          `default: ${noteUnknown}`,
          `}`,
          `}`,
          `}`,
        ].join("\n");
        const check = expression(`function f(){if(${unknown} !== undefined){\nconst ${key} = ${unknown};\nERROR;\nreturn false;\n}}`).body.body[0] as AstNode;
        check.consequent.body[1] = closed.error;
        replacements.push([use.loops[0]!, check]);
        for (const slot of use.reads) replacements.push([slot, identifier(local(slot.node.property.name))]);
        insertions.push({ object, statements: expression(`function f(){${snapshot}}`).body.body as AstNode[] });
        changes++;
      }
      if (replacements.length === 0) continue;
      for (const [{ parent, field, index }, node] of replacements) replaceAt(parent, field, index, node);
      for (const { object, statements } of insertions) {
        if (object === "data") {
          body.body.unshift(...statements);
          continue;
        }
        const { list, statement } = uses.get(object)!.declaration!;
        const at = list.indexOf(statement);
        if (at === -1) throw new PassShapeError("closed-objects", `no declaration of ${object} to read it after`);
        list.splice(at + 1, 0, ...statements);
      }
    }
    return changes;
  },
};
