// Splits one dialect's rewritten program into a module per schema file: each validator function goes to the file
// its schema comes from, each constant to the first module that uses it, and a name one module takes from another
// becomes an import. Shared definitions are then emitted once, and importing one validator loads what it reaches.

import { PassShapeError } from "./pass.js";
import { excerpt, forEachNode, isIdentifier, printProgram, staticProperty, type AstNode } from "./tree.js";
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
  if (!isIdentifier(expression.right)) throw new PassShapeError("split", `an export of something other than a function name: ${excerpt(statement)}`);
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
  // A constant built from nothing but runtime helpers and literals (a format check, a pattern, a list of names) is
  // copied into each module that uses it: importing one validator then loads no other file's module for it.
  const copied = new Set(entries.filter((entry) => entry.statement.type === "VariableDeclaration" && [...entry.references].every((name) => !declaredBy.has(name) || entry.declares.includes(name))));
  // Whatever else has no home of its own lives with the first module (by path) that uses it.
  const referrers = new Map<string, Entry[]>();
  for (const entry of entries) {
    for (const name of entry.references) {
      if (!declaredBy.has(name) || entry.declares.includes(name)) continue;
      const list = referrers.get(name);
      if (list) list.push(entry);
      else referrers.set(name, [entry]);
    }
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const entry of entries) {
      if (entry.home !== undefined || entry.declares.length === 0 || copied.has(entry)) continue;
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
  hostCycles(entries, declaredBy);
  const pieces = new Map<string, ModulePiece>();
  const copiesFor = new Map<string, Set<Entry>>();
  for (const entry of entries) {
    if (entry.home === undefined || copied.has(entry)) continue;
    for (const name of entry.references) {
      const source = declaredBy.get(name);
      if (source && copied.has(source)) copiesFor.set(entry.home, (copiesFor.get(entry.home) ?? new Set()).add(source));
    }
  }
  // The modules each statement goes to: its home, or every module that uses a copied constant; none for a statement
  // nobody reaches (an unused constant).
  const homesOf = new Map<Entry, string[]>();
  for (const [home, needed] of copiesFor) for (const entry of needed) homesOf.set(entry, [...(homesOf.get(entry) ?? []), home]);
  for (const entry of entries) if (!copied.has(entry)) homesOf.set(entry, entry.home === undefined ? [] : [entry.home]);
  const statementsOf = new Map<string, AstNode[]>();
  for (const entry of entries) {
    if (exportAssignment(entry.statement)) continue;
    for (const home of homesOf.get(entry) ?? []) {
      const list = statementsOf.get(home);
      if (list) list.push(entry.statement);
      else statementsOf.set(home, [entry.statement]);
    }
  }
  const homes = [...new Set([...statementsOf.keys(), ...validators.keys()])].sort(compareText);
  const exportedBy = new Map<string, Set<string>>();
  const importsOf = new Map<string, Map<string, Set<string>>>();
  const runtimeOf = new Map<string, Set<string>>();
  for (const entry of entries) {
    for (const home of homesOf.get(entry) ?? []) {
      for (const name of entry.references) if (runtimeNames.has(name) && !declaredBy.has(name)) runtimeOf.set(home, (runtimeOf.get(home) ?? new Set()).add(name));
    }
    if (entry.home === undefined || copied.has(entry)) continue;
    for (const name of entry.references) {
      if (copied.has(declaredBy.get(name)!)) continue;
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

/**
 * Files whose schemas refer to each other in a cycle would import each other, and a module of the cycle could then
 * read a binding of another before that one has run. The code of each cycle lives in one module (the first by path)
 * instead, which the others import from: the imports form a DAG, so every binding is set before it is read.
 */
function hostCycles(entries: Entry[], declaredBy: Map<string, Entry>): void {
  const edges = new Map<string, Set<string>>();
  for (const entry of entries) {
    if (entry.home === undefined) continue;
    for (const name of entry.references) {
      const source = declaredBy.get(name)?.home;
      if (source !== undefined && source !== entry.home) edges.set(entry.home, (edges.get(entry.home) ?? new Set()).add(source));
    }
  }
  // Tarjan's strongly connected components, iteratively.
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const host = new Map<string, string>();
  const nodes = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((targets) => [...targets])])].sort(compareText);
  for (const start of nodes) {
    if (order.has(start)) continue;
    const work: { node: string; targets: string[]; next: number }[] = [{ node: start, targets: [...(edges.get(start) ?? [])].sort(compareText), next: 0 }];
    order.set(start, order.size);
    low.set(start, order.get(start)!);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.next < frame.targets.length) {
        const target = frame.targets[frame.next++]!;
        if (!order.has(target)) {
          order.set(target, order.size);
          low.set(target, order.get(target)!);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, targets: [...(edges.get(target) ?? [])].sort(compareText), next: 0 });
        } else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node)!, order.get(target)!));
        continue;
      }
      work.pop();
      if (work.length > 0) low.set(work[work.length - 1]!.node, Math.min(low.get(work[work.length - 1]!.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== order.get(frame.node)) continue;
      const component: string[] = [];
      for (let member = stack.pop()!; ; member = stack.pop()!) {
        onStack.delete(member);
        component.push(member);
        if (member === frame.node) break;
      }
      if (component.length < 2) continue;
      const first = component.sort(compareText)[0]!;
      for (const member of component) host.set(member, first);
    }
  }
  if (host.size === 0) return;
  for (const entry of entries) {
    // An exported validator stays in its own file's module, which imports it from the host.
    if (entry.home !== undefined && host.has(entry.home) && !exportAssignment(entry.statement)) entry.home = host.get(entry.home);
  }
}
