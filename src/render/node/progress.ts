/** A one-line progress bar on stderr, only when stderr is a terminal. */
import type { Progress } from "../host.ts";

const WIDTH = 30;

export function progressBar(label: string, total: number, stream: { isTTY?: boolean; write(s: string): unknown } = process.stderr): Progress | null {
  if (!stream.isTTY || total <= 0) return null;
  let shown = -1;
  let last = 0;
  const draw = (done: number) => {
    const filled = Math.round((done / total) * WIDTH);
    stream.write(`\r${label} [${"#".repeat(filled)}${" ".repeat(WIDTH - filled)}] ${done}/${total}`);
  };
  return {
    update(done) {
      const pct = Math.floor((done * 100) / total);
      const now = Date.now();
      // Redraw on each new percent, at most ten times a second.
      if (pct !== shown && (now - last >= 100 || done === total)) {
        shown = pct;
        last = now;
        draw(done);
      }
    },
    end() {
      if (shown >= 0) stream.write("\n");
    },
  };
}
