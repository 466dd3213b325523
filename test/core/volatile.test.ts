import { test } from "node:test";
import assert from "node:assert/strict";
import { IP, raw, TCP, UDP, Volatile } from "../../src/index.ts";

/** A volatile that counts up, so each draw is known. */
class Counter extends Volatile<number> {
  n = 1000;
  draw(): number {
    return this.n++;
  }
}

test("a field holding a volatile keeps it, and every build draws a new value", () => {
  const sport = new Counter();
  const p = IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(TCP({ sport }));
  assert.equal(p.getLayer(TCP)!.sport as unknown, sport);
  const ports = [raw(p), raw(p), raw(p)].map((b) => (b[20]! << 8) | b[21]!);
  assert.deepEqual(ports, [1000, 1001, 1002]);
});

test("lengths and checksums are computed over the drawn values", () => {
  const p = IP({ src: "10.0.0.1", dst: "10.0.0.2", id: new Counter() }).div(UDP());
  const once = IP(raw(p));
  assert.equal(once.id, 1000);
  const again = IP(once.build());
  assert.equal(again.chksum, once.chksum);
  assert.equal(IP(raw(IP({ src: "10.0.0.1", dst: "10.0.0.2", id: 1001 }).div(UDP()))).chksum, IP(raw(p)).chksum);
});

test("a drawn value that the field cannot take is a TypeError naming the field", () => {
  class Bad extends Volatile<string> {
    draw() {
      return "not a number";
    }
  }
  assert.throws(() => raw(IP({ ttl: new Bad() })), /IP\.ttl/);
});
