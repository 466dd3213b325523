/**
 * Writing one header from its field values, field by field: the generic codec (layers get
 * generated code doing the same, see codegen/; this one serves custom layouts and places where
 * code cannot be generated). Computed fields left null write a placeholder (zero) that the build
 * fills once the payload is written.
 */
import { POW2 } from "../bytes.ts";
import type { Packet } from "../packet.ts";
import { stateValue } from "../read/values.ts";
import { WRITE_BITS, WRITE_CONDITIONAL, WRITE_DYNAMIC, type PacketState } from "../state.ts";
import type { Writer } from "../writer.ts";

/** Writes p's header at w.pos; spans (when given) receive each field's bit span [from, to) in w.buf (-1 when absent). */
export function writeHeaderGeneric(p: Packet, s: PacketState, w: Writer, spans: Int32Array | null): void {
  const layout = s.spec.layout;
  const fields = layout.fields;
  const kinds = layout.writeKinds;
  const n = fields.length;
  let acc = 0;
  let accBits = 0;
  for (let i = 0; i < n; i++) {
    const kind = kinds[i]!;
    let f = fields[i]!;
    let packed = (kind & WRITE_BITS) !== 0;
    if ((kind & (WRITE_CONDITIONAL | WRITE_DYNAMIC)) !== 0) {
      if (kind & WRITE_CONDITIONAL && !f.present(p)) continue;
      if (kind & WRITE_DYNAMIC) {
        f = f.resolve(p);
        packed = f.bitPacked;
      }
    }
    const value = stateValue(p, s, i);
    if (packed) {
      const bits = f.bits;
      if (spans !== null) {
        spans[2 * i] = w.pos * 8 + accBits;
        spans[2 * i + 1] = w.pos * 8 + accBits + bits;
      }
      acc = acc * POW2[bits]! + f.toBits(value, p);
      accBits += bits;
      if ((accBits & 7) === 0) {
        w.uint(acc, accBits >> 3);
        acc = 0;
        accBits = 0;
      }
      continue;
    }
    if (accBits !== 0) throw new Error(`${s.spec.name}: bit fields before ${f.name} do not fill whole bytes`);
    const at = w.pos;
    f.write(w, value, p);
    if (spans !== null) {
      spans[2 * i] = at * 8;
      spans[2 * i + 1] = w.pos * 8;
    }
  }
  if (accBits !== 0) w.uint(acc * POW2[8 - (accBits & 7)]!, (accBits + 7) >> 3);
}
