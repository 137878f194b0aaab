// All-errors code only. A failed oneOf or anyOf reports every branch's errors, then its own. So that the report can
// keep only the closest branch (emit/runtime/report.js), each such error gets `branches`: where each branch's errors
// start, and where they end, counted from the combinator's first error. Offsets, not indexes: a callee's errors
// land in its caller's list at any index, but the branches' errors always sit right before the combinator's.
//
//   const _errs2 = errors; let valid1 = false; …            → + `const branches0 = [];`
//   const _errs3 = errors; …branch…; var _valid0 = _errs3 === errors; <a statement reading _valid0 and valid1>
//                                                           → + `branches0.push(_errs3 - _errs2);` after the first
//   (each later branch runs inside an `if` on the verdicts so far; a `true`/`false` branch is `var _validJ = true;`)
//   if (!valid1) { const err4 = {…keyword: "oneOf"…}; … } else { errors = _errs2; … }
//                                                           → + `branches0.push(errors - _errs2);`, `branches: branches0`

import { PassShapeError, type ProgramPass } from "./pass.js";
import { call, excerpt, forEachNode, identifier, isIdentifier, literalValue, member, statementLists, type AstNode } from "./tree.js";

const COMBINATORS = new Set(["oneOf", "anyOf"]);

const errorsSince = (start: string): AstNode => ({ type: "BinaryExpression", operator: "-", left: identifier("errors"), right: identifier(start) });
const push = (list: string, value: AstNode): AstNode => ({ type: "ExpressionStatement", expression: call(member(identifier(list), "push"), [value]) });

/** `const errN = {…, keyword: "oneOf", …}` as the first statement of a block: the literal. */
function combinatorError(block: AstNode | null): AstNode | undefined {
  const first = block?.type === "BlockStatement" ? block.body[0] : undefined;
  const init = first?.type === "VariableDeclaration" && first.declarations.length === 1 ? first.declarations[0].init : undefined;
  if (init?.type !== "ObjectExpression") return undefined;
  const keyword = init.properties.find((property: AstNode) => isIdentifier(property.key, "keyword"));
  return keyword && COMBINATORS.has(literalValue(keyword.value) as string) ? init : undefined;
}

/** `const _errsN = errors;`: its name. */
function errorCountDeclaration(statement: AstNode | undefined): string | undefined {
  const declarator = statement?.type === "VariableDeclaration" && statement.declarations.length === 1 ? statement.declarations[0] : undefined;
  return declarator && isIdentifier(declarator.id, /^_errs\d+$/) && isIdentifier(declarator.init, "errors") ? declarator.id.name : undefined;
}

/**
 * A branch's verdict: `var _validM = _errsK === errors;` ([_validM, _errsK]), or, for a branch that is `true`, `false`
 * or `{}`, `var _validM = true;` or `= false;` ([_validM], its errors, if any, pushed after it).
 */
function branchVerdict(statement: AstNode | undefined): [string, string?] | undefined {
  const declarator = statement?.type === "VariableDeclaration" && statement.declarations.length === 1 ? statement.declarations[0] : undefined;
  const test = declarator?.init;
  if (!isIdentifier(declarator?.id, /^_valid\d+$/)) return undefined;
  if (test?.type === "Literal" && typeof test.value === "boolean") return [declarator.id.name];
  if (test?.type !== "BinaryExpression" || test.operator !== "===" || !isIdentifier(test.left, /^_errs\d+$/) || !isIdentifier(test.right, "errors")) return undefined;
  return [declarator.id.name, test.left.name];
}

function mentions(node: AstNode | undefined, names: string[]): boolean {
  const missing = new Set(names);
  // Stops descending once every name is found: readers of a verdict can be whole branches.
  if (node) forEachNode(node, (child) => (missing.size === 0 ? false : void (child.type === "Identifier" && missing.delete(child.name))));
  return missing.size === 0;
}

/**
 * The statement lists a combinator's branches run in, as [list, from, to): its own list between the count of its
 * start and its error, and the blocks of each `if` there that tests its verdict, where Ajv puts the next branch
 * (oneOf: `if (_validJ && validN) {…} else {…}`, anyOf: `if (!validN) {…}`).
 */
