#!/usr/bin/env node
// npm's install step: build the libpcap addon in native/ with npm's own node-gyp, offline.
// It never fails the install: without a compiler or libpcap's headers packetry still works
// offline, and live calls say what to install (see src/live/native.ts).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const native = join(root, "native");

function warn(message) {
  console.warn(`packetry: ${message}`);
  console.warn("packetry: live capture and injection are disabled; everything else works.");
  console.warn("packetry: to enable them: apt-get install libpcap-dev (and a C++ compiler), then `npm rebuild packetry`.");
}

/** npm's bundled node-gyp: npm passes its path to scripts; else look beside npm itself. */
function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    process.env.npm_execpath && join(dirname(process.env.npm_execpath), "..", "node_modules", "node-gyp", "bin", "node-gyp.js"),
    join(dirname(process.execPath), "..", "lib", "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"),
  ];
  return candidates.find((c) => c && existsSync(c));
}

/** Node's own headers when they are installed (Debian's nodejs, or a prefix install), so node-gyp downloads nothing. */
function findNodeDir() {
  const prefixes = [process.config.variables.node_prefix, join(dirname(process.execPath), ".."), "/usr", "/usr/local"];
  return prefixes.find((p) => p && existsSync(join(p, "include", "node", "node_api.h")) && existsSync(join(p, "include", "node", "common.gypi")));
}

function main() {
  if (process.env.PACKETRY_SKIP_NATIVE) return warn("PACKETRY_SKIP_NATIVE is set: not building the addon.");
  if (process.platform !== "linux") return warn(`live capture is built for Linux only (this is ${process.platform}).`);
  if (!existsSync("/usr/include/pcap/pcap.h") && !existsSync("/usr/local/include/pcap/pcap.h")) {
    return warn("libpcap's headers were not found (pcap/pcap.h).");
  }
  const nodeGyp = findNodeGyp();
  if (!nodeGyp) return warn("npm's node-gyp was not found.");
  const args = [nodeGyp, "rebuild", "--directory", native];
  const nodedir = findNodeDir();
  if (nodedir) args.push(`--nodedir=${nodedir}`);
  const r = spawnSync(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"], cwd: native });
  if (r.status !== 0) return warn(`building the addon failed (node-gyp exited with ${r.status ?? r.signal ?? r.error}).`);
  console.log("packetry: built the libpcap addon (native/build/Release/packetry_pcap.node).");
}

try {
  main();
} catch (e) {
  warn(`building the addon failed: ${e instanceof Error ? e.message : e}`);
}
