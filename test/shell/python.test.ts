/**
 * The Python subset the shell speaks, run in a session in this process: Scapy's operators on
 * packets, Python's on everything else, calls with keywords, blocks, functions and errors.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { IP, Packet, PacketList, TCP, UDP } from "../../src/index.ts";
import { Session } from "../../src/shell/session.ts";
import { formatError } from "../../src/shell/runtime/errors.ts";

/** The value of the last expression (as `packetry -c` gives it). */
async function value(code: string): Promise<unknown> {
  return new Session({ write: () => undefined }).run(code, "eval");
}

/** What the shell shows for this input: print()s and echoes, as the REPL writes them. */
async function shown(code: string): Promise<string> {
  let out = "";
  await new Session({ write: (t) => (out += t) }).run(code, "interactive");
  return out;
}

/** The one line an error prints as. */
async function error(code: string): Promise<string> {
  try {
    await value(code);
  } catch (e) {
    return formatError(e);
  }
  assert.fail(`no error from ${code}`);
}

describe("Scapy's operators on packets", () => {
  test("a/b stacks packets, strings and bytes; numbers still divide", async () => {
    const p = (await value('Ether()/IP(dst="10.0.0.1")/TCP()/"GET /"')) as Packet;
    assert.deepEqual(p.layers().map((l) => l.name), ["Ether", "IP", "TCP", "Raw"]);
    assert.deepEqual(await shown('IP()/b"\\x01\\x02"'), "<IP  |<Raw  load=b'\\x01\\x02' |>>\n");
    assert.equal(await shown('"GET /"/TCP()'), "<Raw  load=b'GET /' |<TCP  |>>\n");
    assert.equal(await value("7/2"), 3.5);
    assert.equal(await value("7//2, -7//2, 7 % 3, -7 % 3").then(String), "3,-4,1,2");
    assert.equal(await error("IP()/3"), "TypeError: unsupported operand type(s) for /: 'IP' and 'int'");
  });

  test("pkt[Layer], pkt[n], pkt[Layer:2], Layer in pkt", async () => {
    assert.equal(await value('(Ether()/IP(dst="10.0.0.1")/TCP(dport=22))[TCP].dport'), 22);
    assert.equal(await value("(Ether()/IP()/UDP())[1].name"), "IP");
    assert.equal(await value('(IP()/UDP()/IP(dst="10.9.9.9")/ICMP())[IP:2].dst'), "10.9.9.9");
    assert.equal(await value('(IP()/TCP())["TCP"].dport'), 80);
    assert.equal(await shown("p = Ether()/IP()/TCP()\nIP in p, UDP in p, p.haslayer(TCP), p.getlayer(IP).ttl, p.lastlayer().name"), "(True, False, True, 64, 'TCP')\n");
    assert.equal(await error("(IP()/TCP())[UDP]"), "IndexError: Layer [UDP] not found");
    assert.equal(await error("(IP()/TCP())[7]"), "IndexError: Layer [7] not found");
  });

  test("a field is found in the layers below, as Scapy's attribute lookup does", async () => {
    assert.equal(await shown('r = Ether(src="00:11:22:33:44:55")/ARP(psrc="10.0.0.7", op="is-at")\nr.psrc, r.src, r.op'), "('10.0.0.7', '00:11:22:33:44:55', 2)\n");
    assert.equal(await value('r = Ether()/IP()/TCP()\nr.dport = 443\nr[TCP].dport'), 443);
    assert.equal(await value("p = IP(ttl=5)/TCP()\ndel p.ttl\np.ttl"), 64);
    assert.equal(await value("p = IP(ttl=5)\np.ttl += 10\np[IP].ttl"), 15);
  });

  test("pkt * 3, len(pkt) is its bytes, == compares values", async () => {
    assert.equal(await shown("IP() * 2"), "[<IP  |>, <IP  |>]\n");
    assert.equal(await value("len(Ether()/IP()/TCP())"), 54);
    assert.equal(await value('IP(dst="10.0.0.1") == IP(dst="10.0.0.1"), IP() == IP(ttl=3)').then(String), "true,false");
  });

  test("keyword arguments are field values; a tuple is Scapy's inclusive range, a list several packets", async () => {
    const p = (await value('IP(dst="10.0.0.1", ttl=3)/TCP(dport=80, sport=1234, flags="SA")')) as Packet;
    assert.equal(p.getLayer(IP)!.ttl, 3);
    assert.equal(String(p.getLayer(TCP)!.flags), "SA");
    assert.equal(await value("len(list(IP()/TCP(dport=(80, 83))))"), 4);
    assert.equal(await value("len(list(IP()/TCP(dport=[22, 80])))"), 2);
    assert.equal(await value("len(list(IP()/TCP(dport=range(1, 4))))"), 3);
    assert.equal(await value('TCP(options=[("MSS", 1460), ("NOP", None)]).options').then((v) => JSON.stringify(v)), '[["MSS",1460],["NOP",null]]');
    assert.equal(await value('IP(bytes(IP(dst="10.0.0.2")/ICMP()))[ICMP].type'), 8);
    assert.equal(await value('IP({"dst": "10.0.0.3"}).dst'), "10.0.0.3");
    // JavaScript's object literal, written in the shell: an undefined bare name is its own text.
    assert.equal(await value('IP({dst: "10.0.0.4", ttl: 9}).ttl'), 9);
    assert.match(await error('IP(dsst="1.2.3.4")'), /^TypeError: IP has no field "dsst"/);
  });

  test("PacketList: index, negative index, slice, pl[TCP], +, len, truth", async () => {
    const base = 'pl = PacketList([IP()/TCP(), IP()/UDP(), IP()/TCP(dport=22)], "demo")\n';
    assert.equal(await shown(base + "pl, pl[TCP], pl[1:], len(pl), pl[-1][TCP].dport"), "(<demo: TCP:2 UDP:1 ICMP:0 Other:0>, <TCP from demo: TCP:2 UDP:0 ICMP:0 Other:0>, <mod demo: TCP:1 UDP:1 ICMP:0 Other:0>, 3, 22)\n");
    assert.equal(await shown(base + 'pl + pl, bool(PacketList([])), pl.filter(lambda p: UDP in p)'), "(<demo+demo: TCP:4 UDP:2 ICMP:0 Other:0>, False, <filtered demo: TCP:0 UDP:1 ICMP:0 Other:0>)\n");
    assert.equal(await error(base + "pl[3]"), "IndexError: list index out of range");
  });
});

