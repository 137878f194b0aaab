// Entry of a validator compile thread when schemagen runs from source: Node 20 cannot strip types, so it registers
// tsx for this thread, then runs compile-worker-main.ts.
import { register } from "tsx/esm/api";

register();
await import("./compile-worker-main.ts");
