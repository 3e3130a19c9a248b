/**
 * Backpressure between the decode worker and its consumer: counts blocks handed over but not yet
 * consumed, and holds back every producer (each decoder lane) while too many are out. Pure: no DOM,
 * no worker globals.
 */
export class InFlight {
  private count = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  /** Blocks out now. */
  get size(): number {
    return this.count;
  }

  /** One block was handed over. */
  sent(): void {
    this.count++;
  }

  /** One block was consumed: once below the limit, every producer waiting goes on. */
  consumed(): void {
    this.count = Math.max(0, this.count - 1);
    if (this.count < this.max) for (const resolve of this.waiting.splice(0)) resolve();
  }

  /** A promise to wait for before producing more, or null to go on now. */
  wait(): Promise<void> | null {
    return this.count >= this.max ? new Promise<void>((resolve) => this.waiting.push(resolve)) : null;
  }
}
