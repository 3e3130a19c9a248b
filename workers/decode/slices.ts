/**
 * Plans how an audio track's samples are read out of an MP4: in slices of up to a minute, each read
 * as a short list of byte ranges that skip large stretches of other tracks' data (high-bitrate video
 * between chunks, audio stored apart from the video) and read through small ones. Pure: no DOM, no
 * worker globals.
 */

/** Where one sample sits in the file and in lesson time. */
export interface SampleLocation {
  offset: number;
  size: number;
  /** Composition time and duration, in `timescale` units. */
  cts: number;
  duration: number;
  timescale: number;
}

/** Bytes [start, end) of the file. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * A run of consecutive samples [first, last) read together. A primed slice also holds the sample
 * before `first`: decoded first and dropped, it warms up the decoder's overlap so the slice's own
 * first frame comes out right.
 */
export interface Slice {
  first: number;
  last: number;
  primed: boolean;
  /** What to read, in file order; read back to back, they make the slice's packed bytes. */
  ranges: ByteRange[];
  /** Position in the packed bytes of each sample from `first - 1` (primed) or `first` up to `last - 1`. */
  positions: Float64Array;
  /** Lesson time of samples[first] and of the end of samples[last - 1], seconds. */
  begins: number;
  ends: number;
}

export interface SlicePlanOptions {
  /** Packed bytes per slice, at most (a single larger sample gets a slice of its own). */
  sliceBytes: number;
  /** Audio per slice, at most, seconds: bounds the decoded audio a slice holds. */
  sliceSeconds: number;
  /** Gaps up to this many bytes are read through; larger ones are skipped (a new range). */
  skipBytes: number;
  /** Prime each slice with the sample before it (default true); PCM needs no decoder warm-up. */
  prime?: boolean;
}

/** Group samples (in decode order) into slices of byte ranges. */
export function planSlices(samples: readonly SampleLocation[], options: SlicePlanOptions): Slice[] {
  const { sliceBytes, sliceSeconds, skipBytes, prime = true } = options;
  const slices: Slice[] = [];
  let current: Slice | null = null;
  let packed = 0;
  let seconds = 0;
  for (let i = 0; i < samples.length; i++) {
    const { offset, size, duration, timescale } = samples[i];
    const length = duration / timescale;
    const range: ByteRange | undefined = current?.ranges[current.ranges.length - 1];
    const previous = samples[i - 1];
    // Joins only in file order: a sample at or past the end of the one before it.
    const inOrder = range !== undefined && offset >= previous.offset + previous.size;
    const gap = range ? offset - range.end : 0;
    const added = gap <= skipBytes ? gap + size : size;
    if (current && range && inOrder && packed + added <= sliceBytes && seconds + length <= sliceSeconds) {
      if (gap <= skipBytes) range.end = offset + size;
      else current.ranges.push({ start: offset, end: offset + size });
      current.last = i + 1;
      packed += added;
      seconds += length;
    } else {
      current = { first: i, last: i + 1, primed: false, ranges: [{ start: offset, end: offset + size }], positions: new Float64Array(0), begins: 0, ends: 0 };
      slices.push(current);
      packed = size;
      seconds = length;
    }
  }
  for (const slice of slices) {
    const before = samples[slice.first - 1];
    const head = slice.ranges[0];
    // Prime with the sample before when it lies before the slice in the file (it always does in MP4s written in order).
    if (prime && before && before.offset + before.size <= head.start) {
      slice.primed = true;
      if (head.start - (before.offset + before.size) <= skipBytes) head.start = before.offset;
      else slice.ranges.unshift({ start: before.offset, end: before.offset + before.size });
    }
    slice.positions = positionsIn(samples, slice);
    const first = samples[slice.first], last = samples[slice.last - 1];
    slice.begins = first.cts / first.timescale;
    slice.ends = (last.cts + last.duration) / last.timescale;
  }
  return slices;
}

/** Bytes a slice reads in all. */
export function sliceLength(slice: Slice): number {
  return rangesLength(slice.ranges);
}

/** Bytes in all of `ranges`. */
export function rangesLength(ranges: readonly ByteRange[]): number {
  let total = 0;
  for (const { start, end } of ranges) total += end - start;
  return total;
}

