/**
 * Where a picture goes: the file named (Scapy's target "> path" is accepted too), or, without a
 * name, a temporary file that is opened in the desktop's viewer, else whose path is printed.
 */
import { host } from "./host.ts";

/** A file name as Scapy's functions take it: a path, or "> path" (shell redirection style). */
export function targetPath(target: string): string {
  const m = /^\s*>\s*(.+?)\s*$/.exec(target);
  const path = m ? m[1]! : target;
  if (path.trim() === "") throw new Error(`no file name in target ${JSON.stringify(target)}`);
  return path;
}

/** Writes data to `filename` or to a temporary file shown to the user; returns the path. */
export function deliver(data: Uint8Array | string, ext: string, filename?: string | null): string {
  if (filename !== undefined && filename !== null) {
    if (typeof filename !== "string") throw new TypeError(`the file name must be a string, not ${typeof filename}`);
    const path = targetPath(filename);
    host("writeFile")(path, data);
    return path;
  }
  const path = host("tempPath")(ext);
  host("writeFile")(path, data);
  if (!host("view")(path)) host("notify")(`written to ${path}`);
  return path;
}
