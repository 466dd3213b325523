/** Code generated from a layer's declaration: accessors, the constructor's keyword handling, the header writer. */
import type { LayerCodecs, LayerLayout } from "../state.ts";
import { writeHeaderGeneric } from "../write/header.ts";
import { canGenerateCode } from "./generate.ts";
import { genericInit } from "./init.ts";
import { generatedWriter } from "./writer.ts";

export { compileAccessors } from "./accessors.ts";
export { compileConstructor } from "./constructor.ts";

export function compileInit(layout: LayerLayout, layer: string): LayerCodecs["init"] {
  return genericInit(layout, layer);
}

/**
 * The header writer: generated when the layer is first built (most of the thousand layers never
 * are in a session, and generating them all would slow every start), then kept in its codecs.
 */
export function compileWriter(layout: LayerLayout, _layer: string, codecs: () => LayerCodecs): LayerCodecs["writeHeader"] {
  if (!canGenerateCode()) return writeHeaderGeneric;
  return (p, s, w, spans) => {
    const write = generatedWriter(layout) ?? writeHeaderGeneric;
    codecs().writeHeader = write;
    write(p, s, w, spans);
  };
}
