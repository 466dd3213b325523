#!/usr/bin/env node
// The CommonJS build, for `require("packetry")`: one bundle of the same sources as dist/ (run
// after tsc, which writes dist/ and its .d.ts), in dist/cjs/ with a package.json that makes its
// .js CommonJS, and the declarations copied beside it so TypeScript in a CommonJS project reads
// them as CommonJS. Runtime dependencies stay external, except d3-scale and d3-shape, which are
// ES modules only (require() of an ES module needs Node 20.19+): they are bundled in.
// import.meta.url becomes this file's URL: dist/cjs/ is as deep as dist/<dir>/, so the paths
// the sources resolve from it (../../native, ../../package.json) are the same.
import { build } from "esbuild";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dist = join(root, "dist");
const out = join(dist, "cjs");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const bundled = new Set(["d3-scale", "d3-shape"]);
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {}), "esbuild"]
  .filter((d) => !bundled.has(d))
  .flatMap((d) => [d, `${d}/*`]);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, "src", "index.ts")],
  outfile: join(out, "index.js"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external,
  define: { "import.meta.url": "__packetryModuleUrl" },
  banner: { js: 'const __packetryModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
});
writeFileSync(join(out, "package.json"), '{ "type": "commonjs" }\n');

// The declarations, as tsc wrote them for dist/ (relative imports only, so they read the same here).
function copyDeclarations(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === out) continue;
    if (statSync(path).isDirectory()) copyDeclarations(path);
    else if (name.endsWith(".d.ts")) {
      const target = join(out, relative(dist, path));
      mkdirSync(join(target, ".."), { recursive: true });
      cpSync(path, target);
    }
  }
}
copyDeclarations(dist);
