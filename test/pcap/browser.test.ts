/**
 * The capture code runs without Node: bundled for the browser and run in a context that has
 * only what a browser has (no process, no require, no Buffer).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import { buildSync } from "esbuild";
import { fixture } from "./helpers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

function browserBundle(): Record<string, (...args: unknown[]) => unknown> {
  const out = buildSync({
    // The browser-safe part of the library (src/live needs Node and the native addon).
    stdin: {
      contents: ["core", "layers", "render", "pcap"].map((d) => `export * from "./src/${d}/index.ts";`).join("\n"),
      resolveDir: ROOT,
      loader: "ts",
    },
    bundle: true,
    platform: "browser",
    format: "iife",
    globalName: "packetry",
    write: false,
    logLevel: "silent",
  });
  const context = vm.createContext({ console, TextEncoder, TextDecoder, ReadableStream, DecompressionStream, Date, performance });
  vm.runInContext(out.outputFiles[0]!.text, context);
  return (context as { packetry: Record<string, (...args: unknown[]) => unknown> }).packetry;
}

test("in a browser-like context: read bytes, write bytes, and a clear error for paths", async () => {
  const lib = browserBundle();
  const bytes = new Uint8Array(readFileSync(fixture("scapy.pcapng")));
  const list = lib.readPcapBytes!(bytes) as { length: number; toString(): string };
  assert.equal(list.length, 5);
  assert.equal(String(list), "<bytes: TCP:1 UDP:1 ICMP:1 Other:2>");
  const written = lib.pcapBytes!(list, { format: "pcapng" }) as Uint8Array;
  assert.equal((lib.readPcapBytes!(written) as { length: number }).length, 5);
  assert.throws(() => lib.rdpcap!("/tmp/x.pcap"), /file paths need Node\.js; in a browser pass the bytes/);
  // gzip decompresses in pure JavaScript, synchronously or as it streams.
  const gz = new Uint8Array(gzipSync(readFileSync(fixture("scapy.pcapng"))));
  assert.equal((lib.readPcapBytes!(gz) as { length: number }).length, 5);
  const stream = new ReadableStream({ start: (c) => (c.enqueue(gz), c.close()) });
  assert.equal(((await lib.rdpcapAsync!(stream)) as { length: number }).length, 5);
});
