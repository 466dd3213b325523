import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, defrag, defragment, defragment6, fragment, fragment6, ICMP, ICMPv6EchoRequest, IP, IPv6, PacketList, raw } from "../../src/index.ts";

// Reassembly of datagrams in thousands of fragments, in a process of their own (a stack that
// holds when the code is warm can still overflow when it is not).

test("a legal 64 KB datagram in 8-byte fragments (8,126 of them) reassembles, in any order", () => {
  const big = IP({ src: "10.0.0.1", dst: "10.0.0.2", id: 7 }).div(ICMP({ type: 8 }), new Uint8Array(65000).fill(0x61));
  const frags = fragment(big, 8);
  assert.equal(frags.length, 8126);
  const shuffled = [...frags].reverse();
  for (const input of [frags, new PacketList(shuffled)]) {
    const out = defragment(input);
    assert.equal(out.length, 1);
    assert.equal(bytesHex(raw(out[0]!)), bytesHex(raw(IP(raw(big)))));
  }
  const [, whole] = defrag(frags);
  assert.equal(whole.length, 1);
});

test("an IPv6 datagram in 7,500 fragments reassembles", () => {
  const big = IPv6({ src: "2001:db8::1", dst: "2001:db8::2" }).div(ICMPv6EchoRequest({ data: new Uint8Array(60000).fill(0x62) }));
  const frags = fragment6(big, 56);
  assert.ok(frags.length > 7000);
  const whole = defragment6([...frags].reverse())!;
  assert.equal(whole.getLayer(ICMPv6EchoRequest)!.data.length, 60000);
});
