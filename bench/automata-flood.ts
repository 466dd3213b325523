/**
 * The client side of bench/automata.ts, run in the client namespace:
 *   node --import tsx bench/automata-flood.ts IFACE SERVER SERVER_MAC RATE SECONDS
 * sends DNS queries (each its own id and port) to SERVER at RATE a second, paced every 10 ms,
 * counts the answers on a capture of its own, and prints one JSON line when the answers stop.
 */
import { DNS, DNSQR, Ether, getIfHwaddr, IP, LiveSocket, UDP } from "../src/index.ts";

const [iface = "am-cli", server = "10.79.0.1", serverMac = "", rateText = "10000", secondsText = "10"] = process.argv.slice(2);
const rate = Number(rateText);
const seconds = Number(secondsText);
const total = rate * seconds;
const mac = getIfHwaddr(iface);

// Query i: id i mod 2^16, source port 10000 + i div 2^16, so every (port, id) pair is unique.
const frames = Array.from({ length: total }, (_, i) =>
  Ether({ src: mac, dst: serverMac }).div(IP({ src: "10.79.0.2", dst: server }), UDP({ sport: 10000 + (i >>> 16), dport: 53 }), DNS({ id: i & 0xffff, qd: [DNSQR({ qname: `q${i}.bench.test` })] })).build(),
);

const seen = new Set<number>();
let late = 0;
const rx = new LiveSocket({ iface, filter: `udp and src port 53 and src host ${server}`, bufferSize: 64 << 20 });
rx.receive(
  (batch) => {
    for (const p of batch) {
      const udp = p.getLayer(UDP);
      const dns = p.getLayer(DNS);
      if (!udp || !dns || dns.qr !== 1) continue;
      const key = ((udp.dport - 10000) << 16) | dns.id;
      if (seen.has(key)) late++;
      seen.add(key);
    }
  },
  (err) => {
    throw err;
  },
);
const tx = new LiveSocket({ iface, snaplen: 64, bufferSize: 1 << 16, filter: "less 1", promisc: false });
const start = performance.now();
let sent = 0;
await new Promise<void>((resolve) => {
  const tick = () => {
    const due = Math.min(total, Math.ceil(((performance.now() - start) / 1000) * rate));
    if (due > sent) sent += tx.sendMany(frames.slice(sent, due));
    if (sent >= total) return resolve();
    setTimeout(tick, 10);
  };
  tick();
});
const sendSeconds = (performance.now() - start) / 1000;
// Answers still on their way: wait until none came for a second.
for (let last = -1; last !== seen.size; ) {
  last = seen.size;
  await new Promise((r) => setTimeout(r, 1000));
}
const stats = rx.stats();
rx.close();
tx.close();
console.log(JSON.stringify({ sent, sendSeconds, answered: seen.size, duplicates: late, clientKernel: stats }));
