/**
 * Read-ahead for files mounted in ffmpeg.wasm with WORKERFS. WORKERFS answers each of ffmpeg's reads
 * (32 KB or one packet at a time) with its own FileReaderSync call, and each call is a round trip to
 * the browser's blob store costing about 2 ms: a 30-second stream copy from an hour-long lesson made
 * some 300 of them. Reading one block of `blockSize` bytes ahead and serving the small reads from it
 * makes that a dozen. Only one block per file is held (1 MB by default), never the whole file.
 */

/** Bytes read ahead per miss: the fastest of 256 KB to 8 MB on a 30 s clip from a 1 GB hour. */
export const READ_AHEAD_BLOCK = 1024 * 1024;

/** Reads `start..end` (end exclusive, within the file) of the underlying file. */
export type SliceReader = (start: number, end: number) => Uint8Array;

/** A file's reads served from one block read ahead. */
export class ReadAhead {
  #block: Uint8Array = new Uint8Array(0);
  #blockStart = 0;
  /** Reads of the underlying file so far. */
  reads = 0;

  constructor(
    private readonly readSlice: SliceReader,
    private readonly size: number,
    private readonly blockSize = READ_AHEAD_BLOCK,
  ) {}

  /** Copy up to `length` bytes at `position` into `target` at `offset`; answers how many (0 at the end). */
  read(target: Uint8Array, offset: number, length: number, position: number): number {
    if (position >= this.size || length <= 0) return 0;
    const wanted = Math.min(length, this.size - position);
    if (wanted > this.blockSize) {
      // Larger than a block: read it straight into place.
      this.reads++;
      const bytes = this.readSlice(position, position + wanted);
      target.set(bytes, offset);
      return bytes.length;
    }
    const inBlock = position >= this.#blockStart && position + wanted <= this.#blockStart + this.#block.length;
    if (!inBlock) {
      this.reads++;
      this.#block = this.readSlice(position, Math.min(this.size, position + this.blockSize));
      this.#blockStart = position;
    }
    const from = position - this.#blockStart;
    const served = Math.min(wanted, this.#block.length - from);
    target.set(this.#block.subarray(from, from + served), offset);
    return served;
  }
}

/** The parts of Emscripten's WORKERFS this patches. */
export interface WorkerFs {
  stream_ops: {
    read(stream: { node: { size: number; contents: Blob } }, buffer: Uint8Array, offset: number, length: number, position: number): number;
  };
}

/**
 * Serve every WORKERFS file's reads through a `ReadAhead` (one per file node, dropped with it).
 * Call once per loaded core, in a worker (FileReaderSync).
 */
export function installReadAhead(workerFs: WorkerFs, blockSize = READ_AHEAD_BLOCK): void {
  const reader = new FileReaderSync();
  const perNode = new WeakMap<object, ReadAhead>();
  workerFs.stream_ops.read = (stream, buffer, offset, length, position) => {
    const { node } = stream;
    let readAhead = perNode.get(node);
    if (!readAhead) {
      const blob = node.contents;
      readAhead = new ReadAhead((start, end) => new Uint8Array(reader.readAsArrayBuffer(blob.slice(start, end))), node.size, blockSize);
      perNode.set(node, readAhead);
    }
    return readAhead.read(buffer, offset, length, position);
  };
}
