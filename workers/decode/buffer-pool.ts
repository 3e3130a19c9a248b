/**
 * Large buffers kept for use again. Chromium gives every large new ArrayBuffer fresh pages from the
 * system, zeroed page by page as they are first touched: on an hour of audio, buffers allocated per
 * slice cost seconds of CPU that reusing a handful saves. Pure: no DOM, no worker globals.
 */
export class BufferPool<T extends ArrayBuffer | Float32Array> {
  private readonly free: T[] = [];

  /**
   * `make(size)` allocates a new buffer of `size` units: bytes for an ArrayBuffer, elements for a
   * typed array. At most `keep` buffers are kept; more given back are dropped.
   */
  constructor(
    private readonly make: (size: number) => T,
    private readonly keep = 8,
  ) {}

  /** A buffer of at least `size` units: the smallest kept one that fits, else a new one. Its contents are stale. */
  take(size: number): T {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const length = sizeOf(this.free[i]);
      if (length >= size && (best < 0 || length < sizeOf(this.free[best]))) best = i;
    }
    return best < 0 ? this.make(size) : this.free.splice(best, 1)[0];
  }

  /** Keep `buffer` for a later `take`; a detached one (no bytes) is dropped. */
  give(buffer: T): void {
    if (buffer.byteLength === 0) return;
    if (this.free.length >= this.keep) this.free.shift();
    this.free.push(buffer);
  }

  /** Buffers kept now. */
  get size(): number {
    return this.free.length;
  }
}

function sizeOf(buffer: ArrayBuffer | Float32Array): number {
  return buffer instanceof ArrayBuffer ? buffer.byteLength : buffer.length;
}
