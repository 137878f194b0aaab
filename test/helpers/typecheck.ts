// Runs the TypeScript compiler over generated declarations plus a file of typed values, as a user's build would.

import { spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { stringLiteral } from "../../codegen/emit/code.js";
import { REPO_ROOT } from "./cli.js";

const TSC = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");

export interface TypedValue {
  /** Module path relative to the output folder, e.g. "analytics/index.js". */
  module: string;
  type: string;
  value: unknown;
  label: string;
}

/** A TypeScript expression for a JSON value, for the type checker only (TypeScript types `"__proto__"` as a key). */
export function typescriptLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(typescriptLiteral).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const members = Object.entries(value).map(([key, item]) => `${stringLiteral(key)}: ${typescriptLiteral(item)}`);
    return `{ ${members.join(", ")} }`;
  }
  return typeof value === "string" ? stringLiteral(value) : JSON.stringify(value);
}

/**
 * Writes `typed-values.ts` beside the output folder `out` (whose parent is `folder`) and compiles everything with the
 * strictest settings users combine with generated code. Returns tsc's output; empty means it compiled.
 */
export async function typecheck(folder: string, outName: string, values: TypedValue[], extraSource = ""): Promise<string> {
  const imports = new Map<string, Set<string>>();
  for (const { module, type } of values) imports.set(module, (imports.get(module) ?? new Set()).add(type));
  const lines = [...imports].map(([module, types]) => `import type { ${[...types].join(", ")} } from "./${outName}/${module}";`);
  values.forEach((entry, index) => lines.push(`// ${entry.label.replace(/[\r\n\u2028\u2029]/g, " ")}\nexport const value${index}: ${entry.type} = ${typescriptLiteral(entry.value)};`));
  await writeFile(path.join(folder, "package.json"), JSON.stringify({ type: "module" }));
  await writeFile(path.join(folder, "typed-values.ts"), lines.join("\n") + "\n" + extraSource);
  await writeFile(
    path.join(folder, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        isolatedModules: true,
        verbatimModuleSyntax: true,
        exactOptionalPropertyTypes: false,
        skipLibCheck: false,
        types: [],
      },
      include: [`${outName}/**/*.d.ts`, "typed-values.ts"],
    }),
  );
  const result = spawnSync(process.execPath, [TSC, "-p", path.join(folder, "tsconfig.json")], { encoding: "utf8" });
  return (result.stdout + result.stderr).trim();
}
