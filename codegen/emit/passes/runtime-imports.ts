// ajv #1976, #2209: standalone output calls require() for its helpers even in ESM mode. Each require becomes the
// runtime export of the same helper (generated/runtime.js), and `const funcN = helper;` aliases go.

import { PassShapeError, type NodePass } from "./pass.js";
import { excerpt, identifier, isIdentifier, isLiteral, staticProperty, type AstNode } from "./tree.js";

/** What each `require()` in Ajv's output becomes: an export of generated/runtime.js. */
export const RUNTIME_IMPORTS: Record<string, string> = {
  'require("ajv/dist/runtime/ucs2length").default': "ucs2length",
  'require("ajv/dist/runtime/equal").default': "equal",
  'require("ajv-formats/dist/formats").fullFormats': "formats",
  'require("schemagen/runtime").compilePattern': "compilePattern",
  'require("schemagen/runtime").dateTimeBefore': "dateTimeBefore",
};

function requireOf(node: AstNode): string | undefined {
  if (node.type !== "CallExpression" || !isIdentifier(node.callee, "require") || node.arguments.length !== 1 || !isLiteral(node.arguments[0])) return undefined;
  return String(node.arguments[0].value);
}

/** `require("module").export` → the runtime export it stands for; throws for a helper the runtime lacks. */
function helperOf(node: AstNode): string {
  const key = `require(${JSON.stringify(requireOf(node.object))}).${staticProperty(node)}`;
  const name = RUNTIME_IMPORTS[key];
  if (!name) throw new PassShapeError("runtime-imports", `Ajv emitted an unknown runtime dependency: ${key}`);
  return name;
}

const isRequireMember = (node: AstNode) => node.type === "MemberExpression" && requireOf(node.object) !== undefined;

export const runtimeImports: NodePass = {
  id: "runtime-imports",
  expects: '`require("module").export` expressions (every one must be a known helper), a "use strict" directive, and `const funcN = require(…).export;` aliases',
  nodeTypes: ["Identifier", "CallExpression", "MemberExpression"],
  start(program) {
    let changes = 0;
    program.body = program.body.filter((statement: AstNode) => !(statement.type === "ExpressionStatement" && statement.directive === "use strict"));
    // `const func1 = require("schemagen/runtime").compilePattern;` and then `func1(…)`: the helper's own name reads better.
    const aliases = new Map<string, string>();
    program.body = program.body.filter((statement: AstNode) => {
      const declarator = statement.type === "VariableDeclaration" && statement.declarations.length === 1 ? statement.declarations[0] : undefined;
      if (declarator && /^func\d+$/.test(declarator.id.name ?? "") && declarator.init && isRequireMember(declarator.init)) {
        aliases.set(declarator.id.name, helperOf(declarator.init));
        changes++;
        return false;
      }
      return true;
    });
    return {
      wants: (node) => (node.type === "Identifier" && aliases.has(node.name)) || (node.type === "CallExpression" && isIdentifier(node.callee, "require")) || isRequireMember(node),
      rewrite(node, parent, field) {
        if (node.type === "Identifier" || node.type === "MemberExpression") {
          changes++;
          return identifier(node.type === "Identifier" ? aliases.get(node.name)! : helperOf(node));
        }
        // A require() that is not the object of `require(…).export`, which its member expression replaces.
        if (!(parent?.type === "MemberExpression" && field === "object" && requireOf(node) !== undefined)) {
          const name = requireOf(node);
          throw new PassShapeError("runtime-imports", `Ajv emitted an unknown runtime dependency: require(${name === undefined ? "…" : JSON.stringify(name)}): ${excerpt(node)}`);
        }
        return node;
      },
      finish: () => changes,
    };
  },
};
