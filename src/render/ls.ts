/** ls(): a layer's fields with kinds and defaults, or a packet's values; lsc(): the commands. */
import { getValue } from "../core/read/values.ts";
import { commands } from "../core/commands.ts";
import type { AnyField } from "../core/field.ts";
import { Packet } from "../core/packet.ts";
import { registry, type LayerRef } from "../core/state.ts";
import { pyStrRepr } from "../core/bytes.ts";
import { strictOptions } from "../core/options.ts";
import { printLine } from "./color.ts";
import { pyRepr } from "./pyrepr.ts";
import { Alternatives } from "../core/values.ts";

function defaultRepr(f: AnyField): string {
  const d = f.defaultValue;
  const shown = f.wrapsValue && typeof d === "number" ? (f.toUser(d) as { repr(): string }).repr() : pyRepr(d);
  return pyStrRepr(shown);
}

function valueRepr(p: Packet, i: number, f: AnyField): string {
  const v = getValue(p, i);
  if (v instanceof Alternatives) return pyRepr([...v.values]);
  return f.wrapsValue && typeof v === "number" ? (f.toUser(v) as { repr(): string }).repr() : pyRepr(v);
}

/** Text of ls(): for a layer class, one line per field; for a packet, its values layer by layer. */
export function lsText(what?: LayerRef | Packet | string, options: { caseSensitive?: boolean } = {}): string {
  if (what === undefined || typeof what === "string") {
    const re = typeof what === "string" ? new RegExp(what, options.caseSensitive ? "" : "i") : null;
    return [...registry.layers.values()]
      .filter((l) => !re || re.test(l.name) || re.test(l.spec.displayName))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((l) => `${l.name.padEnd(10)} : ${l.spec.displayName}`)
      .join("\n");
  }
  if (what instanceof Packet) {
    const blocks: string[] = [];
    for (let p: Packet | null = what; p !== null; p = p.payload) {
      blocks.push(
        p.spec.layout.fields
          .map((f, i) => `${f.name.padEnd(10)} : ${f.describe().padEnd(35)} = ${valueRepr(p!, i, f).padEnd(15)} (${defaultRepr(f)})`)
          .join("\n"),
      );
    }
    return blocks.join("\n--\n");
  }
  return what.spec.layout.fields.map((f) => `${f.name.padEnd(10)} : ${f.describe().padEnd(35)} = (${defaultRepr(f)})`).join("\n");
}

export interface LsOptions {
  /** Return the text instead of printing it. */
  dump?: boolean;
  /** A name pattern matches case-sensitively (Scapy's case_sensitive). */
  caseSensitive?: boolean;
}

const checkLs = strictOptions<LsOptions>("ls", { dump: true, caseSensitive: true }, { verbose: "" });
const checkLsc = strictOptions<{ dump?: boolean }>("lsc", { dump: true });

/** Lists the layers (all, or those whose name matches a pattern), a layer's fields, or a packet's values; {dump: true} returns the text. */
export function ls(what?: LayerRef | Packet | string, options: LsOptions = {}): string | undefined {
  checkLs(options);
  const text = lsText(what, options);
  if (options.dump) return text;
  printLine(text);
  return undefined;
}

/** Prints the commands and what they do (or returns the text with {dump: true}). */
export function lsc(options: { dump?: boolean } = {}): string | undefined {
  checkLsc(options);
  const text = [...commands.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, c]) => `${name.padEnd(22)}: ${c.description || "--"}`)
    .join("\n");
  if (options.dump) return text;
  printLine(text);
  return undefined;
}
