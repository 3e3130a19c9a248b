/**
 * Streams a lesson's audio out of an MP4/MOV Blob with mp4box.js (index only) and WebCodecs'
 * AudioDecoder. Sample data is read slice by slice (skipping large stretches of video between audio
 * chunks), never the whole file at once; decoded audio is handed on in blocks of a few seconds, never kept.
 */
import type { ISOFile, Movie } from 'mp4box';
import type { AudioTrackInfo } from '../../src/core/media';
import { readMp4Index, soundTracks } from '../media/mp4-index';
import { BufferPool } from './buffer-pool';
import type { PcmFormat } from './pcm';
import { decodePcmTrack, pcmFormatOf } from './pcm-track';
import { editListShift } from '../media/edit-list';
import { audioCopyFormat, downmixS16 } from './copy-format';
import { planSlices, rangesLength, readRanges, sliceLength, type ByteRange, type Slice } from './slices';

/**
 * Packed bytes per slice, at most. Each slice ends with a flush that idles its decoder, so fewer,
 * larger slices go faster (an hour, 1 GB, alternating runs: 8 MB 9.3-9.4 s, 16 MB 8.3-8.7 s, 32 MB
 * 8.2 s); 16 MB keeps the read buffers small (five of them at most).
 */
const SLICE_BYTES = 16 * 1024 * 1024;
/** Audio per slice, at most, seconds (a decoded slice waiting for the head holds this much at the decoder's rate). */
const SLICE_SECONDS = 60;
/**
 * Gaps of other tracks' data up to this size are read through, larger ones skipped. Each read from the
 * browser's blob store has a fixed cost of a few milliseconds, and every byte about 7 ns (reader thread
 * and browser process together; measured on an hour in half-second chunks: skipping 140 KB gaps, 7,200
 * reads of 8 KB, took 16.8-20.9 s against 14.5 s for reading everything; measured before reads went
 * into reused buffers, which made bytes cheaper still). So only large gaps are skipped: high-bitrate
 * video between chunks, or audio stored apart from the video.
 */
const SKIP_BYTES = 1024 * 1024;
/**
 * AudioDecoders working at once, each on its own slices (AAC frames are independent). Chromium pays a
 * per-chunk cost on each decoder's own media thread, so a few decoders in parallel go much faster than
 * one; more than the cores only add contention (an hour on 2 cores, four runs each: 2 decoders took
 * 4.3-5.1x native decoding, 3 decoders 5.0-5.7x).
 */
function decoderCount(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 2;
  return Math.max(2, Math.min(3, cores));
}
/** Chunks waiting in one decoder: plenty, so it never runs dry between our wake-ups. */
const QUEUE_HIGH = 512;
/** Refill once the queue drops to this. */
const QUEUE_LOW = 192;
/** Decoded audio of the slice at the head is handed on once this much has gathered, seconds. */
const BLOCK_SECONDS = 4;
/** The lesson has no audio track at all. */
export class NoAudioTrackError extends Error {
  override name = 'NoAudioTrackError';
  constructor(message = 'This file has no audio track.') {
    super(message);
  }
}

/** One block of decoded audio. */
export interface DecodedAudioBlock {
  /** One array per channel, equal lengths: views into the decoder's buffers, valid only during the call. */
  channels: Float32Array[];
  /** Sample rate of `channels`, Hz. */
  sampleRate: number;
  /** Lesson time of the first sample, seconds. */
  timestamp: number;
}

/** Options for `decodeMp4Audio`. */
export interface WebCodecsDecodeOptions {
  /** Stops reading and decoding; the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** Which sound track to decode, counting from 0 in file order (default 0; past the last means the last). */
  trackIndex?: number;
  /** Called once, before any audio, with every sound track of the file and the index of the one decoded. */
  onTracks?(tracks: AudioTrackInfo[], index: number): void;
  /** Called in lesson order with each decoded block. */
  onAudio(block: DecodedAudioBlock): void;
  /** Seconds of the audio track handed to the decoder so far. */
  onProgress?(seconds: number): void;
  /** Backpressure from the consumer: a promise to wait for before feeding more, or null to go on. */
  wait?(): Promise<void> | null;
  /**
   * Reads the ranges of the file back to back into `into` (or a new buffer when it is too small) and
   * returns a view of the bytes; by default with `readRanges` from ./slices on this thread.
   */
  readRanges?(ranges: readonly ByteRange[], into?: ArrayBuffer): Promise<Uint8Array>;
}

