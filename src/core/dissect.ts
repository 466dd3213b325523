/**
 * Dissection: reads a layer's header from bytes, lazily. Fixed fields are decoded on access,
 * straight from the bytes; only the header's extent is worked out up front. A dissector never
 * throws on bytes: a header cut inside a field makes the layer Raw (the outermost layer keeps
 * the fields it had and puts the rest in Raw), and an exception becomes Raw.
 */
import { conf } from "./conf.ts";
import { Measured } from "./field.ts";
import { fallbackValue, getValue, PacketState, type Packet } from "./packet.ts";
import { registry, WRITE_CONDITIONAL, WRITE_DYNAMIC, type BindingGroup, type CompiledBinding, type GuessTable, type LayerSpec } from "./spec.ts";
import { pySliceLength } from "./fields/strings.ts";

const EMPTY = new Uint8Array(0);

/**
 * Per-field offsets of dissected layers are views of a shared pool: a typed array of more than
 * 64 bytes of its own is allocated outside V8's heap, which costs microseconds.
 */
const OFFSETS_POOL = 16 * 1024;
let offsetsPool = new Int32Array(OFFSETS_POOL);
let offsetsUsed = 0;

function allocOffsets(n: number): Int32Array {
  if (n > OFFSETS_POOL / 8) return new Int32Array(n).fill(-1);
  if (offsetsUsed + n > OFFSETS_POOL) {
    offsetsPool = new Int32Array(OFFSETS_POOL);
    offsetsUsed = 0;
  }
  const out = offsetsPool.subarray(offsetsUsed, offsetsUsed + n);
  offsetsUsed += n;
  for (let i = 0; i < n; i++) out[i] = -1;
  return out;
}

/** Bytes that follow a payload and must come out as Padding after it (linked: inner first). */
export interface PadLink {
  readonly start: number;
  readonly end: number;
  readonly next: PadLink | null;
}

/** Dissects spec's layer from buf[start, end). `top` is the layer the user asked for. */
export function dissectLayer(spec: LayerSpec, buf: Uint8Array, start: number, end: number, under: Packet | null, trailer: PadLink | null, top: boolean): Packet {
  const dispatch = spec.hooks.dispatch;
  if (dispatch) spec = dispatch(buf, start, end)?.spec ?? spec;
  const s = new PacketState(spec);
  s.buf = buf;
  s.start = start;
  s.end = end;
  s.under = under;
  s.trailer = trailer;
  s.payload = undefined;
  const p = new spec.Impl(s);
  if (!readHeader(p, s, spec)) {
    if (!top) return rawOver(buf, start, end, under, trailer);
    s.truncated = true;
    s.payEnd = end;
    return p;
  }
  spec.hooks.postDissect?.(p);
  const extract = spec.hooks.extractPadding;
  if (extract) {
    // Only hooks that take the rest of the bytes get a view of them (no allocation otherwise).
    const n = extract.length > 1 ? extract(p, buf.subarray(s.hdrEnd, end)) : extract(p, EMPTY);
    s.payEnd = n === null ? end : s.hdrEnd + pySliceLength(end - s.hdrEnd, n);
  } else s.payEnd = end;
  return p;
}

/** Works out where each field is. False when a field is cut short (Scapy's struct error). */
function readHeader(p: Packet, s: PacketState, spec: LayerSpec): boolean {
  const avail = s.end - s.start;
  if (spec.allFixed) {
    const need = spec.headerBits >> 3;
    if (avail >= need) {
      s.nf = spec.fields.length;
      s.hdrEnd = s.start + need;
      return true;
    }
    // Short: fields that fit are kept; the first field that does not fit either starts exactly
    // at the end (a clean stop, as Scapy's "no bytes left") or is cut (an error).
    const fields = spec.fields;
    for (let i = 0; i < fields.length; i++) {
      const startBit = spec.fixedStart[i]!;
      if (startBit + fields[i]!.bits <= avail * 8) continue;
      s.nf = i;
      s.hdrEnd = s.start + (startBit >> 3);
      return (startBit & 7) === 0 && startBit >> 3 === avail;
    }
    return true;
  }
  return readVariableHeader(p, s, spec, avail);
}

