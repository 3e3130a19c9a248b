/**
 * Reads a PCM sound track of an MP4/MOV straight from the file, chunk by chunk, and hands it on as
 * mono blocks in lesson order, as the WebCodecs path does for compressed sound. Nothing to decode:
 * the work is reading and converting, so one pass in file order is enough.
 */
import type { ISOFile, Movie } from 'mp4box';
import { BufferPool } from './buffer-pool';
import { pcmChunks, pcmToMono, readPcmFormat, isPcmSampleEntry, type PcmFormat } from './pcm';
import { planSlices, rangesLength, readRanges, sliceLength, type ByteRange, type SampleLocation } from './slices';
import type { WebCodecsDecodeOptions, WebCodecsDecodeSummary } from './webcodecs';

/** Packed bytes per read, at most (as the WebCodecs path). */
const SLICE_BYTES = 16 * 1024 * 1024;
/** Audio per read, at most, seconds: bounds the converted samples held. */
const SLICE_SECONDS = 30;
/** Gaps of other tracks' data up to this size are read through, larger ones skipped (see webcodecs.ts). */
const SKIP_BYTES = 1024 * 1024;
/** Samples are handed on in blocks of this much, seconds. */
const BLOCK_SECONDS = 4;

/** The sample entry of a track as mp4box.js keeps it: where it starts in the file and its size. */
interface EntryPosition {
  type?: string;
  start?: number;
  size?: number;
}

/**
 * The PCM layout of a track, read from its sample entry's bytes in the file (mp4box.js does not
 * parse PCM entries), or null when the track is not PCM or its entry cannot be read.
 */
export async function pcmFormatOf(blob: Blob, file: ISOFile, trackId: number): Promise<PcmFormat | null> {
  const entry = file.getTrackById(trackId)?.mdia?.minf?.stbl?.stsd?.entries?.[0] as EntryPosition | undefined;
  if (!entry || !isPcmSampleEntry(entry.type) || entry.start === undefined || !entry.size || entry.size > 65536) return null;
  const bytes = new Uint8Array(await blob.slice(entry.start, entry.start + entry.size).arrayBuffer());
  // The entry must be where mp4box.js says: its type at byte 4.
  if (String.fromCharCode(...bytes.subarray(4, 8)) !== entry.type) return null;
  return readPcmFormat(bytes);
}

/** The chunk tables of a track, as mp4box.js parses them. */
interface ChunkTables {
  stsc?: { first_chunk: number[]; samples_per_chunk: number[] };
  stco?: { chunk_offsets: number[] };
  co64?: { chunk_offsets: number[] };
  stsz?: { sample_count: number };
  stts?: { sample_counts: number[] };
}

/** Read a PCM track and hand it on in mono blocks; see `decodeMp4Audio`. */
export async function decodePcmTrack(blob: Blob, file: ISOFile, track: Movie['tracks'][number], format: PcmFormat, options: WebCodecsDecodeOptions): Promise<WebCodecsDecodeSummary> {
  const { signal } = options;
  const tables = (file.getTrackById(track.id)?.mdia?.minf?.stbl ?? {}) as ChunkTables;
  const offsets = (tables.stco ?? tables.co64)?.chunk_offsets ?? [];
  const frames = tables.stsz?.sample_count ?? (tables.stts?.sample_counts ?? []).reduce((a, b) => a + b, 0);
  const chunks = tables.stsc ? pcmChunks(tables.stsc.first_chunk, tables.stsc.samples_per_chunk, offsets, frames) : [];
  // Fragmented files keep their samples in moof boxes: that is for ffmpeg.wasm.
  if (chunks.length === 0 && frames > 0) throw new Error('The PCM sound of this file is not stored in chunks the index lists.');
  const rate = format.sampleRate || track.timescale;
  if (!(rate > 0)) throw new Error('The PCM sound of this file has no sample rate.');
  const duration = track.timescale ? track.duration / track.timescale : frames / rate;
  const summary: WebCodecsDecodeSummary = { codec: track.codec, duration, reader: 'pcm' };
  if (chunks.length === 0) return summary;

  // One "sample" per chunk, timed in frames, so the slices planned for compressed sound fit PCM too.
  let at = 0;
  const locations: SampleLocation[] = chunks.map(({ offset, frames: count }) => {
    const location = { offset, size: count * format.bytesPerFrame, cts: at, duration: count, timescale: rate };
    at += count;
    return location;
  });
  const slices = planSlices(locations, { sliceBytes: SLICE_BYTES, sliceSeconds: SLICE_SECONDS, skipBytes: SKIP_BYTES, prime: false });
  const readInto = options.readRanges ?? ((ranges: readonly ByteRange[], into?: ArrayBuffer) => readRanges(blob, ranges, into));
  const buffers = new BufferPool<ArrayBuffer>((bytes) => new ArrayBuffer(Math.ceil(bytes * 1.25)), 2);
  const read = async (index: number) => {
    const { ranges } = slices[index];
    if (ranges[ranges.length - 1].end > blob.size) throw new Error('The sound runs past the end of the file (it may be incomplete).');
    const bytes = await readInto(ranges, buffers.take(rangesLength(ranges)));
    if (bytes.byteLength !== sliceLength(slices[index])) throw new Error('The lesson file could not be read in full.');
    return bytes;
  };
  let mono = new Float32Array(0);
  let next: Promise<Uint8Array> | null = read(0);
  for (let s = 0; s < slices.length; s++) {
    const slice = slices[s];
    const bytes = await next!;
    signal?.throwIfAborted();
    // Read ahead while this slice is converted and handed on.
    next = s + 1 < slices.length ? read(s + 1) : null;
    next?.catch(() => undefined);
    const length = Math.round((slice.ends - slice.begins) * rate);
    if (mono.length < length) mono = new Float32Array(Math.ceil(length * 1.25));
    let filled = 0;
    for (let i = slice.first; i < slice.last; i++) {
      const position = slice.positions[i - slice.first];
      const { size, duration: count } = locations[i];
      filled += pcmToMono(bytes.subarray(position, position + size), format, mono, filled, count);
    }
    buffers.give(bytes.buffer as ArrayBuffer);
    const block = Math.round(BLOCK_SECONDS * rate);
    for (let from = 0; from < filled; from += block) {
      const pause = options.wait?.();
      if (pause) await pause;
      signal?.throwIfAborted();
      options.onAudio({ channels: [mono.subarray(from, Math.min(filled, from + block))], sampleRate: rate, timestamp: slice.begins + from / rate });
    }
    options.onProgress?.(slice.ends);
  }
  return summary;
}
