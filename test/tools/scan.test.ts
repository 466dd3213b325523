/** IPID_count prints what Scapy's prints for the same answers. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ICMP, ipidCount, IP, TCP, UDP } from "../../src/index.ts";
import { scapy } from "./scapy.ts";

test("the classes and the sorted ids, as Scapy", (t) => {
  const lines: string[] = [];
  t.mock.method(console, "log", (s: string) => lines.push(s));
  const q = () => IP({ src: "10.0.0.2", dst: "10.0.0.1" });
  const answers = [
    ...Array.from({ length: 10 }, (_, i) => [q(), IP({ id: i * 3 + 1000, src: `10.0.0.${i % 2}`, dst: "10.0.0.2" }).div(ICMP())] as const),
    ...Array.from({ length: 5 }, (_, i) => [q(), IP({ id: 50000 + i, src: "10.0.0.9", dst: "10.0.0.2" }).div(TCP())] as const),
    [q(), IP({ id: 7, src: "10.0.0.8", dst: "10.0.0.2" }).div(UDP())] as const,
  ];
  assert.deepEqual(ipidCount(answers), [7, 1000, 50000]);
  const expected = scapy(
    `q = IP(src='10.0.0.2', dst='10.0.0.1')\n` +
      `l = [(q, IP(id=i*3+1000, src='10.0.0.%d' % (i % 2), dst='10.0.0.2')/ICMP()) for i in range(10)] + [(q, IP(id=50000+i, src='10.0.0.9', dst='10.0.0.2')/TCP()) for i in range(5)] + [(q, IP(id=7, src='10.0.0.8', dst='10.0.0.2')/UDP())]\n` +
      `IPID_count(l)`,
  );
  assert.equal(lines.join("\n"), expected.trimEnd());
});

test("an element without an IP id is an error", () => {
  assert.throws(() => ipidCount([ICMP()]), /an element has no IP id/);
});