/** What was decoded. */
export interface WebCodecsDecodeSummary {
  /** Codec string of the audio track, e.g. `mp4a.40.2`. */
  codec: string;
  /** Duration of the audio track, seconds. */
  duration: number;
  /** 'pcm' when the samples were read straight from the file, 'webcodecs' when an AudioDecoder decoded them. */
  reader: 'webcodecs' | 'pcm';
}

/**
 * Decode one sound track (the first by default) of an MP4/MOV Blob: PCM straight from the file,
 * anything else with WebCodecs. Rejects with `NoAudioTrackError` when there is no sound track, with
 * an AbortError on abort, and with a plain Error when mp4box.js or the decoder cannot handle the
 * file (the caller falls back to ffmpeg.wasm).
 */
export async function decodeMp4Audio(blob: Blob, options: WebCodecsDecodeOptions): Promise<WebCodecsDecodeSummary> {
  const { signal } = options;
  const { file, info } = await readMp4Index(blob, { signal, audioOnly: true });
  // By handler: mp4box.js lists only the sample entries it knows as audio (PCM 'in24' in a MOV comes out as 'metadata').
  const sound = soundTracks(file, info);
  if (sound.length === 0) throw new NoAudioTrackError();
  const index = Math.max(0, Math.min(sound.length - 1, Math.floor(options.trackIndex ?? 0)));
  const formats = await Promise.all(sound.map((t) => pcmFormatOf(blob, file, t.id)));
  options.onTracks?.(sound.map((t, i) => trackInfo(file, t, formats[i])), index);
  const track = sound[index];
  // Sound on the movie's timeline, as players and ffmpeg place it: the edit list skips the encoder's priming
  // (1024-2112 samples of AAC, 21-48 ms) or delays the track.
  const shift = track.timescale ? editListShift(file.getTrackById(track.id)?.edts?.elst?.entries ?? [], track.timescale, info.timescale) / track.timescale : 0;
  options = { ...options, onAudio: onTimeline(options.onAudio, shift) };
  if (info.isFragmented) {
    // Fragmented MP4 keeps its sample tables in moof boxes that the index reader stops short of.
    throw new Error('The audio of a fragmented MP4 is not read by the WebCodecs path.');
  }
  const pcm = formats[index];
  if (pcm) return decodePcmTrack(blob, file, track, pcm, options);
  if (!info.audioTracks.includes(track)) throw new Error(`mp4box.js does not read audio in '${track.codec}'.`);
  if (typeof AudioDecoder === 'undefined') throw new Error('WebCodecs AudioDecoder is not available in this browser.');
  const samples = file.getTrackById(track.id)?.samples ?? [];
  const config = decoderConfig(file, track.id, track.codec, track.audio?.sample_rate ?? 0, track.audio?.channel_count ?? 0);
  const support = await AudioDecoder.isConfigSupported(config);
  if (!support.supported) throw new Error(`WebCodecs cannot decode audio in ${track.codec}.`);
  const duration = track.timescale ? track.duration / track.timescale : 0;
  if (samples.length === 0) return { codec: track.codec, duration, reader: 'webcodecs' };

  const lanes = decoderCount();
  /** Slices decoded but not yet handed on, at most (bounds memory when one lane falls behind). */
  const maxSlicesAhead = lanes + 1;
  const adts = adtsFraming(config);
  if (adts) delete config.description;
  const slices = planSlices(samples, { sliceBytes: SLICE_BYTES, sliceSeconds: SLICE_SECONDS, skipBytes: SKIP_BYTES });
  const readInto = options.readRanges ?? ((ranges: readonly ByteRange[], into?: ArrayBuffer) => readRanges(blob, ranges, into));
  // Slices are read into buffers used again and again: fresh memory for every slice costs more than reading it.
  // Made a quarter larger than asked, so that the next slices (a little larger or smaller) fit too.
  const buffers = new BufferPool<ArrayBuffer>((bytes) => new ArrayBuffer(Math.ceil(bytes * 1.25)), 2 * lanes + 1);
  const read = (ranges: readonly ByteRange[]) => readInto(ranges, buffers.take(rangesLength(ranges)));
  const head = new InOrderOutput(slices, options.onAudio, new BufferPool<Float32Array>((length) => new Float32Array(Math.ceil(length * 1.25)), maxSlicesAhead + 1));
  let failure: Error | null = null;
  const fail = (error: unknown) => {
    failure ??= error instanceof Error ? error : new Error(String(error));
    head.wake();
  };
  const check = () => {
    signal?.throwIfAborted();
    if (failure) throw failure;
  };
  const onAbort = () => head.wake();
  signal?.addEventListener('abort', onAbort);
  const decoders: AudioDecoder[] = [];
  let fed = 0;

  /** One decoder working through slices lane, lane + lanes, …; each slice primed with the frame before it. */
  const lane = async (index: number) => {
    let current: SliceOutput | null = null;
    const decoder = new AudioDecoder({
      output: (data) => {
        try {
          if (current) current.push(data);
        } catch (error) {
          fail(error);
        } finally {
          data.close();
        }
      },
      error: (error) => fail(new Error(`The audio decoder failed on ${track.codec}: ${error.message}`)),
    });
    decoders.push(decoder);
    const wakeUps: (() => void)[] = [];
    decoder.addEventListener('dequeue', () => {
      if (decoder.decodeQueueSize <= QUEUE_LOW) for (const resolve of wakeUps.splice(0)) resolve();
    });
    decoder.configure(config);
    let next = index < slices.length ? readSlice(blob, slices[index], read) : null;
    for (let s = index; s < slices.length; s += lanes) {
      const slice = slices[s];
      const bytes = await next!;
      check();
      // Wait for the head to come close: the slices between are held decoded until it passes them.
      while (s - head.index >= maxSlicesAhead) {
        await head.advanced();
        check();
      }
      // Read ahead: the next slice of this lane arrives while this one decodes.
      next = s + lanes < slices.length ? readSlice(blob, slices[s + lanes], read) : null;
      current = head.outputFor(s);
      const pause = options.wait?.();
      if (pause) await pause;
      check();
      const from = slice.primed ? slice.first - 1 : slice.first;
      const { positions } = slice;
      for (let i = from; i < slice.last; i++) {
        if (decoder.decodeQueueSize >= QUEUE_HIGH) {
          await new Promise<void>((resolve) => {
            wakeUps.push(resolve);
            // Belt and braces where 'dequeue' is missing: poll now and then.
            setTimeout(resolve, 20);
          });
          const pause = options.wait?.();
          if (pause) await pause;
          check();
        }
        const sample = samples[i];
        if (adts) {
          // Several AAC frames in one chunk, each behind its ADTS header: the decoder takes them in one
          // call and gives one output per frame, which saves most of the per-chunk cost.
          const end = Math.min(slice.last, i + ADTS_FRAMES_PER_CHUNK);
          let length = 0;
          for (let j = i; j < end; j++) length += ADTS_HEADER_BYTES + samples[j].size;
          const data = new Uint8Array(length);
          let at = 0;
          let ticks = 0;
          for (let j = i; j < end; j++) {
            const { size, duration } = samples[j];
            const position = positions[j - from];
            adts(data, at, size);
            data.set(bytes.subarray(position, position + size), at + ADTS_HEADER_BYTES);
            at += ADTS_HEADER_BYTES + size;
            ticks += duration;
          }
          decoder.decode(
            new EncodedAudioChunk({
              type: 'key',
              timestamp: Math.round((sample.cts * 1e6) / sample.timescale),
              duration: Math.round((ticks * 1e6) / sample.timescale),
              data,
            }),
          );
          i = end - 1;
          continue;
        }
        const begin = positions[i - from];
        decoder.decode(
          new EncodedAudioChunk({
            type: 'key',
            timestamp: Math.round((sample.cts * 1e6) / sample.timescale),
            duration: Math.round((sample.duration * 1e6) / sample.timescale),
            data: bytes.subarray(begin, begin + sample.size),
          }),
        );
      }
      // Every chunk holds a copy of its bytes, so the slice's buffer can take the next read.
      buffers.give(bytes.buffer as ArrayBuffer);
      fed += slice.last - slice.first;
      const lastSample = samples[Math.min(samples.length, Math.max(fed, 1)) - 1];
      options.onProgress?.((lastSample.cts + lastSample.duration) / lastSample.timescale);
      // The slice is complete once the decoder has drained; a flush also resets it for the next (primed) slice.
      await decoder.flush().catch((error: unknown) => {
        if (failure) throw failure;
        throw error instanceof Error ? error : new Error(String(error));
      });
      check();
      head.complete(s);
    }
  };

  try {
    const running = Array.from({ length: Math.min(lanes, slices.length) }, (_, i) => lane(i));
    // Any lane failing fails the whole decode; the others are stopped by closing their decoders below.
    await Promise.all(running.map((run) => run.catch((error: unknown) => {
      fail(error);
      throw error;
    })));
    check();
    return { codec: track.codec, duration, reader: 'webcodecs' };
  } catch (error) {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('Decoding cancelled', 'AbortError');
    throw failure ?? error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    for (const decoder of decoders) if (decoder.state !== 'closed') decoder.close();
  }
}

