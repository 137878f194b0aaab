// Splits one dialect's rewritten program into a module per schema file: each validator function goes to the file
// its schema comes from, each constant to the first module that uses it, and a name one module takes from another
// becomes an import. Shared definitions are then emitted once, and importing one validator loads what it reaches.

import { PassShapeError } from "./pass.js";
import { forEachNode, isIdentifier, printProgram, staticProperty, type AstNode } from "./tree.js";
import { compareText } from "../../model/order.js";

export interface ModulePiece {
  /** The module's share of the validator code: its statements, printed. */
  code: string;
  /** Names this module takes from other modules, by module path. */
  imports: Map<string, string[]>;
  /** Names other modules take from this one. */
  exports: string[];
  /** Runtime helpers its statements call. */
  runtimeImports: string[];
  /** Each exported validator (`validateX`) and the function that implements it. */
  validators: Map<string, string>;
}

interface Entry {
  statement: AstNode;
  declares: string[];
  references: Set<string>;
  home?: string;
}

/** `exports.validateX = validateN;` → ["validateX", "validateN"]. */
function exportAssignment(statement: AstNode): [string, string] | undefined {
  const expression = statement.type === "ExpressionStatement" ? statement.expression : undefined;
  if (expression?.type !== "AssignmentExpression" || expression.left.type !== "MemberExpression" || !isIdentifier(expression.left.object, "exports")) return undefined;
  if (!isIdentifier(expression.right)) throw new PassShapeError("split", `an export of something other than a function name at offset ${statement.start}`);
  return [staticProperty(expression.left)!, expression.right.name];
}

/** `validateN.evaluated = …;` and other property assignments on a function: the function's name. */
function functionProperty(statement: AstNode): string | undefined {
  const expression = statement.type === "ExpressionStatement" ? statement.expression : undefined;
  if (expression?.type !== "AssignmentExpression" || expression.left.type !== "MemberExpression" || expression.left.computed) return undefined;
  return isIdentifier(expression.left.object, /^validate\d+$/) ? expression.left.object.name : undefined;
}

function declaredNames(statement: AstNode): string[] {
  if (statement.type === "FunctionDeclaration") return [statement.id.name];
  if (statement.type === "VariableDeclaration") return statement.declarations.map((declarator: AstNode) => declarator.id.name);
  return [];
}

/** Identifiers a statement uses as values (not property names or object keys). */
function referencedNames(statement: AstNode): Set<string> {
  const names = new Set<string>();
  forEachNode(statement, (node, parent) => {
    if (node.type !== "Identifier") return;
    if (parent?.type === "MemberExpression" && parent.property === node && !parent.computed) return;
    if (parent?.type === "Property" && parent.key === node && !parent.computed && !parent.shorthand) return;
    names.add(node.name);
  });
  return names;
}

/**
 * `homeOfFunction` names the module of a validator function (by its name without `$at`), or undefined where no
 * schema file of this dialect owns it; `homeOfExport` the module of an exported validator.
 */
export function splitProgram(program: AstNode, homeOfFunction: (name: string) => string | undefined, homeOfExport: (name: string) => string, runtimeNames: ReadonlySet<string>): Map<string, ModulePiece> {
  const entries: Entry[] = program.body.map((statement: AstNode) => ({ statement, declares: declaredNames(statement), references: referencedNames(statement) }));
  const declaredBy = new Map<string, Entry>();
  for (const entry of entries) for (const name of entry.declares) declaredBy.set(name, entry);
  const validators = new Map<string, Map<string, string>>();
  for (const entry of entries) {
    const exported = exportAssignment(entry.statement);
    if (exported) {
      entry.home = homeOfExport(exported[0]);
      validators.set(entry.home, (validators.get(entry.home) ?? new Map()).set(exported[0], exported[1]));
    } else if (entry.statement.type === "FunctionDeclaration") {
      entry.home = homeOfFunction(entry.declares[0]!.replace(/\$at$/, ""));
    }
  }
  // Whatever has no home of its own lives with the first module (by path) that uses it.
  const referrers = new Map<string, Entry[]>();
  for (const entry of entries) for (const name of entry.references) if (declaredBy.has(name) && !entry.declares.includes(name)) referrers.set(name, [...(referrers.get(name) ?? []), entry]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const entry of entries) {
      if (entry.home !== undefined || entry.declares.length === 0) continue;
      const homes = entry.declares.flatMap((name) => (referrers.get(name) ?? []).map((referrer) => referrer.home)).filter((home): home is string => home !== undefined);
      if (homes.length === 0) continue;
      entry.home = homes.sort(compareText)[0];
      changed = true;
    }
  }
  // `validateN.evaluated = …` goes where validateN went.
  for (const entry of entries) {
    const owner = functionProperty(entry.statement);
    if (owner) entry.home = declaredBy.get(owner)?.home;
  }
  const pieces = new Map<string, ModulePiece>();
  const statementsOf = new Map<string, AstNode[]>();
  for (const entry of entries) {
    // A statement nobody reaches (an unused constant) is left out.
    if (entry.home === undefined) continue;
    if (exportAssignment(entry.statement)) continue;
    statementsOf.set(entry.home, [...(statementsOf.get(entry.home) ?? []), entry.statement]);
  }
  const homes = [...new Set([...statementsOf.keys(), ...validators.keys()])].sort(compareText);
  const exportedBy = new Map<string, Set<string>>();
  const importsOf = new Map<string, Map<string, Set<string>>>();
  const runtimeOf = new Map<string, Set<string>>();
  for (const entry of entries) {
    if (entry.home === undefined) continue;
    for (const name of entry.references) {
      if (runtimeNames.has(name) && !declaredBy.has(name)) runtimeOf.set(entry.home, (runtimeOf.get(entry.home) ?? new Set()).add(name));
      const source = declaredBy.get(name)?.home;
      if (source === undefined || source === entry.home) continue;
      exportedBy.set(source, (exportedBy.get(source) ?? new Set()).add(name));
      const imports = importsOf.get(entry.home) ?? new Map<string, Set<string>>();
      imports.set(source, (imports.get(source) ?? new Set()).add(name));
      importsOf.set(entry.home, imports);
    }
  }
  for (const home of homes) {
    const body = statementsOf.get(home) ?? [];
    pieces.set(home, {
      code: body.length > 0 ? printProgram({ type: "Program", sourceType: "module", body }).trim() : "",
      imports: new Map([...(importsOf.get(home) ?? new Map<string, Set<string>>())].sort(([a], [b]) => compareText(a, b)).map(([source, names]) => [source, [...names].sort(compareText)])),
      exports: [...(exportedBy.get(home) ?? [])].sort(compareText),
      runtimeImports: [...(runtimeOf.get(home) ?? [])].sort(compareText),
      validators: validators.get(home) ?? new Map(),
    });
  }
  return pieces;
}
