/** Golden bytes for the application-layer tests, written by scripts/captures/golden_app.py from Scapy. */
import { readFileSync } from "node:fs";

const file = JSON.parse(readFileSync(new URL("../fixtures/golden/app.json", import.meta.url), "utf8")) as {
  vectors: Record<string, { scapy: string; hex: string }>;
};

/** Hex of bytes(expr) as Scapy built it; the expression is in the JSON file next to it. */
export function golden(key: string): string {
  const v = file.vectors[key];
  if (!v) throw new Error(`no golden vector ${key} (run scripts/captures/golden_app.py)`);
  return v.hex;
}