/** Writers' default handler names, which say nothing about the microphone. */
const DEFAULT_TRACK_NAMES = /^(|SoundHandler|Sound Media Handler|Core Media Audio|Apple Sound Media Handler|L-SMASH Audio Handler|GPAC ISO Audio Handler|Mainconcept MP4 Sound Media Handler)$/i;

/** What the coach is told about one sound track. */
function trackInfo(file: ISOFile, track: Movie['tracks'][number], pcm: PcmFormat | null): AudioTrackInfo {
  const entry = file.getTrackById(track.id)?.mdia?.minf?.stbl?.stsd?.entries?.[0] as { type?: string } | undefined;
  const language = track.language && track.language !== 'und' && /^[a-z]{2,3}$/i.test(track.language) ? track.language.toLowerCase() : null;
  const name = (track.name ?? '').replace(/\0/g, '').trim();
  // AAC's own configuration says the channels; the sample entry's count is often a placeholder 2.
  const asc = ascOf(file, track.id);
  const ascChannels = asc && asc.byteLength >= 2 ? (asc[1] >> 3) & 0x0f : 0;
  return {
    codec: pcm ? (entry?.type ?? track.codec) : track.codec,
    pcmBits: pcm ? pcm.bits : null,
    channels: pcm?.channels ?? (ascChannels >= 1 && ascChannels <= 6 ? ascChannels : ascChannels === 7 ? 8 : (track.audio?.channel_count ?? 0)),
    sampleRate: pcm?.sampleRate || track.audio?.sample_rate || 0,
    language,
    name: DEFAULT_TRACK_NAMES.test(name) ? null : name.slice(0, 60),
  };
}

