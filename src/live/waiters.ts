/**
 * Readers waiting for something to arrive: wait() resolves on wake(), after `seconds`, or when
 * `signal` aborts, whichever comes first, and never holds a timer or listener after that.
 */
export class Waiters {
  private waiting: Array<() => void> = [];

  wait(seconds?: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        const i = this.waiting.indexOf(done);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve();
      };
      this.waiting.push(done);
      if (seconds !== undefined && Number.isFinite(seconds)) timer = setTimeout(done, Math.max(0, seconds * 1000));
      signal?.addEventListener("abort", done);
    });
  }

  wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) w();
  }
}
