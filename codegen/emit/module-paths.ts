// Where a schema file's code goes in the output: apart from module.ts, so a worker thread compiling validators
// loads nothing of the type emitter.

import path from "node:path";

/** The module of a schema file: its path in the schemas folder, `.json` → `.js`; files at the top go under root/. */
export function schemaModulePath(filePath: string): string {
  const withFolder = filePath.includes("/") ? filePath : `root/${filePath}`;
  const stem = withFolder.replace(/\.json$/, "");
  // A domain's index.js re-exports its files, so a schema named index.json keeps a name of its own.
  return path.posix.basename(stem) === "index" ? `${stem}.schema.js` : `${stem}.js`;
}