/** Bytes of an ADTS header without CRC. */
const ADTS_HEADER_BYTES = 7;
/** AAC frames packed into one chunk on the ADTS path (about 0.7 s at 48 kHz). */
const ADTS_FRAMES_PER_CHUNK = 32;
/** ADTS sampling-frequency indexes. */
const ADTS_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

/**
 * For plain AAC-LC, a writer of ADTS headers matching the track's AudioSpecificConfig, so that frames
 * can be handed to the decoder several at a time (raw frames carry no length, ADTS frames do); null for
 * anything else (HE-AAC, explicit frequencies, other codecs), which keeps one frame per chunk.
 */
export function adtsFraming(config: AudioDecoderConfig): ((into: Uint8Array, at: number, frameBytes: number) => void) | null {
  const description = config.description;
  if (!config.codec.startsWith('mp4a.40') || !description || !ArrayBuffer.isView(description) || description.byteLength < 2) return null;
  const asc = new Uint8Array(description.buffer, description.byteOffset, description.byteLength);
  const objectType = asc[0] >> 3;
  const rateIndex = ((asc[0] & 0x07) << 1) | (asc[1] >> 7);
  const channels = (asc[1] >> 3) & 0x0f;
  // AAC-LC only, with a listed rate, a channel layout ADTS can say, 1024-sample frames and no core coder.
  if (objectType !== 2 || rateIndex >= ADTS_RATES.length || channels < 1 || channels > 7 || (asc[1] & 0x07) !== 0) return null;
  if (asc.byteLength > 2) {
    // What may follow is a sync extension (0x2b7) saying whether SBR (HE-AAC) is present: only "not present" is plain LC.
    if (asc.byteLength < 5) return null;
    const sync = (asc[2] << 3) | (asc[3] >> 5);
    if (sync !== 0x2b7 || (asc[3] & 0x1f) !== 5 || asc[4] >> 7 !== 0) return null;
  }
  const profile = objectType - 1;
  return (into, at, frameBytes) => {
    const length = frameBytes + ADTS_HEADER_BYTES;
    into[at] = 0xff;
    into[at + 1] = 0xf1; // MPEG-4, layer 0, no CRC
    into[at + 2] = (profile << 6) | (rateIndex << 2) | (channels >> 2);
    into[at + 3] = ((channels & 3) << 6) | (length >> 11);
    into[at + 4] = (length >> 3) & 0xff;
    into[at + 5] = ((length & 7) << 5) | 0x1f;
    into[at + 6] = 0xfc;
  };
}

