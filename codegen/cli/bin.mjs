#!/usr/bin/env node
// Entry point of `schemagen`: runs the TypeScript CLI from source (Node 20 has no type stripping).
import { register } from "tsx/esm/api";

register();
await import("./cli.ts");
