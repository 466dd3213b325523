/**
 * OID names (Scapy's MIBDict, conf.mib): an OID is shown by the longest name that prefixes it
 * ("rsaEncryption", "sha256WithRSAEncryption.1"), or as ".1.3.6.1..." when none does. The table
 * starts as Scapy's (X.509, PKCS, GSSAPI names); `mib.set(oid, name)` adds names, as assigning
 * to Scapy's conf.mib does.
 */
import { SCAPY_MIB } from "./mibData.ts";

export class MIBDict {
  private readonly names = new Map<string, string>();
  private readonly oids = new Map<string, string>();
  /** Longest key length in dotted parts: prefix lookup tries at most that many. */
  private maxParts = 0;

  constructor(entries: Readonly<Record<string, string>> = {}) {
    for (const [k, v] of Object.entries(entries)) this.set(k, v);
  }

  /** Names the OID (dotted numbers, no leading dot). */
  set(oid: string, name: string): void {
    const key = oid.replace(/^\./, "");
    if (!/^\d+(\.\d+)*$/.test(key)) throw new TypeError(`mib: ${JSON.stringify(oid)} is not a dotted OID`);
    this.names.set(key, name);
    if (!this.oids.has(name)) this.oids.set(name, key);
    this.maxParts = Math.max(this.maxParts, key.split(".").length);
  }

  get(oid: string): string | undefined {
    return this.names.get(oid.replace(/^\./, ""));
  }

  get size(): number {
    return this.names.size;
  }

  entries(): IterableIterator<[string, string]> {
    return this.names.entries();
  }

  /** Scapy's _oidname: the longest named prefix, then the remaining arcs. */
  oidName(oid: string): string {
    const x = oid.startsWith(".") ? oid.slice(1) : oid;
    const parts = x.split(".");
    for (let n = Math.min(this.maxParts, parts.length); n > 0; n--) {
      const key = parts.slice(0, n).join(".");
      const name = this.names.get(key);
      if (name !== undefined) return name + (n < parts.length ? "." + parts.slice(n).join(".") : "");
    }
    return "." + x;
  }

  /** Scapy's _oid: "rsaEncryption.5" to its numbers; anything else as given. */
  oid(text: string): string {
    const xl = text.replace(/^\.+|\.+$/g, "").split(".");
    let p = xl.length - 1;
    while (p >= 0 && /^\d+$/.test(xl[p]!)) p--;
    if (p !== 0) return text;
    const key = this.oids.get(xl[0]!);
    if (key === undefined) return text;
    return [key, ...xl.slice(1)].join(".");
  }
}

/** The OID names every ASN1_OID is shown with (Scapy's conf.mib). */
export const mib = new MIBDict(SCAPY_MIB);
