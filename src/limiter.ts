// At most N requests in flight per client: both APIs answer 429 above 10 simultaneous requests.

export class Limiter {
  private active = 0;
  private readonly queue: Array<() => void> = [];
  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new TypeError("maxConcurrency must be a positive integer");
  }

  /** Wait for a slot; rejects (and gives up its place) if the signal aborts first. */
  acquire(signal?: AbortSignal | null): Promise<void> | void {
    if (this.active < this.max) {
      this.active++;
      return;
    }
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        const i = this.queue.indexOf(grant);
        if (i >= 0) this.queue.splice(i, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.queue.push(grant);
    });
  }

  release(): void {
    if (this.queue.length === 0) this.active--;
    else this.queue.shift()!(); // the slot passes straight to the next waiter
  }
}
