/** One-line warnings, as Scapy's `warning()` and Python's warnings print them; each one once per process. */
const shown = new Set<string>();

export function warnOnce(key: string, message: string): void {
  if (shown.has(key)) return;
  shown.add(key);
  console.warn(message);
}
