import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, hexdump, hexstr, IP, ls } from "../../src/index.ts";

// Text views given something they cannot show: one TypeError saying what they take.

test("ls() of a number, null or an object says what it takes", () => {
  for (const [what, shown] of [[5, "5"], [null, "null (None)"], [{}, "Object"]] as const) {
    assert.throws(() => ls(what as never, { dump: true }), {
      name: "TypeError",
      message: `ls() takes a layer (ls(TCP)), a packet, or part of a layer's name (ls("IP")), not ${shown}: ls() alone lists the layers`,
    });
  }
  // What it takes still works.
  assert.match(ls(IP, { dump: true })!, /^version +: BitField/);
  assert.match(ls(IP(), { dump: true })!, /^version/);
  assert.match(ls("ICMPv6EchoReq", { dump: true })!, /ICMPv6EchoRequest/);
});

test("hexdump(None) and friends say what they take", () => {
  for (const [what, shown] of [[null, "null (None)"], [undefined, "nothing"], [5, "5"]] as const) {
    const message = `expected a packet, bytes or a string to show in hex, got ${shown}`;
    assert.throws(() => hexdump(what as never, { dump: true }), { name: "TypeError", message });
    assert.throws(() => hexstr(what as never), { name: "TypeError", message });
    assert.throws(() => bytesHex(what as never), { name: "TypeError", message });
  }
  assert.equal(hexdump(new Uint8Array([0x41, 0]), { dump: true }), "0000  41 00                                            A.");
});