function branchLists(list: AstNode[], from: number, to: number, valid: string): [AstNode[], number, number][] {
  const lists: [AstNode[], number, number][] = [[list, from, to]];
  for (let index = from; index < to; index++) {
    const statement = list[index]!;
    if (statement.type !== "IfStatement" || !mentions(statement.test, [valid])) continue;
    for (const block of [statement.consequent, statement.alternate]) {
      if (block?.type === "BlockStatement") lists.push(...branchLists(block.body, 0, block.body.length, valid));
    }
  }
  return lists;
}

export const branchErrors: ProgramPass = {
  id: "branch-errors",
  expects: "each failed oneOf/anyOf as `if (!validN) { const errM = {…}; … } else { errors = _errsS; … }` after its branches, each `const _errsK = errors; …; var _validJ = _errsK === errors;`",
  run(program) {
    let changes = 0;
    for (const list of statementLists(program)) {
      for (let at = 0; at < list.length; at++) {
        const statement = list[at]!;
        if (statement.type !== "IfStatement" || statement.test.type !== "UnaryExpression" || statement.test.operator !== "!") continue;
        const error = combinatorError(statement.consequent);
        if (!error) continue;
        const valid = statement.test.argument;
        const reset = statement.alternate?.type === "BlockStatement" ? statement.alternate.body[0]?.expression : undefined;
        if (!isIdentifier(valid, /^valid\d+$/) || reset?.type !== "AssignmentExpression" || !isIdentifier(reset.left, "errors") || !isIdentifier(reset.right, /^_errs\d+$/)) {
          throw new PassShapeError("branch-errors", `a oneOf/anyOf error outside \`if (!validN) {…} else { errors = _errsS; … }\`: ${excerpt(statement)}`);
        }
        const start = reset.right.name as string;
        const startAt = list.findIndex((candidate, index) => index < at && errorCountDeclaration(candidate) === start);
        if (startAt === -1) throw new PassShapeError("branch-errors", `no \`const ${start} = errors;\` before the oneOf/anyOf: ${excerpt(statement)}`);
        const branches = `branches${changes}`;
        // Where each branch starts: after its `const _errsK = errors;`, found through its verdict.
        const insertions: [AstNode[], number][] = [];
        for (const [branchList, from, to] of branchLists(list, startAt + 1, at, valid.name)) {
          for (let index = from; index < to; index++) {
            const verdict = branchVerdict(branchList[index]);
            if (!verdict) continue;
            // The first statement after it that reads the verdict must read the combinator's too.
            const reader = branchList.slice(index + 1).find((candidate) => mentions(candidate, [verdict[0]]));
            if (!mentions(reader, [valid.name])) continue;
            if (verdict[1] === undefined) {
              insertions.push([branchList, index]);
              continue;
            }
            const count = verdict[1];
            const declaredAt = branchList.findIndex((candidate, candidateAt) => candidateAt >= from && candidateAt < index && errorCountDeclaration(candidate) === count);
            if (declaredAt === -1) throw new PassShapeError("branch-errors", `the branch count ${count} is not declared before its verdict: ${excerpt(branchList[index])}`);
            insertions.push([branchList, declaredAt + 1]);
          }
        }
        if (insertions.length === 0) throw new PassShapeError("branch-errors", `no branches found for the oneOf/anyOf: ${excerpt(statement)}`);
        // Later places first, so earlier indexes stay right; the combinator's own list gains its declaration last.
        for (const [branchList, index] of insertions.sort((a, b) => b[1] - a[1])) branchList.splice(index, 0, push(branches, errorsSince(start)));
        statement.consequent.body.unshift(push(branches, errorsSince(start)));
        error.properties.push({ type: "Property", key: identifier("branches"), value: identifier(branches), kind: "init", computed: false, method: false, shorthand: false });
        list.splice(startAt + 1, 0, { type: "VariableDeclaration", kind: "const", declarations: [{ type: "VariableDeclarator", id: identifier(branches), init: { type: "ArrayExpression", elements: [] } }] });
        at += insertions.filter(([branchList]) => branchList === list).length + 1;
        changes++;
      }
    }
    return changes;
  },
};