describe("calls", () => {
  test("snake_case keywords reach camelCase options (sniff offline: lfilter, stop_filter, prn)", async () => {
    const code = `pl = PacketList([IP(dst="10.0.0.%d" % n)/UDP(dport=n) for n in range(1, 8)])
seen = []
got = sniff(offline=pl, lfilter=lambda p: p[UDP].dport % 2 == 1, stop_filter=lambda p: p[UDP].dport >= 5, prn=lambda p: seen.append(p.dport))
[p[UDP].dport for p in got], seen`;
    assert.equal(await shown(code), "([1, 3, 5], [1, 3, 5])\n");
  });

  test("a keyword that names a parameter goes there (fragment's fragsize); unknown ones are errors", async () => {
    assert.equal(await value('len(fragment(IP(dst="10.0.0.1")/ICMP()/("x" * 3000), fragsize=1000))'), 4);
    assert.equal(await error("fragment(IP(), bogus=1)"), "TypeError: fragment() got an unexpected keyword argument 'bogus'");
  });

  test("Scapy's positional prn and its (s, r) lambdas on a result list", async () => {
    const code = `ans = SndRcvList([(IP(dst="10.0.0.1")/TCP(dport=80), IP(src="10.0.0.1")/TCP(sport=80, flags="SA"))])
for s, r in ans:
    print(s.dport, r.sprintf("%TCP.flags%"))

lines = []
ans.summary(lambda s, r: lines.append(r.sprintf("%IP.src% %TCP.flags%")))
lines`;
    assert.equal(await shown(code), "80 SA\n['10.0.0.1 SA']\n");
  });

  test("def: defaults, *args, **kwargs, keywords, recursion, closures, global", async () => {
    const code = `def f(a, b=2, *rest, **kw):
    return [a, b, list(rest), kw]

def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)

def counter():
    count = [0]
    def inc(step=1):
        count[0] += step
        return count[0]
    return inc

total = 0
def add(n):
    global total
    total += n

add(5); add(6)
c = counter(); c(); c(5)
f(1), f(1, 3, 4, 5, x=6), f(b=7, a=8), fact(10), c(), total`;
    // c() and c(5) on their own line are echoed, as Python's REPL does.
    assert.equal(await shown(code), "1\n6\n([1, 2, [], {}], [1, 3, [4, 5], {'x': 6}], [8, 7, [], {}], 3628800, 7, 11)\n");
    assert.equal(await error("def g(a, b): pass\ng(1)"), "TypeError: g() missing 1 required positional argument: 'b'");
    assert.equal(await error("def g(a): pass\ng(1, 2)"), "TypeError: g() takes 1 positional argument but 2 were given");
    assert.equal(await error("def g(a): pass\ng(1, c=2)"), "TypeError: g() got an unexpected keyword argument 'c'");
  });

  test("a def that calls something async is awaited for the user", async () => {
    const code = `import time
def slow(x):
    time.sleep(0.01)
    return x * 2

def twice(x):
    return slow(x) + slow(x)

twice(3), [slow(n) for n in range(3)]`;
    assert.equal(await shown(code), "(12, [0, 2, 4])\n");
  });

  test("lambdas are plain functions for callbacks (sorted's key, filter, map)", async () => {
    assert.equal(await shown("sorted([IP(ttl=9), IP(ttl=3)], key=lambda p: p.ttl)[0].ttl, list(map(lambda x, y: x + y, [1, 2], [10, 20])), list(filter(None, [0, 1, '', 'a']))"), "(3, [11, 22], [1, 'a'])\n");
  });
});

