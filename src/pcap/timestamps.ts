/**
 * Capture timestamps. A packet keeps `time` (seconds, a double, as Scapy's pkt.time) and
 * `timeNs` (exact nanoseconds, a bigint). pcapng counts in units of 10^-k or 2^-k seconds
 * (if_tsresol); those are split into seconds and nanoseconds with exact double arithmetic
 * where the numbers allow, and BigInt otherwise.
 */
const NS = 1_000_000_000n;

/** if_tsresol byte: the high bit set means 2^-k, else 10^-k. Default 6 (microseconds). */
export const TSRESOL_MICRO = 6;
export const TSRESOL_NANO = 9;

/** Seconds and nanoseconds to the two capture-time representations. */
export function timeOf(sec: number, ns: number): number {
  return sec + ns / 1e9;
}

export function timeNsOf(sec: number, ns: number): bigint {
  return BigInt(sec) * NS + BigInt(ns);
}

/** Seconds and nanoseconds of a 64-bit pcapng timestamp (high, low words) in tsresol units. */
export function splitUnits(high: number, low: number, tsresol: number, out: { sec: number; ns: number }): void {
  const k = tsresol & 0x7f;
  if (tsresol & 0x80) {
    if (k <= 32) {
      const sec = k === 32 ? high : high * 2 ** (32 - k) + Math.floor(low / 2 ** k);
      const frac = k === 32 ? low : low % 2 ** k;
      out.ns = Math.round((frac / 2 ** k) * 1e9);
      out.sec = sec;
      if (out.ns === 1e9) {
        out.sec++;
        out.ns = 0;
      }
      return;
    }
  } else if (k <= 9) {
    // (high * 2^32 + low) / 10^k in three exact steps: every intermediate stays below 2^53.
    const d = 10 ** k;
    const hq = Math.floor(high / d);
    const x = (high % d) * 65536 + (low >>> 16);
    const y = (x % d) * 65536 + (low & 0xffff);
    out.sec = hq * 4294967296 + Math.floor(x / d) * 65536 + Math.floor(y / d);
    out.ns = (y % d) * 10 ** (9 - k);
    return;
  }
  const units = (BigInt(high) << 32n) | BigInt(low);
  const perSec = tsresol & 0x80 ? 1n << BigInt(k) : 10n ** BigInt(k);
  out.sec = Number(units / perSec);
  out.ns = Number(((units % perSec) * NS) / perSec);
}

/** Timestamp in tsresol units for exact nanoseconds (rounded to the nearest unit). */
export function unitsOf(timeNs: bigint, tsresol: number): bigint {
  const k = BigInt(tsresol & 0x7f);
  const perSec = tsresol & 0x80 ? 1n << k : 10n ** k;
  if (perSec === NS) return timeNs;
  const num = timeNs * perSec;
  const q = num / NS;
  const r = num % NS;
  return r * 2n >= NS ? q + 1n : q;
}

/**
 * The exact time of a packet: its timeNs when it still agrees with its time (nobody set
 * pkt.time since), else the time in seconds, rounded to the nanosecond.
 */
export function exactTimeNs(meta: { time?: number; timeNs?: bigint } | null | undefined, fallbackSeconds: number): bigint {
  const time = meta?.time;
  const ns = meta?.timeNs;
  if (ns !== undefined) {
    if (time === undefined || time === timeOf(Number(ns / NS), Number(ns % NS))) return ns;
  }
  return secondsToNs(time ?? fallbackSeconds);
}

/** Seconds (a double) to nanoseconds; the fraction is taken apart from the integer part so it stays exact. */
export function secondsToNs(t: number): bigint {
  const sec = Math.floor(t);
  return BigInt(sec) * NS + BigInt(Math.round((t - sec) * 1e9));
}
