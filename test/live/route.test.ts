import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, test } from "node:test";
import { conf, getIfAddr, getIfHwaddr, getIfList, IP, RouteTable } from "../../src/index.ts";
import { readKernelRoutes } from "../../src/live/route.ts";
import { readKernelRoutes6 } from "../../src/live/route6.ts";
import { LAB, labSkip, macOf } from "./lab.ts";

// /proc/net/route as the kernel prints it (addresses in little-endian hex), on interfaces that
// exist on no host, so that no host address leaks in as the output IP.
const PROC_ROUTE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
tst0\t00000000\t0100000A\t0003\t0\t0\t100\t00000000\t0\t0\t0
tst0\t0000000A\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
tst1\t0000000A\t00000000\t0001\t0\t0\t50\t00FFFFFF\t0\t0\t0
tst1\t0001000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
tst0\t0000A8C0\t00000000\t0201\t0\t0\t0\t0000FFFF\t0\t0\t0
`;

test("reads /proc/net/route: longest prefix first, then the lowest metric", () => {
  const table = RouteTable.of(readKernelRoutes(PROC_ROUTE));
  table.add({ net: "172.16.0.0/12", dev: "tst1" });
  assert.equal(table.route("10.0.1.7")[0], "tst1", "10.0.1.0/24 is on tst1");
  assert.deepEqual([table.route("10.0.0.7")[0], table.route("10.0.0.7")[2]], ["tst1", "0.0.0.0"], "two /24 routes: metric 50 wins over 100");
  assert.deepEqual([table.route("8.8.8.8")[0], table.route("8.8.8.8")[2]], ["tst0", "10.0.0.1"], "the default route, via its gateway");
  assert.equal(table.route("192.168.1.1")[0], "tst0", "reject routes are skipped: default");
  assert.equal(table.route("172.20.0.1")[0], "tst1");
  assert.equal(table.route("127.0.0.1")[0], "lo");
  table.delete({ net: "172.16.0.0/12" });
  assert.equal(table.route("172.20.0.1")[0], "tst0");
});

test("prints as Scapy's conf.route", () => {
  const table = RouteTable.of(readKernelRoutes(PROC_ROUTE.split("\n").slice(0, 3).join("\n")));
  table.add({ net: "192.0.2.0/24", gw: "10.0.0.254", dev: "tst0", metric: 7 });
  assert.equal(
    String(table),
    [
      "Network    Netmask        Gateway     Iface  Output IP  Metric",
      "0.0.0.0    0.0.0.0        10.0.0.1    tst0   0.0.0.0    100",
      "10.0.0.0   255.255.255.0  0.0.0.0     tst0   0.0.0.0    100",
      "127.0.0.0  255.0.0.0      0.0.0.0     lo     127.0.0.1  1",
      "192.0.2.0  255.255.255.0  10.0.0.254  tst0   0.0.0.0    7",
    ].join("\n"),
  );
});

test("reads /proc/net/ipv6_route", () => {
  const rows = readKernelRoutes6(
    "fd770000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     cli0\n" +
      "00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe8000000000000070311bfffe52e3b1 00000400 00000001 00000000 00450003     cli1\n" +
      "00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n",
  );
  assert.equal(rows.length, 2, "the reject route is skipped");
  assert.equal(rows[0]!.prefixlen, 64);
  assert.equal(rows[0]!.metric, 256);
  assert.equal(rows[1]!.nexthop, "fe80::7031:1bff:fe52:e3b1");
});

describe("routes and interfaces in the lab", { skip: labSkip }, () => {
  test("conf.route prints the table Scapy prints in the same namespace", () => {
    const scapy = execFileSync("/usr/bin/python3", ["-c", "from scapy.all import conf; print(conf.route)"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const trimmed = scapy.trimEnd().split("\n").map((l) => l.trimEnd()).join("\n");
    assert.equal(String(conf.route), trimmed);
  });

  test("conf.iface is the default route's interface; route() gives iface, source and gateway", () => {
    assert.equal(conf.iface, LAB.iface);
    assert.deepEqual(conf.route!.route(LAB.server), [LAB.iface, LAB.client, "0.0.0.0"]);
    assert.deepEqual(conf.route!.route("10.99.0.1"), [LAB.iface, LAB.client, LAB.server]);
    assert.deepEqual(conf.route!.route(LAB.client), ["lo", LAB.client, "0.0.0.0"], "our own address goes via lo");
    assert.deepEqual(conf.route6!.route(LAB.server6), [LAB.iface, LAB.client6, "::"]);
  });

  test("IP() takes its source from the route, as Scapy", () => {
    assert.equal(IP({ dst: LAB.server }).src, LAB.client);
    assert.equal(IP({ dst: "127.0.0.1" }).src, "127.0.0.1");
  });

  test("interface helpers", () => {
    assert.ok(getIfList().includes(LAB.iface) && getIfList().includes("lo"));
    assert.equal(getIfHwaddr(LAB.iface), macOf(LAB.clientNs, LAB.iface));
    assert.equal(getIfAddr(LAB.iface), LAB.client);
    assert.equal(getIfAddr(LAB.dhcpIface), "0.0.0.0");
    assert.throws(() => getIfAddr("nope0"), /No such interface/);
  });

  test("host names resolve synchronously through the system resolver", () => {
    assert.equal(IP({ dst: "localhost" }).dst, "127.0.0.1");
    assert.throws(() => IP({ dst: "no-such-host.invalid" }), /cannot resolve host name "no-such-host.invalid"/);
  });

  test("a lab name resolves through dnsmasq when the process runs in the lab (ip netns exec)", () => {
    const index = new URL("../../src/index.ts", import.meta.url).pathname;
    const code = `import { IP, IPv6 } from ${JSON.stringify(index)}; console.log(JSON.stringify([IP({ dst: "www.lab.test" }).dst, IPv6({ dst: "www.lab.test" }).dst, IP({ dst: "mail" }).dst]));`;
    const out = execFileSync("ip", ["netns", "exec", LAB.clientNs, process.execPath, "--import", "tsx", "--input-type=module", "-e", code], { encoding: "utf8", cwd: new URL("../..", import.meta.url).pathname });
    assert.deepEqual(JSON.parse(out), [LAB.server, LAB.server6, "10.77.0.25"]);
  });
});
