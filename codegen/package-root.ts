// schemagen's own folder (codegen/ in the repository), found from wherever this code runs: source or dist/.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "schemagen";

function findPackageRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8")) as { name?: string };
      if (manifest.name === PACKAGE_NAME) return folder;
    } catch {
      // no package.json here
    }
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`cannot find the ${PACKAGE_NAME} package folder above ${fileURLToPath(import.meta.url)}`);
    folder = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();
