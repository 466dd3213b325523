/** The declaration model's guarantees: what it refuses, what it reports, and what it survives. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ARP, conf, defineLayer, Dot1Q, Ether, IP, ICMP, TCP, Raw, raw, bytesHex, fields } from "../../src/index.ts";

const { byte, short } = fields;

function captureStderr(run: () => void): string {
  const write = process.stderr.write.bind(process.stderr);
  let text = "";
  process.stderr.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    run();
  } finally {
    process.stderr.write = write;
  }
  return text;
}

test("Scapy 2.6's deprecated field names are accepted with a one-line warning", () => {
  let q!: ReturnType<typeof Dot1Q>;
  const said = captureStderr(() => {
    // @ts-expect-error: the old name is not part of the typed surface
    q = Dot1Q({ id: 1 });
  });
  assert.equal(q.dei, 1);
  assert.match(said, /id has been deprecated in favor of dei/);
  assert.equal(said.trim().split("\n").length, 1);
});

test("a packet cannot be its own payload", () => {
  const a = IP();
  const b = ICMP();
  a.payload = b;
  assert.throws(() => (b.payload = a), /cycle/);
  assert.throws(() => (a.payload = a), /cycle/);
});

test("a second layer of the same name is refused unless it says it redefines", () => {
  assert.throws(() => defineLayer("IP", [byte("x", 0)] as const), /already exists/);
  const T1 = defineLayer("ModelTestLayer", [byte("x", 1)] as const);
  assert.throws(() => defineLayer("ModelTestLayer", [short("y", 2)] as const), /already exists/);
  const T2 = defineLayer("ModelTestLayer", [short("y", 2)] as const, { redefine: true });
  assert.equal(bytesHex(raw(T1())), "01");
  assert.equal(bytesHex(raw(T2())), "0002");
});

test("10,000 stacked layers build, dissect, copy and compare without running out of stack", () => {
  // The innermost tag's type is an EtherType nothing binds (a type <= 1500 would be a length).
  const stack = Array.from({ length: 10_000 }, (_, i) => Dot1Q({ vlan: 1 + (i % 4000), ...(i === 9_999 ? { type: 0x88b5 } : {}) }));
  const top = Ether().div(...stack, "end");
  const bytes = raw(top);
  assert.equal(bytes.length, 14 + 10_000 * 4 + 3);
  const back = Ether(bytes);
  assert.equal(back.layers().length, 10_002);
  assert.ok(back.copy().equals(back));
  assert.equal(bytesHex(raw(back.copy())), bytesHex(bytes));
  assert.ok(back.hasLayer(Raw));
  assert.equal(back.getLayer(Dot1Q, 10_000)!.vlan, 10_000 % 4000);
});

test("a computed value that does not fit its field is a RangeError naming it", () => {
  const options = Array.from({ length: 48 }, () => ["NOP", null] as [string, null]);
  assert.throws(() => raw(IP().div(TCP({ options }))), (e: Error) => e instanceof RangeError && /TCP\.dataofs/.test(e.message));
});

test("ARP checks its addresses as Scapy's fields do", () => {
  assert.throws(() => ARP({ psrc: "10.0.0.300" }), /ARP\.psrc/);
  assert.throws(() => ARP({ hwdst: "zz:00:00:00:00:00" }), /ARP\.hwdst/);
});

test("hasLayer and getLayer name what they were given when it is not a layer", () => {
  const p = Ether().div(IP());
  // @ts-expect-error: a number is not a layer
  assert.throws(() => p.hasLayer(42), (e: Error) => e instanceof TypeError && /got number/.test(e.message));
  // Scapy's getlayer("name") of a class the packet lacks is None.
  assert.equal(p.getLayer("NoSuchLayer"), undefined);
});

test("a condition that throws on some bytes leaves the rest Raw, and conf.debugDissector lets the error through", () => {
  const Throwing = defineLayer("ModelTestThrowing", [byte("kind", 0), short("value", 0)] as const, {
    redefine: true,
    when: {
      value: (p) => {
        if (p.kind === 0xee) throw new Error("declaration bug");
        return true;
      },
    },
  });
  const p = Throwing(Uint8Array.of(0xee, 1, 2));
  assert.equal(p.kind, 0xee);
  assert.equal(bytesHex(raw(p)), "ee0102");
  conf.debugDissector = true;
  try {
    assert.throws(() => Throwing(Uint8Array.of(0xee, 1, 2)).value, /declaration bug/);
  } finally {
    conf.debugDissector = false;
  }
});