function readVariableHeader(p: Packet, s: PacketState, spec: LayerSpec, avail: number): boolean {
  const fields = spec.fields;
  const n = fields.length;
  const offs = spec.needsOffsets ? allocOffsets(2 * n) : null;
  s.offs = offs;
  const buf = s.buf!;
  let bit = 0;
  let first = 0;
  // The leading fixed fields need no walking when the bytes hold them all.
  const prefixBits = spec.fixedPrefixBits;
  if (prefixBits > 0 && prefixBits <= avail * 8) {
    first = spec.fixedPrefixCount;
    bit = prefixBits;
    if (offs !== null) {
      for (let i = 0; i < first; i++) {
        offs[2 * i] = spec.fixedStart[i]!;
        offs[2 * i + 1] = spec.fixedStart[i]! + fields[i]!.bits;
      }
    }
  }
  for (let i = first; i < n; i++) {
    s.nf = i;
    // Nothing left at a byte boundary: the remaining fields keep their defaults (Scapy stops there).
    if ((bit & 7) === 0 && bit >> 3 >= avail) {
      s.hdrEnd = s.start + (bit >> 3);
      return true;
    }
    // A run of fixed fields that the bytes hold entirely: offsets by addition, no per-field calls.
    const runEnd = spec.runEnd[i]!;
    if (runEnd > i + 1 && bit + spec.runBits[i]! <= avail * 8) {
      if (offs !== null) {
        for (let j = i; j < runEnd; j++) {
          offs[2 * j] = bit;
          bit += fields[j]!.bits;
          offs[2 * j + 1] = bit;
        }
      } else bit += spec.runBits[i]!;
      i = runEnd - 1;
      continue;
    }
    const declared = fields[i]!;
    const kind = spec.writeKinds[i]!;
    if (kind & WRITE_CONDITIONAL && !declared.present(p)) continue;
    const f = kind & WRITE_DYNAMIC ? declared.resolve(p) : declared;
    let size: number;
    if (f.bits >= 0 && !f.lenient) {
      size = f.bits;
      if (bit + size > avail * 8) {
        s.hdrEnd = s.start + (bit >> 3);
        return false;
      }
    } else {
      const m = f.measure(p, buf, s.start + (bit >> 3), s.end);
      if (m instanceof Measured) {
        size = m.length * 8;
        (s.values ??= new Array(n))[i] = m.value;
        if (declared.mutable) s.exposed = true;
      } else size = m * 8;
      if (size < 0) {
        s.hdrEnd = s.start + (bit >> 3);
        return false;
      }
    }
    if (offs !== null) {
      offs[2 * i] = bit;
      offs[2 * i + 1] = bit + size;
    }
    bit += size;
  }
  s.nf = n;
  s.hdrEnd = s.start + ((bit + 7) >> 3);
  return true;
}

/**
 * The bytes field `name` was dissected from, or null when p was not dissected or the field was
 * absent. Lets a field that normalises on write (padding, alignment) keep what was on the wire.
 */
export function dissectedFieldBytes(p: Packet, name: string): Uint8Array | null {
  const s = p._s;
  const i = s.spec.fieldIndex.get(name);
  if (s.buf === null || i === undefined || i >= s.nf) return null;
  let startBit: number;
  let endBit: number;
  if (s.offs !== null) {
    startBit = s.offs[2 * i]!;
    endBit = s.offs[2 * i + 1]!;
    if (startBit < 0) return null;
  } else {
    const f = s.spec.fields[i]!;
    startBit = s.spec.fixedStart[i]!;
    endBit = f.bits >= 0 && !f.lenient ? startBit + f.bits : (s.hdrEnd - s.start) * 8;
  }
  return s.buf.subarray(s.start + (startBit >> 3), s.start + (endBit >> 3));
}

