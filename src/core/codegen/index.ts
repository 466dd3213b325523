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

export function compileWriter(layout: LayerLayout, _layer: string): LayerCodecs["writeHeader"] {
  return (canGenerateCode() ? generatedWriter(layout) : null) ?? writeHeaderGeneric;
}