function positionsIn(samples: readonly SampleLocation[], slice: Slice): Float64Array {
  const from = slice.primed ? slice.first - 1 : slice.first;
  const positions = new Float64Array(slice.last - from);
  let r = 0;
  let base = 0;
  for (let i = from; i < slice.last; i++) {
    const { offset, size } = samples[i];
    while (offset + size > slice.ranges[r].end) {
      base += slice.ranges[r].end - slice.ranges[r].start;
      r++;
    }
    positions[i - from] = base + offset - slice.ranges[r].start;
  }
  return positions;
}

/**
 * The Blob slices, streams and readers being read. Held here because Chromium can collect a Blob's
 * stream while a read into it is pending, and that read then never settles (seen as a hung analysis
 * when a memory measurement collected garbage mid-read); with references kept it does not happen.
 */
const reading = new Set<object>();

/**
 * Reads the ranges of a Blob back to back into `into` (when it is large enough, else into a new
 * buffer) and returns a view of the bytes read; fewer than the ranges hold means the Blob ended
 * early. Reading into a buffer that is used again matters on big files: a fresh buffer per read
 * costs the reading thread more than the read itself (measured in Chromium on 1 GB in 8 MB slices:
 * 4.6-5.6 s of thread CPU with a fresh buffer each time, 1.4-1.6 s reusing one).
 */
export async function readRanges(blob: Blob, ranges: readonly ByteRange[], into?: ArrayBuffer): Promise<Uint8Array> {
  const total = rangesLength(ranges);
  let buffer = into && into.byteLength >= total ? into : new ArrayBuffer(total);
  let filled = 0;
  for (const { start, end } of ranges) {
    const part = blob.slice(start, end);
    const stream = part.stream();
    const reader = byobReaderOf(stream);
    const held = { part, stream, reader };
    reading.add(held);
    try {
      const read = reader ? await readByob(reader, buffer, filled, end - start) : await readChunks(stream, buffer, filled, end - start);
      buffer = read.buffer;
      filled += read.length;
      if (read.length < end - start) break;
    } finally {
      reading.delete(held);
    }
  }
  return new Uint8Array(buffer, 0, filled);
}

/** What one range's read left: the buffer (handed back by a BYOB read) and the bytes put in it. */
interface RangeRead {
  buffer: ArrayBuffer;
  length: number;
}

/**
 * A BYOB reader of `stream`, or null where the Blob's stream is not a byte stream: WebKit's is not
 * ("ReadableStreamBYOBReader needs a ReadableByteStreamController", WebKitGTK 2.50), issue 27.
 */
function byobReaderOf(stream: ReadableStream<Uint8Array>): ReadableStreamBYOBReader | null {
  try {
    return stream.getReader({ mode: 'byob' });
  } catch (error) {
    if (error instanceof TypeError) return null;
    throw error;
  }
}

/** Read up to `want` bytes straight into `buffer` at `at`; each read hands the buffer over and gives it back (detached and re-wrapped). */
async function readByob(reader: ReadableStreamBYOBReader, buffer: ArrayBuffer, at: number, want: number): Promise<RangeRead> {
  let length = 0;
  try {
    while (length < want) {
      const { done, value } = await reader.read(new Uint8Array(buffer, at + length, want - length));
      if (!value) throw new Error('The stream gave no buffer back.');
      buffer = value.buffer as ArrayBuffer;
      if (done) break;
      length += value.byteLength;
    }
  } finally {
    reader.releaseLock();
  }
  return { buffer, length };
}

/** Read up to `want` bytes of a stream that is not a byte stream, copying its chunks into `buffer` at `at`. */
async function readChunks(stream: ReadableStream<Uint8Array>, buffer: ArrayBuffer, at: number, want: number): Promise<RangeRead> {
  const reader = stream.getReader();
  let length = 0;
  try {
    while (length < want) {
      const { done, value } = await reader.read();
      if (done) break;
      const bytes = value.subarray(0, want - length);
      new Uint8Array(buffer, at + length, bytes.byteLength).set(bytes);
      length += bytes.byteLength;
    }
  } finally {
    reader.releaseLock();
  }
  return { buffer, length };
}
