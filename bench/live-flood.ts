/**
 * The flood for bench/live.ts's sniff figure, run in the lab's server namespace:
 *   node --import tsx bench/live-flood.ts IFACE RATE SECONDS [COUNT]
 * sends 60-byte frames (ether type 0x88b5, local experimental) at RATE frames/s, paced in
 * batches of 256, for SECONDS (or until COUNT frames are sent, however long it takes), and
 * prints {"sent": N, "seconds": S} when done.
 */
import { LiveSocket } from "../src/index.ts";

const [iface = "srv-c0", rateText = "300000", secondsText = "3", countText] = process.argv.slice(2);
const rate = Number(rateText);
const seconds = Number(secondsText);
const count = countText === undefined ? Infinity : Number(countText);

const frame = new Uint8Array(60);
frame.set([0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x88, 0xb5]);
const BATCH = 256;
const batch = Array.from({ length: BATCH }, () => frame);

const sock = new LiveSocket({ iface, snaplen: 64, bufferSize: 1 << 16, filter: "less 1", promisc: false });
const start = performance.now();
let sent = 0;
for (;;) {
  const elapsed = (performance.now() - start) / 1000;
  if (count === Infinity ? elapsed >= seconds : sent >= count) break;
  // Keep to the schedule: send when behind, spin briefly when ahead.
  if (sent < elapsed * rate) sent += sock.sendMany(batch);
}
const took = (performance.now() - start) / 1000;
sock.close();
console.log(JSON.stringify({ sent, seconds: took }));
