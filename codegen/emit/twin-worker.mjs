// Entry of the all-errors compile thread when schemagen runs from source: Node 20 cannot strip types, so it
// registers tsx for this thread, then runs twin-worker-main.ts.
import { register } from "tsx/esm/api";

register();
await import("./twin-worker-main.ts");
