/** Files, temporary paths and the desktop's viewer, for pictures written on Node. */
import { builtin } from "./builtins.ts";

type Fs = typeof import("node:fs");

export function writeFile(path: string, data: Uint8Array | string): void {
  const fs = builtin<Fs>("node:fs");
  try {
    fs.writeFileSync(path, data);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === "EACCES" || err.code === "EPERM" ? "permission denied" : err.code === "ENOENT" ? "no such directory" : err.code === "EISDIR" ? "it is a directory" : err.code === "ENOTDIR" ? "a parent is not a directory" : err.message;
    throw new Error(`cannot write ${path}: ${why}${err.code ? ` (${err.code})` : ""}`, { cause: e });
  }
}

let counter = 0;

export function tempPath(ext: string): string {
  const os = builtin<typeof import("node:os")>("node:os");
  const path = builtin<typeof import("node:path")>("node:path");
  const stamp = `${process.pid}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
  return path.join(os.tmpdir(), `packetry-${stamp}${ext}`);
}

/** Opens path with xdg-open when a desktop is there (DISPLAY or WAYLAND_DISPLAY); false otherwise. */
export function view(path: string): boolean {
  const env = process.env;
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return false;
  const cp = builtin<typeof import("node:child_process")>("node:child_process");
  const found = cp.spawnSync("sh", ["-c", "command -v xdg-open"], { stdio: "ignore" });
  if (found.status !== 0) return false;
  const child = cp.spawn("xdg-open", [path], { stdio: "ignore", detached: true });
  child.on("error", () => {});
  child.unref();
  return true;
}
