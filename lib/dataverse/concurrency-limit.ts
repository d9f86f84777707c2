// A counting semaphore: at most N tasks run at once, the rest wait in arrival order. Pure, no I/O.

export class ConcurrencyLimit {
  #active = 0;
  #maxActive = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`A concurrency limit must be a positive integer, got ${limit}.`);
  }

  /** Tasks running now. */
  get active(): number {
    return this.#active;
  }

  /** The most tasks that ever ran at once. */
  get maxActive(): number {
    return this.#maxActive;
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.#acquire();
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  #acquire(): Promise<void> {
    if (this.#active < this.limit) {
      this.#take();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(() => (this.#take(), resolve())));
  }

  #take(): void {
    this.#active++;
    this.#maxActive = Math.max(this.#maxActive, this.#active);
  }

  #release(): void {
    this.#active--;
    this.#waiting.shift()?.();
  }
}
