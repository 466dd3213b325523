/**
 * Node's modules, fetched when first used (process.getBuiltinModule), so src/render imports
 * nothing from Node and loads in a browser; only the calls that need Node fail there.
 */
type BuiltinGetter = (id: string) => unknown;

export function builtin<T>(id: string): T {
  const get = (globalThis as { process?: { getBuiltinModule?: BuiltinGetter } }).process?.getBuiltinModule;
  if (!get) throw new Error(`${id} is needed here: run on Node.js 20.16 or later`);
  return get(id) as T;
}

/** require() for packages (CommonJS, native addons such as @resvg/resvg-js), relative to this file. */
export function requirePackage<T>(name: string): T {
  const { createRequire } = builtin<typeof import("node:module")>("node:module");
  return createRequire(import.meta.url)(name) as T;
}

export function resolvePackageFile(name: string): string {
  const { createRequire } = builtin<typeof import("node:module")>("node:module");
  return createRequire(import.meta.url).resolve(name);
}
