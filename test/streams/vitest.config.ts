// npm run test:streams: the tests that need Debian's redis-server (each file starts its own). They run the built
// packages that npm ci builds (streams/dist, codegen/dist), so there is no global setup rebuilding them.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["test/streams/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
});
