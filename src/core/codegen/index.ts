/** Code generated from a layer's declaration: accessors, the constructor's keyword handling, the header writer. */
import type { LayerCodecs, LayerLayout } from "../state.ts";
import { writeHeaderGeneric } from "../write/header.ts";
import { genericInit } from "./init.ts";

export { compileAccessors } from "./accessors.ts";
export { compileConstructor } from "./constructor.ts";

export function compileInit(layout: LayerLayout, layer: string): LayerCodecs["init"] {
  return genericInit(layout, layer);
}

export function compileWriter(_layout: LayerLayout, _layer: string): LayerCodecs["writeHeader"] {
  return writeHeaderGeneric;
}
