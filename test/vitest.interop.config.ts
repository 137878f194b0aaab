import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// npm run test:interop: the tests that need other languages' validators installed (Debian python3-jsonschema).
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: { globalSetup: ["test/global-setup.ts"], include: ["test/interop/**/*.test.ts"], testTimeout: 180_000, maxWorkers: 2 },
});
