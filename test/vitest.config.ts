import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    globalSetup: ["test/global-setup.ts"],
    include: ["test/**/*.test.ts"],
    // Tests that need Python installed run with npm run test:interop, so npm test passes after npm ci alone.
    exclude: ["test/interop/**", "**/node_modules/**"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Two cores: child processes (node, tsc) inside tests already use the second one.
    maxWorkers: 2,
  },
});
