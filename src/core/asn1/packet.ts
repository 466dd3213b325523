/**
 * ASN.1 layers (Scapy's ASN1_Packet): a layer declared by its root — an ASN1F_SEQUENCE of fields
 * and nested sequences, or one field — whose fields are the root's leaves (Scapy's
 * get_fields_list), so that ls(), show(), the accessors and the shell know them as any layer's.
 *
 * The containers are not fields: each leaf reads the headers of the containers it opens (and
 * checks the ones it closes end with it), and once the leaves are written the containers'
 * headers are inserted around them, innermost first, with their lengths.
 */
import { defineLayer, type FieldInit, type LayerClass, type LayerInstance, type LayerOptions } from "../define.ts";
import type { AnyField } from "../field.ts";
import type { BuiltLayer } from "../state.ts";
import { ASN1F_CHOICE, ASN1F_SEQUENCE, ASN1F_field, asn1Roots, type ASN1Element, type LeafStructure } from "./fields.ts";

/** The leaves of a root, in order (Scapy's get_fields_list), as a tuple type. */
export type Leaves<S> = S extends ASN1F_SEQUENCE<infer C> ? LeavesOf<C> : S extends AnyField ? [S] : [];
type LeavesOf<S> = S extends readonly [infer H, ...infer T] ? [...Leaves<H>, ...LeavesOf<T>] : [];

export interface ASN1LayerOptions<F extends readonly AnyField[], M> extends LayerOptions<F, M> {
  /** Scapy's ASN1_codec: BER (default) or DER (stricter decoding; the same bytes are written). */
  readonly codec?: "BER" | "DER";
}

interface Container {
  readonly seq: ASN1F_SEQUENCE;
  readonly first: number;
  readonly last: number;
  readonly depth: number;
  readonly ancestors: readonly Container[];
}

/** Declares an ASN.1 layer from its root. */
export function defineASN1Layer<const R extends ASN1Element, M = unknown>(
  name: string,
  root: R,
  options: ASN1LayerOptions<Leaves<R> & readonly AnyField[], M> = {},
): LayerClass<LayerInstance<Leaves<R> & readonly AnyField[], M>, FieldInit<Leaves<R> & readonly AnyField[]>> {
  const leaves: ASN1F_field[] = [];
  const containers: Container[] = [];
  const opens = new Map<number, ASN1F_SEQUENCE[]>();
  const closes = new Map<number, number>();
  const der = options.codec === "DER";

  const walk = (el: ASN1Element, depth: number, ancestors: Container[]): void => {
    if (el instanceof ASN1F_SEQUENCE) {
      const first = leaves.length;
      const pending: ASN1F_SEQUENCE[] = [];
      (opens.get(first) ?? opens.set(first, pending).get(first)!).push(el);
      const c = { seq: el, first, last: -1, depth, ancestors: [...ancestors] };
      for (const child of el.seq) walk(child, depth + 1, [...ancestors, c]);
      if (leaves.length === first) throw new TypeError(`${name}: an ASN1F_SEQUENCE needs at least one field`);
      (c as { last: number }).last = leaves.length - 1;
      closes.set(c.last, (closes.get(c.last) ?? 0) + 1);
      containers.push(c);
      return;
    }
    if (!(el instanceof ASN1F_field)) throw new TypeError(`${name}: ${String((el as AnyField).name ?? el)} is not an ASN.1 field`);
    leaves.push(el);
  };
  walk(root, 0, []);

  // Each layer gets its own copies of its leaves, which know its containers.
  const fields = leaves.map((f, i) => {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(f) as object) as ASN1F_field, f);
    const structure: LeafStructure = { first: i === 0, opens: opens.get(i) ?? [], closes: closes.get(i) ?? 0 };
    copy.structure = structure;
    copy.der = der;
    return copy;
  });

  // Innermost and last first: inserting a header moves only what follows it.
  const order = [...containers].sort((a, b) => b.first - a.first || b.depth - a.depth);
  const insertContainers = (out: BuiltLayer): void => {
    const spans = new Map<Container, [number, number]>();
    for (const c of order) {
      const a = out.bitsOf(fields[c.first]!.name);
      const b = out.bitsOf(fields[c.last]!.name);
      if (a === null || b === null) throw new TypeError(`${name}: a field of an ASN.1 sequence was not written`);
      spans.set(c, [a[0] >> 3, b[1] >> 3]);
    }
    for (const c of order) {
      const [start, end] = spans.get(c)!;
      const header = c.seq.headerBytes(end - start);
      out.insert(start, header);
      for (const [other, span] of spans) {
        if (other === c) continue;
        if (span[1] > start || c.ancestors.includes(other)) span[1] += header.length;
      }
    }
  };

  const { codec: _codec, postBuild, extractPadding, ...rest } = options as ASN1LayerOptions<readonly AnyField[], M>;
  void _codec;
  const cls = defineLayer(name, fields as unknown as readonly AnyField[], {
    ...rest,
    postBuild: (p: LayerInstance<readonly AnyField[], M>, out: BuiltLayer) => {
      insertContainers(out);
      postBuild?.(p, out);
    },
    // Held by a field (a varbind of a list, a PDU), the packet ends with its root: what follows is the next element's.
    extractPadding: extractPadding ?? ((p: LayerInstance<readonly AnyField[], M>) => (p.parent !== null ? 0 : null)),
  } as LayerOptions<readonly AnyField[], M>);
  asn1Roots.set(cls.spec, {
    networkTag: root instanceof ASN1F_SEQUENCE ? root.networkTag : (root as unknown as ASN1F_field).networkTag,
    choices: root instanceof ASN1F_CHOICE ? root.choices : null,
  });
  return cls as never;
}
