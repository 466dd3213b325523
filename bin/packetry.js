#!/usr/bin/env node
// The packetry command: runs the built CLI (npm install builds it into dist/).
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const built = join(root, "dist", "cli.js");
if (!existsSync(built)) {
  console.error("packetry is not built: run `npm run build` in " + root);
  process.exit(1);
}
await import(pathToFileURL(built).href);
