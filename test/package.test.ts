// Both packages as users get them: packed to tarballs, installed into empty projects with npm, then used from ESM,
// require, tsc (nodenext and bundler), the CLI from a read-only node_modules, and the library API.

import { execFileSync, spawnSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/cli.js";

const TSC = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");
const NPM_FLAGS = ["--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];

let work: string;
let contractsTarball: string;
let toolTarball: string;

function run(command: string, args: string[], cwd: string, options: { asUser?: boolean } = {}) {
  // Root ignores file modes; a read-only install is only read-only to a user without privileges.
  const asNobody = options.asUser === true && process.getuid?.() === 0;
  const [file, argv] = asNobody ? ["setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", command, ...args]] : [command, args];
  const result = spawnSync(file, argv, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", HOME: asNobody ? "/tmp" : process.env.HOME } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function pack(args: string[]): string {
  // Scripts are skipped: the build ran before the tests, and rebuilding dist/ here would pull it from under the others.
  const output = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work, ...args], { cwd: REPO_ROOT, encoding: "utf8" });
  return path.join(work, (JSON.parse(output) as { filename: string }[])[0]!.filename);
}

async function project(name: string, manifest: Record<string, unknown> = {}): Promise<string> {
  const folder = path.join(work, name);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, "package.json"), JSON.stringify({ name, private: true, ...manifest }));
  return folder;
}

async function installedPackages(folder: string): Promise<string[]> {
  const names: string[] = [];
  const modules = path.join(folder, "node_modules");
  for (const entry of await readdir(modules)) {
    if (entry.startsWith(".")) continue;
    if (entry.startsWith("@")) names.push(...(await readdir(path.join(modules, entry))).map((scoped) => `${entry}/${scoped}`));
    else names.push(entry);
  }
  return names.sort();
}

