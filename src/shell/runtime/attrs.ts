/**
 * Attribute access as Scapy's: a packet's field is found in this layer or, as Scapy does, in
 * the layers below (`reply.psrc` on Ether/ARP); Scapy's method names map to packetry's
 * (`haslayer` → hasLayer, `make_table` → makeTable); strings, lists and dicts have Python's
 * methods.
 */
import { Packet, PacketList } from "../../index.ts";
import { bindMethod, callWith, expandHome, pathArguments, snakeToCamel, unboundMethod } from "./calls.ts";
import { pyError } from "./errors.ts";
import { bytesMethods, dictMethods, listMethods, strMethods } from "./methods.ts";
import { isClass, isLayerClass, isNone, isPlainObject, PyNamedTuple, typeName } from "./types.ts";

/** Scapy's names for packet methods that are not plain snake_case of packetry's. */
const PACKET_ALIASES: Record<string, string> = {
  haslayer: "hasLayer",
  getlayer: "getLayer",
  lastlayer: "lastLayer",
  firstlayer: "firstLayer",
  getfieldval: "getFieldValue",
  setfieldval: "setFieldValue",
  iterpayloads: "iterPayloads",
  mysummary: "mySummary",
};

/** Scapy attributes that are properties there and methods here. */
const PACKET_PROPERTIES: Record<string, (p: Packet) => unknown> = {
  fields: (p) => p.fieldValues(),
  original: (p) => p.original(),
};

type Found = { value: unknown; self: unknown } | null;

function found(value: unknown, self: unknown): Found {
  return { value, self };
}

function has(o: object, name: string): boolean {
  return name in o;
}

/** The attribute and the object it comes from (a lower layer for a delegated field), or null. */
function lookup(o: unknown, name: string): Found {
  if (typeof o === "string") return strMethods.has(name) ? found(strMethods.get(name), o) : null;
  if (typeof o === "number" || typeof o === "boolean" || typeof o === "bigint") return null;
  if (isNone(o)) return null;
  const obj = o as object;
  if (o instanceof Packet) {
    if (has(obj, name)) return found((obj as Record<string, unknown>)[name], o);
    if (name in PACKET_PROPERTIES) return found(PACKET_PROPERTIES[name]!(o), o);
    if (name === "fields_desc" && !o.spec.layout.fieldIndex.has(name)) return found([...o.spec.layout.fields], o);
    const alias = PACKET_ALIASES[name] ?? snakeToCamel(name);
    if (alias !== name && has(obj, alias)) return found((obj as Record<string, unknown>)[alias], o);
    for (let q = o.payload; q !== null; q = q.payload) {
      if (q.spec.layout.fieldIndex.has(name)) return found(q.getFieldValue(name), q);
    }
    return null;
  }
  if (o instanceof PacketList) {
    if (name === "res") return found([...o], o);
    if (name === "getlayer") return found(o.getLayer, o);
    if (has(obj, name) && name !== "sort" && name !== "pop" && name !== "index") return found((obj as Record<string, unknown>)[name], o);
    if (listMethods.has(name)) return found(listMethods.get(name), o);
  } else if (Array.isArray(o)) {
    if (o instanceof PyNamedTuple && o.fields.includes(name)) return found(o[o.fields.indexOf(name)], o);
    if (listMethods.has(name)) return found(listMethods.get(name), o);
  } else if (o instanceof Uint8Array) {
    if (bytesMethods.has(name)) return found(bytesMethods.get(name), o);
  } else if (isPlainObject(o)) {
    if (Object.prototype.hasOwnProperty.call(o, name)) return found(o[name], o);
    if (dictMethods.has(name)) return found(dictMethods.get(name), o);
  }
  // Scapy: a layer class's fields are its attributes (`Ether.src` for conf.resolve, `TCP.dport` for replace()), fields_desc the list.
  if (isLayerClass(o)) {
    const i = o.spec.layout.fieldIndex.get(name);
    if (i !== undefined) return found(o.spec.layout.fields[i], o);
    if (name === "fields_desc") return found([...o.spec.layout.fields], o);
  }
  // Python's name of a class or function (type(e).__name__, IP.__name__, f.__name__).
  if (name === "__name__" && typeof o === "function") return found((o as { pyName?: string }).pyName ?? (o as Function).name, o);
  if (has(obj, name)) return found((obj as Record<string, unknown>)[name], o);
  const camel = snakeToCamel(name);
  if (camel !== name && has(obj, camel)) return found((obj as Record<string, unknown>)[camel], o);
  // A method read off a class, unbound: `Automaton.parse_args(self, **kargs)` in a subclass.
  if (typeof o === "function" && isClass(o)) {
    const m = unboundMethod(o as never, name);
    if (m) return found(m, o);
  }
  return null;
}

