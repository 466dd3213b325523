/**
 * The Node side of pictures: fonts, PNG, files, viewer, progress bar, installed as the render
 * host. Importing it in a browser is harmless (nothing runs until a picture needs it).
 */
import { installRenderHost } from "../host.ts";
import { writeFile, tempPath, view } from "./files.ts";
import { fontFiles } from "./fonts.ts";
import { rasterize } from "./png.ts";
import { progressBar } from "./progress.ts";

const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";

if (isNode) {
  installRenderHost({
    fonts: fontFiles,
    rasterize,
    writeFile,
    tempPath,
    view,
    progress: (label, total) => progressBar(label, total),
    notify: (message) => console.log(message),
  });
}