async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/** A strict project of the user's with no ambient types beyond what the options name. */
async function writeTsconfig(folder: string, options: Record<string, unknown>, files: string[]): Promise<void> {
  const compilerOptions = { noEmit: true, strict: true, target: "es2022", types: [], isolatedModules: true, verbatimModuleSyntax: true, ...options };
  await writeFile(path.join(folder, "tsconfig.json"), JSON.stringify({ compilerOptions, files }));
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "schemagen-package-"));
  await chmod(work, 0o755); // the read-only CLI runs as another user
  contractsTarball = pack([]);
  toolTarball = pack(["--workspace", "schemagen"]);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("analytics-schemas, the contracts", () => {
  let consumer: string;

  beforeAll(async () => {
    consumer = await project("consumer", { type: "module" });
    execFileSync("npm", ["install", ...NPM_FLAGS, contractsTarball], { cwd: consumer });
  });

  it("installs as exactly one package, under 2 MB unpacked", async () => {
    expect(await installedPackages(consumer)).toEqual(["analytics-schemas"]);
    expect(await folderBytes(path.join(consumer, "node_modules/analytics-schemas"))).toBeLessThan(2 * 1024 * 1024);
  });

  it("imports under ESM and require, entry, domain and file, and resolves its package.json", async () => {
    const check = `
      const valid = { event_id: "0b7a3c3e-8a6f-4f5e-9d0b-3f1e2a4c5d6e" };
      console.log(JSON.stringify([
        typeof root.validateAnalyticsEvent, root.validateAnalyticsEvent(valid), root.AnalyticsEventType.PLAYBACK,
        domain.validateAnalyticsEvent === root.validateAnalyticsEvent, file.validateAnalyticsEvent === root.validateAnalyticsEvent,
      ]));`;
    const esm = run(process.execPath, ["--input-type=module", "-e", `
      import * as root from "analytics-schemas";
      import * as domain from "analytics-schemas/analytics";
      import * as file from "analytics-schemas/analytics/event.js";
      import manifest from "analytics-schemas/package.json" with { type: "json" };
      ${check}
      console.log(manifest.name);`], consumer);
    expect(esm.stderr).toBe("");
    expect(esm.stdout).toBe('["function",false,"PLAYBACK",true,true]\nanalytics-schemas\n');

    const required = run(process.execPath, ["--input-type=commonjs", "-e", `
      const root = require("analytics-schemas");
      const domain = require("analytics-schemas/analytics");
      const file = require("analytics-schemas/analytics/event.js");
      ${check}
      console.log(require("analytics-schemas/package.json").name);`], consumer);
    expect(required.stderr).toBe("");
    expect(required.stdout).toBe('["function",false,"PLAYBACK",true,true]\nanalytics-schemas\n');
  });

  it.each(["nodenext", "bundler"])("type-checks with %s resolution", async (resolution) => {
    const folder = path.join(consumer, `ts-${resolution}`);
    await mkdir(folder, { recursive: true });
    await writeFile(
      path.join(folder, "use.ts"),
      `import { validateAnalyticsEvent, type AnalyticsEvent } from "analytics-schemas";
import { validateMLModel } from "analytics-schemas/ml";
export function kind(data: unknown): string {
  if (validateAnalyticsEvent(data)) { const event: AnalyticsEvent = data; return event.event_type; }
  return validateMLModel(data) ? data.name : "unknown";
}
`,
    );
    const module = resolution === "nodenext" ? "nodenext" : "esnext";
    await writeTsconfig(folder, { module, moduleResolution: resolution }, ["use.ts"]);
    const result = run(process.execPath, [TSC, "-p", "."], folder);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});

describe("schemagen, the toolchain", () => {
  let tool: string;

  beforeAll(async () => {
    tool = await project("tool", { type: "module" });
    execFileSync("npm", ["install", ...NPM_FLAGS, "--save-dev", toolTarball], { cwd: tool });
    await mkdir(path.join(tool, "schemas"));
    await writeFile(
      path.join(tool, "schemas/order.json"),
      JSON.stringify({
        $schema: "http://json-schema.org/draft-04/schema#",
        id: "https://example.com/order.json",
        title: "Order",
        description: "An order.",
        type: "object",
        properties: { sku: { type: "string", description: "Stock unit.", pattern: "^[A-Z]{3}-[0-9]+$" }, quantity: { type: "integer", minimum: 1, description: "How many." } },
        required: ["sku", "quantity"],
        additionalProperties: false,
      }),
    );
    await writeFile(path.join(tool, "schemagen.config.json"), JSON.stringify({ schemas: "schemas", out: "src/contracts", lint: { rules: { "open-or-closed": "off" } } }));
  });

  it("ships built JavaScript with its types, and installs no compiler, bundler or ReDoS checker", async () => {
    const installed = await installedPackages(tool);
    for (const heavy of ["esbuild", "tsx", "typescript", "recheck", "recheck-linux-x64", "recheck-jar"]) expect(installed).not.toContain(heavy);
    const files = await readdir(path.join(tool, "node_modules/schemagen"), { recursive: true });
    expect(files.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))).toEqual([]);
    expect(files).toContain("dist/index.d.ts");
  });

  it("runs from a read-only node_modules: generate with the config file, then the output imports under ESM and require", async () => {
    await chmod(tool, 0o777);
    execFileSync("chmod", ["-R", "a-w", path.join(tool, "node_modules")]);
    try {
      const version = run(path.join(tool, "node_modules/.bin/schemagen"), ["--version"], tool, { asUser: true });
      expect(version.stdout).toBe("0.1.0\n");
      const generated = run(path.join(tool, "node_modules/.bin/schemagen"), ["generate"], tool, { asUser: true });
      expect(generated.stderr).toBe("");
      expect(generated.stdout).toBe("schemagen generate: wrote 11 files in src/contracts\n");
      const lint = run(path.join(tool, "node_modules/.bin/schemagen"), ["lint"], tool, { asUser: true });
      expect(lint.stdout).toBe(
        "order.json:1:215: warning pattern-redos at /properties/sku/pattern: 1 pattern(s) not checked for catastrophic backtracking: recheck is not installed (npm install --save-dev recheck@4.5.0)\n" +
          "schemagen lint: 0 error(s), 1 warning(s)\n",
      );
      expect(lint.status).toBe(0);
      // analytics-streams is an optional peer: without it, consume says what to install.
      const consume = run(path.join(tool, "node_modules/.bin/schemagen"), ["consume", "--redis", "redis://127.0.0.1:1"], tool, { asUser: true });
      expect(consume.stderr).toBe("error package-missing: schemagen consume needs the analytics-streams package, which is not installed: npm install analytics-streams\n");
      expect(consume.status).toBe(2);
    } finally {
      execFileSync("chmod", ["-R", "u+w", path.join(tool, "node_modules")]);
    }
    const order = { sku: "ABC-12", quantity: 2 };
    const esm = run(process.execPath, ["--input-type=module", "-e", `import { validateOrder } from "./src/contracts/index.js"; console.log(validateOrder(${JSON.stringify(order)}), validateOrder({ sku: "abc", quantity: 0 }));`], tool);
    expect(esm.stderr).toBe("");
    expect(esm.stdout).toBe("true false\n");
    const required = run(process.execPath, ["--input-type=commonjs", "-e", `const { validateOrder } = require("./src/contracts/index.js"); console.log(validateOrder(${JSON.stringify(order)}));`], tool);
    expect(required.stderr).toBe("");
    expect(required.stdout).toBe("true\n");
  });

  it("exports a typed library API: the README's build script runs, and its calls type-check", async () => {
    const readme = await readFile(path.join(REPO_ROOT, "README.md"), "utf8");
    const script = /```js\n(\/\/ build-contracts\.mjs[\s\S]*?)```/.exec(readme)![1]!;
    await writeFile(path.join(tool, "build-contracts.mjs"), script);
    await mkdir(path.join(tool, "fixtures"));
    await writeFile(path.join(tool, "fixtures/orders.ndjson"), '{"sku":"ABC-1","quantity":1}\n{"sku":"ABC-2","quantity":0}\n');
    const result = run(process.execPath, ["build-contracts.mjs"], tool);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(
      // false: the CLI generated the same output before
      "false 0 [ 'order.json:1 pattern-redos' ]\n1 1 [ 'fixtures/orders.ndjson:2:27 must be >= 1' ]\n",
    );

    await writeFile(path.join(tool, "build.ts"), script.replace("// build-contracts.mjs", "// build-contracts.ts"));
    // A build script's project has Node's types; the library's .d.ts are checked too (no skipLibCheck).
    await writeTsconfig(tool, { module: "nodenext", moduleResolution: "nodenext", typeRoots: [path.join(REPO_ROOT, "node_modules/@types")], types: ["node"] }, ["build.ts"]);
    const typed = run(process.execPath, [TSC, "-p", "."], tool);
    expect(typed.stdout + typed.stderr).toBe("");
  });
});
