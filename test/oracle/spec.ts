/**
 * packetry's side of the JSON packet form shared with Scapy (scripts/oracle/scapy_json.py):
 * build a spec `[["Ether", {...}], ["IP", {...}]]` into a packet, and describe a packet's layers
 * and field values in the same encoding ({"$bytes": hex}, {"$pkt": spec}, {"$int": "..."},
 * {"$dict": [[k, v]]}; arrays stay arrays).
 */
import * as packetry from "../../src/index.ts";
import { ASN1_DECODING_ERROR, ASN1_OBJECT_CLASSES, ASN1_Object, FixedPointValue, FlagValue, Packet, bytesHex, fromHex, registry, type LayerRef } from "../../src/index.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type FieldsJson = Record<string, Json>;
export type LayerJson = [string, FieldsJson?];
export type Spec = LayerJson[];

/** A layer callable by Scapy's class name (registry first, then the package's exports). */
export function layerByName(name: string): LayerRef {
  const found = registry.layers.get(name) ?? (packetry as Record<string, unknown>)[name];
  if (typeof found !== "function" || !("spec" in found)) throw new Error(`packetry has no layer named ${name}`);
  return found as LayerRef;
}

/** JSON value -> what packetry's constructors accept. */
export function decodeValue(v: Json): unknown {
  if (Array.isArray(v)) return v.map(decodeValue);
  if (v !== null && typeof v === "object") {
    if ("$bytes" in v) return fromHex(v.$bytes as string);
    if ("$pkt" in v) return buildSpec(v.$pkt as Spec);
    if ("$int" in v) return BigInt(v.$int as string);
    if ("$dict" in v) return Object.fromEntries((v.$dict as Json[][]).map(([k, x]) => [dictKey(decodeValue(k!)), decodeValue(x!)]));
    if ("$asn1" in v) return asn1Object(v.$asn1 as Json[]);
    throw new Error(`unknown tagged value ${JSON.stringify(v)}`);
  }
  return v;
}

/** {"$asn1": [class, value, message?]} -> an ASN.1 object of that class. */
function asn1Object([name, val, message]: Json[]): ASN1_Object {
  if (name === "ASN1_DECODING_ERROR") return new ASN1_DECODING_ERROR(decodeValue(val!) as Uint8Array, (message as string | undefined) ?? "");
  const cls = ASN1_OBJECT_CLASSES[name as keyof typeof ASN1_OBJECT_CLASSES] as unknown as (new (v: unknown) => ASN1_Object) | undefined;
  if (cls === undefined) throw new Error(`unknown ASN.1 class ${String(name)}`);
  return new cls(decodeValue(val!));
}

const latin1 = new TextDecoder("latin1");
const dictKey = (k: unknown): string => (k instanceof Uint8Array ? latin1.decode(k) : String(k));

export function buildLayer([name, fields]: LayerJson): Packet {
  const init: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields ?? {})) init[k] = decodeValue(v);
  return layerByName(name)(init);
}

/** Scapy's `A(**a) / B(**b) / ...`. */
export function buildSpec(spec: Spec): Packet {
  const [head, ...rest] = spec.map(buildLayer);
  if (!head) throw new Error("empty spec");
  return rest.length ? head.div(...rest) : head;
}

const MAX_SAFE = 2 ** 53;

/** A field value read from packetry -> the shared JSON form. */
export function encodeValue(v: unknown): Json {
  if (v === null || v === undefined) return null;
  if (typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : { $int: v.toString() };
  if (v instanceof FlagValue) return v.value;
  if (v instanceof FixedPointValue) return encodeValue(v.raw);
  if (v instanceof ASN1_DECODING_ERROR) return { $asn1: [v.className, encodeValue(v.val), v.exc] };
  if (v instanceof ASN1_Object) return { $asn1: [v.className, encodeValue(v.val)] };
  if (v instanceof Uint8Array) return { $bytes: bytesHex(v) };
  if (v instanceof Packet) return { $pkt: layersOf(v) };
  if (Array.isArray(v)) return v.map(encodeValue);
  if (v instanceof Map) return { $dict: [...v.entries()].map(([k, x]) => [encodeValue(k), encodeValue(x)]) };
  if (typeof v === "object") {
    const prim = (v as { valueOf(): unknown }).valueOf();
    if (typeof prim === "number" || typeof prim === "bigint") return encodeValue(prim);
    return { $dict: Object.entries(v).map(([k, x]) => [k, encodeValue(x)]) };
  }
  return String(v);
}

/** The layers of a packet from this one down, with every field value the packet holds. */
export function layersOf(pkt: Packet): [string, FieldsJson][] {
  const out: [string, FieldsJson][] = [];
  for (let p: Packet | null = pkt; p !== null; p = p.payload) {
    const fields: FieldsJson = {};
    for (const f of p.spec.layout.fields) if (f.present(p)) fields[f.name] = readField(p, f.name);
    out.push([p.spec.name, fields]);
  }
  return out;
}

/** One field in the shared form; a read that throws shows as {"$error": message}. */
function readField(layer: Packet, name: string): Json {
  try {
    return encodeValue(layer.getFieldValue(name));
  } catch (e) {
    return { $error: e instanceof Error ? e.message : String(e) };
  }
}