/** The AAC AudioSpecificConfig in the track's esds box, if it has one. */
function ascOf(file: ISOFile, trackId: number): Uint8Array | undefined {
  const entry = file.getTrackById(trackId)?.mdia?.minf?.stbl?.stsd?.entries?.[0] as
    | { type?: string; esds?: { esd?: { findDescriptor(tag: number): { findDescriptor(tag: number): { data?: Uint8Array } | undefined } | undefined } } }
    | undefined;
  // ES_Descriptor → DecoderConfigDescriptor (tag 4) → DecoderSpecificInfo (tag 5): the AudioSpecificConfig.
  return entry?.esds?.esd?.findDescriptor(4)?.findDescriptor(5)?.data;
}

/** AudioDecoderConfig for the track, with the AAC AudioSpecificConfig from its esds box as `description`. */
function decoderConfig(file: ISOFile, trackId: number, codec: string, sampleRate: number, numberOfChannels: number): AudioDecoderConfig {
  // mp4a.6B / mp4a.69 are MPEG-1/2 layer III carried in MP4; WebCodecs names it 'mp3'.
  const webCodec = /^mp4a\.(6b|69)$/i.test(codec) ? 'mp3' : codec;
  const config: AudioDecoderConfig = { codec: webCodec, sampleRate, numberOfChannels };
  const specific = ascOf(file, trackId);
  if (webCodec.startsWith('mp4a') && specific && specific.byteLength > 0) config.description = specific.slice();
  return config;
}

async function readSlice(blob: Blob, slice: Slice, read: (ranges: readonly ByteRange[]) => Promise<Uint8Array>): Promise<Uint8Array> {
  if (slice.ranges[slice.ranges.length - 1].end > blob.size) throw new Error('The audio data runs past the end of the file (it may be incomplete).');
  const bytes = await read(slice.ranges);
  if (bytes.byteLength !== sliceLength(slice)) throw new Error('The lesson file could not be read in full.');
  return bytes;
}

/**
 * `onAudio` with each block moved by `shift` seconds onto the movie's timeline, and what falls before its start
 * left out.
 */
export function onTimeline(onAudio: (block: DecodedAudioBlock) => void, shift: number): (block: DecodedAudioBlock) => void {
  if (shift === 0) return onAudio;
  return (block) => {
    const at = block.timestamp + shift;
    const length = block.channels[0]?.length ?? 0;
    const skip = at < 0 ? Math.min(length, Math.round(-at * block.sampleRate)) : 0;
    if (skip >= length) return;
    onAudio({ ...block, channels: skip ? block.channels.map((c) => c.subarray(skip)) : block.channels, timestamp: skip ? 0 : at });
  };
}

/** How samples are copied out of AudioData in this engine (16-bit where float copies crash). */
const COPY_FORMAT = audioCopyFormat(globalThis.navigator?.userAgent ?? '');

/** One slice's decoded audio, downmixed to mono at the decoder's output rate and placed by timestamp. */
class SliceOutput {
  /** Mono samples; allocated on the first output, once the output rate is known. */
  data: Float32Array | null = null;
  sampleRate = 0;
  /** Samples written so far (outputs come in order, so [0, filled) is final). */
  filled = 0;
  private interleaved = new Float32Array(0);
  private interleaved16 = new Int16Array(0);

  constructor(
    readonly slice: Slice,
    private readonly onData: () => void,
    private readonly pool: BufferPool<Float32Array>,
  ) {}

  /** Give the samples' memory back for another slice. */
  release(): void {
    if (this.data) this.pool.give(this.data);
    this.data = null;
  }

