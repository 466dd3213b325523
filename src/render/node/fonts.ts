/** The DejaVu fonts that PDF embeds and PNG draws with, read from the dejavu-fonts-ttf package. */
import type { Font } from "../draw/model.ts";
import type { FontFiles } from "../draw/pdf.ts";
import { builtin, resolvePackageFile } from "./builtins.ts";

const FILES: Record<Font, string> = { sans: "DejaVuSans.ttf", bold: "DejaVuSans-Bold.ttf", mono: "DejaVuSansMono.ttf" };

let paths: Record<Font, string> | null = null;
let bytes: FontFiles | null = null;

export function fontPaths(): Record<Font, string> {
  if (!paths) {
    const { dirname, join } = builtin<typeof import("node:path")>("node:path");
    const dir = join(dirname(resolvePackageFile("dejavu-fonts-ttf/package.json")), "ttf");
    paths = { sans: join(dir, FILES.sans), bold: join(dir, FILES.bold), mono: join(dir, FILES.mono) };
  }
  return paths;
}

export function fontFiles(): FontFiles {
  if (!bytes) {
    const fs = builtin<typeof import("node:fs")>("node:fs");
    const p = fontPaths();
    bytes = { sans: fs.readFileSync(p.sans), bold: fs.readFileSync(p.bold), mono: fs.readFileSync(p.mono) };
  }
  return bytes;
}
