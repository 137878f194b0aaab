// Tests run schemagen as users do, from its built JavaScript: build it from the current sources first.
import { buildSchemagen } from "../scripts/build-schemagen.js";

export default async function setup(): Promise<void> {
  await buildSchemagen();
}