  push(data: AudioData): void {
    const frames = data.numberOfFrames;
    const at = data.timestamp / 1e6;
    // The priming frame (before the slice), and anything past its end, are not ours.
    if (frames === 0 || at < this.slice.begins - 1e-4 || at >= this.slice.ends - 1e-4) return;
    if (!this.data) {
      this.sampleRate = data.sampleRate;
      this.data = this.pool.take(Math.ceil((this.slice.ends - this.slice.begins) * this.sampleRate) + frames);
    }
    if (data.sampleRate !== this.sampleRate) throw new Error('The audio sample rate changed mid-stream.');
    const offset = Math.max(this.filled, Math.round((at - this.slice.begins) * this.sampleRate));
    // A hole in the timestamps is silence (the buffer may hold an earlier slice's samples).
    if (offset > this.filled) this.data.fill(0, this.filled, Math.min(offset, this.data.length));
    if (offset + frames > this.data.length) {
      const grown = new Float32Array(Math.max(offset + frames, 2 * this.data.length));
      grown.set(this.data.subarray(0, this.filled));
      this.pool.give(this.data);
      this.data = grown;
    }
    const target = this.data.subarray(offset, offset + frames);
    const count = data.numberOfChannels;
    if (COPY_FORMAT === 's16') {
      if (this.interleaved16.length < frames * count) this.interleaved16 = new Int16Array(frames * count);
      data.copyTo(this.interleaved16, { planeIndex: 0, format: 's16' });
      downmixS16(this.interleaved16, count, frames, target);
    } else if (count === 1) {
      data.copyTo(target, { planeIndex: 0, format: 'f32-planar' });
    } else {
      // All channels in one call, interleaved: each copyTo call costs more than the samples it copies.
      if (this.interleaved.length < frames * count) this.interleaved = new Float32Array(frames * count);
      const x = this.interleaved;
      data.copyTo(x, { planeIndex: 0, format: 'f32' });
      if (count === 2) {
        for (let i = 0, j = 0; i < frames; i++, j += 2) target[i] = 0.5 * (x[j] + x[j + 1]);
      } else {
        const scale = 1 / count;
        for (let i = 0, j = 0; i < frames; i++) {
          let sum = 0;
          for (let c = 0; c < count; c++, j++) sum += x[j];
          target[i] = sum * scale;
        }
      }
    }
    this.filled = offset + frames;
    this.onData();
  }
}

/**
 * Hands the lanes' slices on in lesson order: the slice at the head streams out as it decodes
 * (in blocks of about BLOCK_SECONDS), the ones after it wait, decoded, until it is complete.
 */
class InOrderOutput {
  /** Index of the slice at the head. */
  index = 0;
  private readonly outputs = new Map<number, SliceOutput>();
  private readonly done = new Set<number>();
  /** Samples of the head slice already handed on. */
  private emitted = 0;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly slices: Slice[],
    private readonly emit: (block: DecodedAudioBlock) => void,
    private readonly pool: BufferPool<Float32Array>,
  ) {}

  outputFor(index: number): SliceOutput {
    const output = new SliceOutput(
      this.slices[index],
      () => {
        if (index === this.index) this.drain(false);
      },
      this.pool,
    );
    this.outputs.set(index, output);
    return output;
  }

  /** Slice `index` is fully decoded. */
  complete(index: number): void {
    this.done.add(index);
    if (index === this.index) this.drain(false);
  }

  /** Resolves when the head moves on (or on wake()). */
  advanced(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private drain(force: boolean): void {
    let moved = false;
    while (this.index < this.slices.length) {
      const output = this.outputs.get(this.index);
      const complete = this.done.has(this.index);
      if (output?.data) {
        const ready = output.filled - this.emitted;
        if (ready > 0 && (complete || force || ready >= BLOCK_SECONDS * output.sampleRate)) {
          this.emit({
            channels: [output.data.subarray(this.emitted, output.filled)],
            sampleRate: output.sampleRate,
            timestamp: output.slice.begins + this.emitted / output.sampleRate,
          });
          this.emitted = output.filled;
        }
      }
      if (!complete) break;
      output?.release();
      this.outputs.delete(this.index);
      this.done.delete(this.index);
      this.index++;
      this.emitted = 0;
      moved = true;
    }
    if (moved) this.wake();
  }
}
