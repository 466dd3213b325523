/**
 * load_layer and load_contrib: packetry loads every layer it has at start, so loading one of
 * Scapy's modules that packetry has is a no-op; one packetry lacks, or a name Scapy does not
 * have, is an ImportError that says which.
 */
import { strictOptions } from "../core/options.ts";
import { registry } from "../core/state.ts";
import { SCAPY_MODULES } from "./data/scapyModules.ts";

function importError(message: string, name = "ImportError"): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** The classes Scapy's module (or package: tls is tls.*) defines. */
function classesOf(kind: "layers" | "contrib", name: string): string[] | null {
  const table = SCAPY_MODULES[kind];
  const keys = Object.keys(table).filter((k) => k === name || k.startsWith(name + "."));
  if (keys.length === 0) return null;
  return keys.flatMap((k) => table[k]!);
}

function load(fn: string, kind: "layers" | "contrib", name: string): void {
  if (typeof name !== "string" || name === "") throw new TypeError(`${fn}() takes a module name: ${fn}("${kind === "layers" ? "dns" : "modbus"}")`);
  const classes = classesOf(kind, name);
  if (classes === null) throw importError(`${fn}(): Scapy has no module scapy.${kind}.${name}`, "ModuleNotFoundError");
  if (classes.length === 0 || classes.some((c) => registry.layers.has(c))) return;
  throw importError(`${fn}(): packetry has no layers of Scapy's scapy.${kind}.${name} (${classes.slice(0, 3).join(", ")}${classes.length > 3 ? "..." : ""}); ls() lists the layers it has`);
}

const checkLayer = strictOptions<{ globalsDict?: unknown; symbList?: unknown }>("load_layer", { globalsDict: true, symbList: true });
const checkContrib = strictOptions<{ globalsDict?: unknown; symbList?: unknown }>("load_contrib", { globalsDict: true, symbList: true });

/** Scapy's load_layer("dns"): the layers are there already when packetry has them; else an ImportError naming the module. */
export function loadLayer(name: string, options: { globalsDict?: unknown; symbList?: unknown } = {}): void {
  checkLayer(options);
  load("load_layer", "layers", name);
}

/** Scapy's load_contrib("modbus"), as loadLayer for scapy.contrib's modules. */
export function loadContrib(name: string, options: { globalsDict?: unknown; symbList?: unknown } = {}): void {
  checkContrib(options);
  load("load_contrib", "contrib", name);
}
