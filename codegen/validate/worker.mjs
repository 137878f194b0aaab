// Entry of a validate worker thread. Plain JavaScript, because workers start outside the CLI's esbuild bundle and
// Node 20 cannot strip types: it registers tsx for this thread, then runs worker-main.ts from source.
import { register } from "tsx/esm/api";

register();
await import("./worker-main.ts");
