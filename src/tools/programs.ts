/**
 * Finding the programs the tools start (conf.prog): a clear error naming the program, the
 * Debian package and the conf.prog setting when it is not installed, and whether a display is
 * there for the graphical ones.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";
import { conf } from "../core/conf.ts";
import { PacketryError } from "../core/errors.ts";

/** conf.prog, as the tools read it. */
export const prog = new Proxy({} as typeof conf.prog, { get: (_, k) => (conf.prog as unknown as Record<string | symbol, unknown>)[k] });

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The path of a program (a name on $PATH, or a path), or null. */
export function whichProgram(name: string): string | null {
  if (name.includes("/")) return executable(name) ? (isAbsolute(name) ? name : join(process.cwd(), name)) : null;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) if (dir && executable(join(dir, name))) return join(dir, name);
  return null;
}

/** The program's path; when it is missing, an error saying what to install or set (`setting` is conf.prog's name for it). */
export function findProgram(name: string, setting: string, install: string): string {
  const path = whichProgram(name);
  if (path === null) throw new PacketryError(`${name} is not installed or not on PATH: install ${install}, or set conf.prog.${setting}`, "ENOENT");
  return path;
}

/** Is there a graphical display (X11 or Wayland) to open windows on? */
export function hasDisplay(): boolean {
  return !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}