/** Decodes field i of a dissected packet from its bytes; mutable results are cached on the packet. */
export function decodeField(p: Packet, i: number): unknown {
  const s = p._s;
  const spec = s.spec;
  const declared = spec.fields[i]!;
  const offs = s.offs;
  // A field at a fixed place, of a fixed size, read straight from the bytes.
  const fixed = spec.fixedStart[i]!;
  if (offs === null && fixed >= 0 && spec.directRead[i] === 1) return declared.readFixed(s.buf!, s.start + (fixed >> 3), fixed & 7);
  let startBit: number;
  let endBit: number;
  if (offs !== null) {
    startBit = offs[2 * i]!;
    if (startBit < 0) return fallbackValue(p, s, i);
    endBit = offs[2 * i + 1]!;
  } else {
    startBit = spec.fixedStart[i]!;
    endBit = declared.bits >= 0 ? startBit + declared.bits : (s.hdrEnd - s.start) * 8;
    if (declared.lenient) endBit = Math.min(endBit, (s.hdrEnd - s.start) * 8);
  }
  const f = spec.writeKinds[i]! & WRITE_DYNAMIC ? declared.resolve(p) : declared;
  const buf = s.buf!;
  const at = s.start + (startBit >> 3);
  if (f.bits >= 0 && !f.lenient && endBit - startBit === f.bits) return f.readFixed(buf, at, startBit & 7);
  const v = f.decode(p, buf, at, s.start + (endBit >> 3));
  if (declared.mutable) {
    (s.values ??= new Array(spec.fields.length))[i] = v;
    s.exposed = true;
  }
  return v;
}

/** Dissects the payload of p on first access. */
export function dissectPayload(p: Packet): Packet | null {
  const s = p._s;
  const buf = s.buf!;
  const start = s.hdrEnd;
  const end = s.payEnd;
  let trailer = s.trailer;
  if (end < s.end && conf.padding) trailer = { start: end, end: s.end, next: trailer };
  if (start >= end) return paddingChain(buf, p, trailer);
  if (s.truncated) return rawOver(buf, start, end, p, trailer);
  let spec: LayerSpec;
  try {
    spec = guessPayloadSpec(p, buf, start, end);
    // conf.layers.filter(): a layer left out is dissected no further (Raw), as in Scapy.
    const only = conf.layers.filtered;
    if (only !== null && !only.has(spec) && spec !== registry.padding) spec = registry.raw!;
    return dissectLayer(spec, buf, start, end, p, trailer, false);
  } catch (e) {
    if (conf.debugDissector) throw e;
    return rawOver(buf, start, end, p, trailer);
  }
}

/** The payload class: the layer's own guess, then its bindings (and its ancestors'), then its default. */
export function guessPayloadSpec(p: Packet, buf: Uint8Array, start: number, end: number): LayerSpec {
  const spec = p._s.spec;
  const hook = spec.hooks.guessPayload;
  if (hook) {
    const cls = hook.length > 1 ? hook(p, buf.subarray(start, end)) : hook(p, EMPTY);
    if (cls !== undefined) return cls === null ? registry.raw! : cls.spec;
  }
  const table = spec.guessVersion === registry.bindingsVersion ? spec.guessTable! : compileGuessTable(spec);
  if (table.bindings.length === 0) return defaultPayloadSpec(spec);
  // Each field the bindings look at is decoded once.
  const used = table.fields;
  const values = guessScratch.length >= used.length ? guessScratch : (guessScratch = new Array(used.length));
  for (let j = 0; j < used.length; j++) values[j] = getValue(p, used[j]!);
  const groups = table.groups;
  if (groups !== null) {
    // First binding in declaration order among each group's match.
    let best: GroupHit | null = null;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g]!;
      let node: unknown = group.slots.length === 0 ? group.index.get(MATCH_ALL) : group.index;
      for (let j = 0; j < group.slots.length && node !== undefined; j++) node = (node as Map<unknown, unknown>).get(values[group.slots[j]!]);
      const hit = node as GroupHit | undefined;
      if (hit !== undefined && (best === null || hit.order < best.order)) best = hit;
    }
    return best !== null ? best.upper : defaultPayloadSpec(spec);
  }
  const bindings = table.bindings;
  for (let k = 0; k < bindings.length; k++) {
    const b = bindings[k]!;
    const slots = b.slots;
    let ok = true;
    for (let j = 0; j < slots.length; j++) {
      const v = b.values[j];
      const actual = values[slots[j]!];
      if (actual !== v && !(v instanceof Uint8Array && actual instanceof Uint8Array && sameBytes(v, actual))) {
        ok = false;
        break;
      }
    }
    if (ok) return b.upper;
  }
  return defaultPayloadSpec(spec);
}

