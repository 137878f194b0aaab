import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    globalSetup: ["test/global-setup.ts"],
    include: ["test/**/*.test.ts"],
    // Tests that need a Debian package run apart, so npm test passes after npm ci alone: Python's jsonschema
    // (npm run test:interop) and redis-server (npm run test:streams).
    exclude: ["test/interop/**", "test/streams/**", "**/node_modules/**"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Two cores: child processes (node, tsc) inside tests already use the second one.
    maxWorkers: 2,
  },
});