/**
 * The error Scapy gives: a packet or a layer class says only the name (its __getattr__ raises
 * AttributeError(attr)), a packet list is its list (`'list' object ...`, as PacketList hands the
 * lookup to its list), conf is `'Conf' object`, anything else is named by its type.
 */
function noAttribute(o: unknown, name: string): Error {
  if (o instanceof Packet || isLayerClass(o)) return pyError("AttributeError", name);
  if (o instanceof PacketList) return pyError("AttributeError", `'list' object has no attribute '${name}'`);
  if (typeof o === "function" && isClassLike(o)) return pyError("AttributeError", `type object '${(o as Function).name}' has no attribute '${name}'`);
  return pyError("AttributeError", `'${typeName(o)}' object has no attribute '${name}'`);
}

/** `o.name`: methods come back bound, so `f = pkt.summary; f()` works. */
export function getattr(o: unknown, name: string): unknown {
  const f = lookup(o, name);
  if (!f) throw noAttribute(o, name);
  const v = f.value;
  if (typeof v === "function" && !isClassLike(v) && typeof o !== "function") return bindMethod(v as never, f.self);
  return v;
}

function isClassLike(v: Function): boolean {
  return "spec" in v || /^class[\s{]/.test(Function.prototype.toString.call(v));
}

/** hasattr(): the lookup getattr does, without the error. */
export function hasattr(o: unknown, name: string): boolean {
  try {
    return lookup(o, name) !== null;
  } catch {
    return false;
  }
}

/** `o.name(args)`: the method called on its own object, with keywords mapped as for any call. */
export function callMethod(o: unknown, name: string, args: unknown[], kw?: Record<string, unknown>): unknown {
  const f = lookup(o, name);
  if (!f) throw noAttribute(o, name);
  if (typeof f.value !== "function") throw pyError("TypeError", `'${typeName(f.value)}' object is not callable`);
  const fn = f.value as Parameters<typeof callWith>[0];
  return callWith(fn, f.self, pathArguments.methods.has(name) ? expandHome(args) : args, kw);
}

/** `o.name = v`: a packet's field (here or in a lower layer, as Scapy), or a property. */
export function setattr(o: unknown, name: string, value: unknown): void {
  if (isNone(o) || typeof o !== "object" && typeof o !== "function") throw pyError("AttributeError", `'${typeName(o)}' object has no attribute '${name}'`);
  if (o instanceof Packet) {
    for (let q: Packet | null = o; q !== null; q = q.payload) {
      if (q.spec.layout.fieldIndex.has(name)) {
        q.setFieldValue(name, value);
        return;
      }
    }
  }
  const obj = o as Record<string, unknown>;
  if (!(name in obj)) {
    const camel = snakeToCamel(name);
    if (camel !== name && camel in obj) {
      obj[camel] = value;
      return;
    }
  }
  obj[name] = value;
}

/** `del o.name`: a packet's field goes back to its default (Scapy's `del pkt.chksum`). */
export function delattr(o: unknown, name: string): void {
  if (o instanceof Packet) {
    for (let q: Packet | null = o; q !== null; q = q.payload) {
      if (q.spec.layout.fieldIndex.has(name)) {
        q.reset(name);
        return;
      }
    }
  }
  if (o && typeof o === "object" && name in o) {
    delete (o as Record<string, unknown>)[name];
    return;
  }
  throw pyError("AttributeError", `'${typeName(o)}' object has no attribute '${name}'`);
}

/** Attribute names of a value, for dir() and completion. */
export function attributeNames(o: unknown): string[] {
  const names = new Set<string>();
  if (typeof o === "string") for (const k of strMethods.keys()) names.add(k);
  if (isNone(o) || typeof o === "number" || typeof o === "boolean" || typeof o === "string") return [...names].sort();
  if (o instanceof Uint8Array) for (const k of bytesMethods.keys()) names.add(k);
  else if (Array.isArray(o)) for (const k of listMethods.keys()) names.add(k);
  else if (isPlainObject(o)) {
    for (const k of Object.keys(o)) names.add(k);
    for (const k of dictMethods.keys()) names.add(k);
    return [...names].sort();
  }
  if (o instanceof Packet) {
    for (let q: Packet | null = o; q !== null; q = q.payload) for (const f of q.spec.layout.fields) names.add(f.name);
    for (const k of Object.keys(PACKET_ALIASES)) names.add(k);
  }
  for (let proto: object | null = o as object; proto && proto !== Object.prototype && proto !== Function.prototype && proto !== Array.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const k of Object.getOwnPropertyNames(proto)) {
      if (k === "constructor" || k.startsWith("_") || /^\d+$/.test(k)) continue;
      names.add(k);
    }
  }
  return [...names].sort();
}
