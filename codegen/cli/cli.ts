// The schemagen process: run the program, exit with its code.
import { main } from "./program.js";

process.exitCode = await main(process.argv.slice(2));