let guessScratch: unknown[] = new Array(8);

function defaultPayloadSpec(spec: LayerSpec): LayerSpec {
  const dflt = spec.hooks.defaultPayload;
  return dflt ? dflt().spec : registry.raw!;
}

/** Flattens the bindings of a layer and its aliases into slots of the fields they read. */
function compileGuessTable(spec: LayerSpec): GuessTable {
  const fields: number[] = [];
  const bindings: CompiledBinding[] = [];
  for (const alias of spec.aliases) {
    for (const b of alias.payloadGuess) {
      const indexes = b.match.map(([name]) => spec.fieldIndex.get(name) ?? -1);
      if (indexes.includes(-1)) continue;
      const slots = indexes.map((i) => {
        const at = fields.indexOf(i);
        return at >= 0 ? at : fields.push(i) - 1;
      });
      bindings.push({ slots, values: b.match.map(([, v]) => v), upper: b.upper });
    }
  }
  const table = { fields, bindings, groups: groupBindings(bindings) };
  spec.guessTable = table;
  spec.guessVersion = registry.bindingsVersion;
  return table;
}

interface GroupHit {
  readonly order: number;
  readonly upper: LayerSpec;
}

/** Groups bindings by the fields they read, each group a nested map from values to its first binding. */
function groupBindings(bindings: readonly CompiledBinding[]): BindingGroup[] | null {
  const groups: BindingGroup[] = [];
  for (let order = 0; order < bindings.length; order++) {
    const b = bindings[order]!;
    if (b.values.some((v) => v !== null && typeof v === "object")) return null;
    const key = b.slots.join(",");
    let group = groups.find((g) => g.slots.join(",") === key);
    if (!group) groups.push((group = { slots: b.slots, index: new Map() }));
    let node = group.index;
    for (let j = 0; j < b.values.length; j++) {
      const last = j === b.values.length - 1;
      const v = b.values[j];
      if (last) {
        if (!node.has(v)) node.set(v, { order, upper: b.upper } satisfies GroupHit);
      } else {
        if (!node.has(v)) node.set(v, new Map());
        node = node.get(v) as Map<unknown, unknown>;
      }
    }
    // A binding that reads no field matches everything.
    if (b.values.length === 0 && !group.index.has(MATCH_ALL)) group.index.set(MATCH_ALL, { order, upper: b.upper });
  }
  return groups;
}

const MATCH_ALL = Symbol("any payload");

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A Raw layer over buf[start, end). */
export function rawOver(buf: Uint8Array, start: number, end: number, under: Packet | null, trailer: PadLink | null): Packet {
  return dissectLayer(registry.raw!, buf, start, end, under, trailer, true);
}

function paddingChain(buf: Uint8Array, under: Packet, trailer: PadLink | null): Packet | null {
  if (trailer === null) return null;
  return dissectLayer(registry.padding!, buf, trailer.start, trailer.end, under, trailer.next, true);
}
