// The passes over Ajv's standalone code, in the order they run: each is a named rewrite of one shape of the
// syntax tree (tree.ts), for speed or for loading as an ES module, without changing a verdict or an error.

import type { NodePass, Pass, PassContext } from "./pass.js";
import { ajvOptimize } from "./ajv-optimize.js";
import { branchErrors } from "./branch-errors.js";
import { closedObjects } from "./closed-objects.js";
import { codePointLengths } from "./code-point-lengths.js";
import { discardedErrors } from "./discarded-errors.js";
import { errorPushes } from "./error-pushes.js";
import { forInKeys } from "./for-in-keys.js";
import { keyVerdicts } from "./key-verdicts.js";
import { ownChecks } from "./own-checks.js";
import { pathCalls } from "./path-calls.js";
import { prototypeKeys } from "./prototype-keys.js";
import { runtimeImports } from "./runtime-imports.js";
import { schemaValues } from "./schema-values.js";
import { isIdentifier, parseProgram, printProgram, replaceNodes, type AstNode } from "./tree.js";

// The six node passes share a walk. discarded-errors reads vErrors, which none of the others touches, and edits
// statement lists once the walk is over (the others keep every list in place); closed-objects and path-calls read
// shapes none of them writes.
export const PASSES: Pass[] = [ajvOptimize, prototypeKeys, schemaValues, discardedErrors, ownChecks, forInKeys, keyVerdicts, runtimeImports, codePointLengths, closedObjects, pathCalls];

export interface RewrittenCode {
  /** The rewritten tree, for the split into modules. */
  program: AstNode;
  /** How many places each pass changed, by pass id. */
  changes: Record<string, number>;
}

/** The name Ajv's code gives Object.prototype.hasOwnProperty, when it uses it. */
function hasOwnAlias(program: AstNode): string | undefined {
  for (const statement of program.body) {
    const declarator = statement.type === "VariableDeclaration" && statement.declarations.length === 1 ? statement.declarations[0] : undefined;
    const init = declarator?.init;
    if (init?.type === "MemberExpression" && init.property?.name === "hasOwnProperty" && init.object?.type === "MemberExpression" && isIdentifier(init.object.object, "Object") && isIdentifier(declarator.id, /^func\d+$/)) {
      return declarator.id.name;
    }
  }
  return undefined;
}

/**
 * The passes the all-errors twin of a validator takes: those that make it a module and keep `__proto__` keys as
 * data, the one that marks where each oneOf/anyOf branch's errors start, and a shorter error push. The others tune the first-error path
 * for speed and match the shapes first-error code has.
 */
export const ALL_ERRORS_PASSES: Pass[] = [ajvOptimize, prototypeKeys, schemaValues, branchErrors, errorPushes, runtimeImports];

/** `schemaCopies`: the copies emit/ajv-module.ts left out of `code`; without them, Ajv's standaloneCode is read as it prints. */
export function rewriteAjvCode(code: string, passes: Pass[] = PASSES, schemaCopies?: Map<string, string>): RewrittenCode {
  const program = parseProgram(code);
  const context: PassContext = { hasOwn: hasOwnAlias(program), schemaCopies };
  const changes: Record<string, number> = {};
  for (let at = 0; at < passes.length; ) {
    const pass = passes[at]!;
    if ("run" in pass) {
      changes[pass.id] = pass.run(program, context);
      at++;
      continue;
    }
    const group: NodePass[] = [];
    for (let next = passes[at]; next && "start" in next; next = passes[++at]) group.push(next);
    runNodePasses(program, group, context, changes);
  }
  return { program, changes };
}

/** Consecutive node passes in one walk: each node, once the nodes below it are done, goes through them in order. */
function runNodePasses(program: AstNode, passes: NodePass[], context: PassContext, changes: Record<string, number>): void {
  const rewrites = passes.map((pass) => pass.start(program, context));
  const types = passes.map((pass) => new Set(pass.nodeTypes));
  // Most nodes are of a type no pass wants: one lookup by type passes them by.
  const wanted = new Set(passes.flatMap((pass) => pass.nodeTypes));
  const offered = (at: number, node: AstNode) => types[at]!.has(node.type) && rewrites[at]!.wants(node);
  replaceNodes(
    program,
    (node) => wanted.has(node.type) && rewrites.some((_, at) => offered(at, node)),
    (node, parent, field) => {
      let current = node;
      for (const [at, rewrite] of rewrites.entries()) if (offered(at, current)) current = rewrite.rewrite(current, parent, field);
      return current;
    },
  );
  passes.forEach((pass, index) => (changes[pass.id] = rewrites[index]!.finish()));
}

/**
 * Ajv's `code.process` for validators compiled in process with allErrors (`schemagen validate --all-errors`): the
 * branch marks the generated twins carry, so the report keeps the same closest branch.
 */
export function markBranchErrors(code: string): string {
  const program = parseProgram(code, { functionBody: true });
  return branchErrors.run(program, {}) === 0 ? code : printProgram(program);
}