describe("Python's statements and values", () => {
  test("tuple unpacking, starred targets, chained assignment, swaps", async () => {
    assert.equal(await shown("a, b = 1, 2\na, b = b, a\nx = y = [a, b]\nfirst, *rest = range(5)\n(a, b), x is y, first, rest"), "((2, 1), True, 0, [1, 2, 3, 4])\n");
    assert.equal(await error("a, b = [1, 2, 3]"), "ValueError: too many values to unpack (expected 2)");
    assert.equal(await error("a, b, c = (1,)"), "ValueError: not enough values to unpack (expected 3, got 1)");
  });

  test("if/elif/else, while/else, for/else with break and continue", async () => {
    const code = `out = []
for n in range(10):
    if n % 2 == 0:
        continue
    elif n == 7:
        break
    else:
        out.append(n)
else:
    out.append("no break")
i = 0
while i < 3:
    i += 1
else:
    out.append("while done")
out`;
    assert.equal(await shown(code), "[1, 3, 5, 'while done']\n");
  });

  test("try/except/else/finally, raise, assert", async () => {
    const code = `log = []
try:
    {}["missing"]
except (IndexError, KeyError) as e:
    log.append(repr(e))
else:
    log.append("else")
finally:
    log.append("finally")
try:
    pass
except Exception:
    log.append("no")
else:
    log.append("else ran")
try:
    raise ValueError("bad value")
except LookupError:
    log.append("wrong")
except Exception as e:
    log.append(str(e))
try:
    undefined_thing
except NameError as e:
    log.append(str(e))
try:
    IP(bogus=1)
except TypeError:
    log.append("TypeError")
log`;
    assert.equal(await shown(code), `['KeyError("\\'missing\\'")', 'finally', 'else ran', 'bad value', "name 'undefined_thing' is not defined", 'TypeError']\n`);
    assert.equal(await error("assert 1 == 2, 'nope'"), "AssertionError: nope");
    assert.equal(await error("try:\n    1/0\nexcept ZeroDivisionError:\n    raise"), "ZeroDivisionError: division by zero");
  });

  test("comprehensions: nested, filtered, dict and set; generator arguments", async () => {
    assert.equal(await shown("[(x, y) for x in range(3) for y in 'ab' if x != 1]"), "[(0, 'a'), (0, 'b'), (2, 'a'), (2, 'b')]\n");
    assert.equal(await shown("{p.dport: p.sport for p in [TCP(dport=1, sport=2), TCP(dport=3, sport=4)]}"), "{'1': 2, '3': 4}\n");
    assert.equal(await shown("{x % 3 for x in range(10)}, sum(x * x for x in range(4)), any(UDP in p for p in [IP()/TCP()])"), "({0, 1, 2}, 14, False)\n");
  });

  test("truth as Python's: empty containers are false; and/or return their operands", async () => {
    assert.equal(await shown("[] or 'empty', [0] and 'full', not {}, None or 0 or '', 0 == False, bool(IP())"), "('empty', 'full', True, '', True, True)\n");
    assert.equal(await shown("x = None\nx is None, x is not None, 1 < 2 < 3, 3 > 2 > 2"), "(True, False, True, False)\n");
  });

  test("literals: True/False/None, b'' and r'' strings, hex, f-strings, % formatting, JavaScript's true/false/null", async () => {
    assert.equal(await shown("0x806, 0o17, 0b101, 1_000, 1e3, True + 1"), "(2054, 15, 5, 1000, 1000, 2)\n");
    assert.equal(await shown(`b"GET\\r\\n", r"%Ether.src%\\n", "a" "b", '''x
y'''`), "(b'GET\\r\\n', '%Ether.src%\\\\n', 'ab', 'x\\ny')\n");
    assert.equal(await shown('p = IP(src="10.0.0.9", dst="10.0.0.1")\nf"{p.dst}:{80:>5} {p.ttl:#x} {p.summary()!r:.6}"'), `"10.0.0.1:   80 0x40 '10.0."\n`);
    assert.equal(await shown('"%s has ttl %d, id %04x, %-5s|, %5.1f%%" % (IP().dst, 64, 255, "ab", 99.44)'), "'127.0.0.1 has ttl 64, id 00ff, ab   |,  99.4%'\n");
    assert.equal(await shown('"%(a)s-%(b)r" % {"a": 1, "b": "x"}, "{} {x}".format(1, x=2)'), "(\"1-'x'\", '1 2')\n");
    assert.equal(await shown("true, false, null"), "(True, False, None)\n");
  });

  test("integers beyond 32 bits in bitwise operators; int(), hex(), str methods", async () => {
    assert.equal(await shown("0xffffffff & 0xffff0000, 1 << 40, ~5, 0xdeadbeef >> 16"), "(4294901760, 1099511627776, -6, 57005)\n");
    assert.equal(await shown('int("0x1f", 16), int("ff", 16), int("12"), hex(2054), ord("A"), chr(66)'), "(31, 255, 12, '0x806', 65, 'B')\n");
    assert.equal(await shown('" a,b ".strip().split(","), "-".join(["x", "y"]), "abc".upper(), "www.lab.test".endswith(".test")'), "(['a', 'b'], 'x-y', 'ABC', True)\n");
    assert.equal(await error('int("zz")'), "ValueError: invalid literal for int() with base 10: 'zz'");
    assert.equal(await error('"a" + 1'), 'TypeError: can only concatenate str (not "int") to str');
  });

  test("lists and dicts have Python's methods", async () => {
    assert.equal(await shown("l = [3, 1, 2]\nl.append(0); l.sort(reverse=True); l.pop(0), l, l.index(1)"), "(3, [2, 1, 0], 1)\n");
    assert.equal(await shown('d = {"a": 1}\nd.update(b=2); d.get("c", 9), sorted(d.keys()), list(d.items())[0], d.pop("a"), d'), "(9, ['a', 'b'], ('a', 1), 1, {'b': 2})\n");
  });

  test("isinstance, type, len, dir, getattr and friends", async () => {
    assert.equal(await shown('p = Ether()/IP()\nisinstance(p, Ether), isinstance(p, IP), isinstance("x", str), isinstance(3, (str, int)), type(p) == Ether, type("x") == str'), "(True, False, True, True, True, True)\n");
    assert.equal(await shown('"dport" in dir(TCP()), hasattr(IP(), "ttl"), getattr(IP(), "nope", 5), callable(IP)'), "(True, True, 5, True)\n");
  });

  test("the REPL echo: repr of values, None hidden, _ holds the last one", async () => {
    assert.equal(await shown('IP(dst="10.0.0.1")\nNone\n"text"\nprint("text")\n_'), "<IP  dst=10.0.0.1 |>\n'text'\ntext\n'text'\n");
    assert.equal(await shown("for n in range(2):\n    n\n"), "0\n1\n");
    assert.equal(await shown("print(IP()/TCP(), 3, None, sep=' | ')"), "IP / TCP 127.0.0.1:ftp_data > 127.0.0.1:http S | 3 | None\n");
  });

  test("scripts written for Scapy: from scapy.all import *, __name__, other modules", async () => {
    assert.equal(await shown('from scapy.all import *\nimport scapy.all as scapy\nimport math, random\nfrom os.path import basename\nscapy.IP is IP, __name__, math.floor(2.7), basename("/a/b.pcap"), random.randint(4, 4)'), "(True, '__main__', 2, 'b.pcap', 4)\n");
    assert.equal(await error("import numpy"), "ModuleNotFoundError: No module named 'numpy' in packetry's shell (Scapy's modules, time, sys, math, random and os are there)");
  });

  test("what is not in the subset says so", async () => {
    const syntax = async (code: string) => {
      try {
        new Session().compile(code, "eval");
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    };
    assert.match(await syntax("@staticmethod\nx = 1"), /a decorator must be followed by a def or a class/);
    assert.match(await syntax("def g():\n    yield 1"), /generators \(yield\) are not supported/);
  });

  test("the library is there under Scapy's snake_case names too", async () => {
    const names = ["dns_compress", "bytes_hex", "bind_layers", "get_if_list", "get_if_hwaddr", "tcp_reassemble"];
    assert.equal(await shown(names.map((n) => `callable(${n})`).join(", ")), `(${names.map(() => "True").join(", ")})\n`);
    assert.equal(await value('u = UDP(sport=1, dport=2)\nbytes_hex(u) == raw(u).hex() == bytes_hex(raw(u))'), true);
    assert.ok((await value("PacketList([IP()/UDP()])")) instanceof PacketList);
    assert.ok((await value("IP()/UDP()")) instanceof Packet);
    assert.ok(((await value("IP()/UDP()")) as Packet).getLayer(UDP));
  });
});
