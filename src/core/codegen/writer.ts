/**
 * A layer's header writer, generated from its declaration: one statement per field, in order,
 * with the bit-field runs and their byte boundaries worked out once, here. It does what the
 * generic writer (write/header.ts) does field by field, but each field's write is its own call
 * site, so V8 sees one field kind at each (the generic loop sees every kind at one: megamorphic).
 * Layouts where a field's kind or a bit run's place depends on the packet (a kind chosen per
 * packet, a conditional bit field, bit fields that do not fill whole bytes before another field)
 * keep the generic writer.
 */
import { POW2 } from "../bytes.ts";
import { Field } from "../field.ts";
import { overloadValues, stateValue } from "../read/values.ts";
import { RESET, WRITE_BITS, WRITE_CONDITIONAL, WRITE_DYNAMIC, type LayerCodecs, type LayerLayout } from "../state.ts";
import { generate } from "./generate.ts";

type WriteHeader = LayerCodecs["writeHeader"];

/** The generated writer, or null when the layout needs the generic one. */
export function generatedWriter(layout: LayerLayout): WriteHeader | null {
  const lines: string[] = [];
  const bindings: Record<string, unknown> = { stateValue, overloadValues, RESET };
  let accBits = 0;
  for (let i = 0; i < layout.fields.length; i++) {
    const f = layout.fields[i]!;
    const kind = layout.writeKinds[i]!;
    if (kind & WRITE_DYNAMIC) return null;
    const packed = (kind & WRITE_BITS) !== 0;
    const conditional = (kind & WRITE_CONDITIONAL) !== 0;
    if (conditional && (packed || accBits !== 0)) return null;
    if (!packed && accBits !== 0) return null;
    bindings[`F${i}`] = f;
    // A built packet's value: set, else pushed down by its payload's binding, else the default
    // (stateValue's order, without its lookups); a dissected one asks stateValue.
    const plainDefault = f.defaultFor === Field.prototype.defaultFor;
    if (plainDefault) bindings[`D${i}`] = f.defaultValue;
    const fallback = `ov !== null && ov[${i}] !== undefined ? ov[${i}] : ${plainDefault ? `D${i}` : `F${i}.defaultFor(p)`}`;
    const body: string[] = [`if (dissected) v = stateValue(p, s, ${i}); else { v = vals === null ? undefined : vals[${i}]; if (v === undefined || v === RESET) v = ${fallback}; }`];
    if (packed) {
      body.push(`if (spans !== null) { spans[${2 * i}] = w.pos * 8 + ${accBits}; spans[${2 * i + 1}] = w.pos * 8 + ${accBits + f.bits}; }`);
      body.push(`acc = acc * ${2 ** f.bits} + F${i}.toBits(v, p);`);
      accBits += f.bits;
      if ((accBits & 7) === 0) {
        body.push(`w.uint(acc, ${accBits >> 3}); acc = 0;`);
        accBits = 0;
      }
    } else {
      body.push(`at = w.pos;`, `F${i}.write(w, v, p);`, `if (spans !== null) { spans[${2 * i}] = at * 8; spans[${2 * i + 1}] = w.pos * 8; }`);
    }
    lines.push(conditional ? `if (F${i}.present(p)) { ${body.join(" ")} }` : body.join("\n"));
  }
  if (accBits !== 0) lines.push(`w.uint(acc * ${POW2[8 - (accBits & 7)]}, ${(accBits + 7) >> 3});`);
  const prologue = `const dissected = s.buf !== null; const vals = s.values; const pl = s.payload;
const ov = dissected || pl === null || pl === undefined ? null : overloadValues(s.spec, pl._s.spec);
let v, at, acc = 0;`;
  return generate<WriteHeader>(`return function writeHeader(p, s, w, spans) {\n${prologue}\n${lines.join("\n")}\n};`, bindings);
}
