import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, fromHex, PPP, PPP_IPV6CP, PPP_IPV6CP_Option, PPP_IPV6CP_Option_InterfaceIdentifier, raw } from "../../src/index.ts";
import { tsharkAvailable, tsharkRead } from "../tshark.ts";

// IPV6CP (RFC 5072): Scapy has no class for it, so tshark is the oracle for what packetry builds.
const skip = tsharkAvailable() ? false : "tshark is not installed";
const request = () =>
  PPP().div(
    PPP_IPV6CP({ id: 3, options: [PPP_IPV6CP_Option_InterfaceIdentifier({ interface_id: 0x021122fffe334455n as unknown as number }), PPP_IPV6CP_Option({ type: 2, data: Uint8Array.of(0, 0x4f) })] }),
  );

function find(tree: unknown, key: string, out: string[] = []): string[] {
  if (tree === null || typeof tree !== "object") return out;
  for (const [k, v] of Object.entries(tree as Record<string, unknown>)) {
    if (k === key) for (const x of Array.isArray(v) ? v : [v]) if (typeof x === "string") out.push(x);
    find(v, key, out);
  }
  return out;
}

test("an IPV6CP Configure-Request reads in tshark as packetry built it", { skip }, () => {
  const back = PPP(raw(request()));
  const [view] = tsharkRead([back], { mergeDuplicates: true });
  assert.match(view!.protocols, /ppp:ipv6cp/);
  assert.deepEqual(view!.problems, []);
  const ipv6cp = view!.layers.ipv6cp;
  assert.deepEqual(find(ipv6cp, "ppp.code"), ["1"]);
  assert.deepEqual(find(ipv6cp, "ppp.identifier"), ["3"]);
  assert.deepEqual(find(ipv6cp, "ppp.length"), [String(back.getLayer(PPP_IPV6CP)!.len)]);
  assert.deepEqual(find(ipv6cp, "ipv6cp.interface_identifier"), ["02:11:22:ff:fe:33:44:55"]);
  assert.deepEqual(find(ipv6cp, "ipv6cp.opt.type").concat(find(ipv6cp, "ipcp.opt.type")), ["1", "2"]);
  assert.deepEqual(find(ipv6cp, "ipv6cp.opt.length").concat(find(ipv6cp, "ipcp.opt.length")), ["10", "4"]);
});

test("IPV6CP dissects by option type, and builds again to the same bytes", () => {
  const bytes = raw(request());
  const back = PPP(bytes);
  assert.equal(back.proto, 0x8057);
  const options = back.getLayer(PPP_IPV6CP)!.options;
  assert.deepEqual(options.map((o) => o.spec.name), ["PPP_IPV6CP_Option_InterfaceIdentifier", "PPP_IPV6CP_Option"]);
  assert.equal(BigInt(options[0]!.getFieldValue("interface_id") as number), 0x021122fffe334455n);
  assert.equal(bytesHex(raw(back)), bytesHex(bytes));
  assert.equal(bytesHex(raw(PPP(raw(back.copy())))), bytesHex(bytes));
});

test("hostile IPV6CP lengths (0, 1, past the end, a message length past the frame) dissect without throwing and keep their bytes", () => {
  for (const hex of ["805701010008000201", "8057010100080101", "80570101000801ff0102", "8057010100ff010a0011", "80570101"]) {
    const p = PPP(fromHex(hex));
    p.summary();
    p.show2({ dump: true });
    assert.equal(bytesHex(raw(p)), hex, hex);
  }
});
