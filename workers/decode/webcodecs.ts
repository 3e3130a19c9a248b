/**
 * Streams a lesson's audio out of an MP4/MOV Blob with mp4box.js (index only) and WebCodecs'
 * AudioDecoder. Sample data is read in a few large slices, never the whole file, and decoded
 * audio is handed on in blocks of about a second, never kept.
 */
import type { ISOFile, Sample } from 'mp4box';
import { readMp4Index } from '../media/mp4-index';

/** Bytes read per `blob.slice`: few and large (Dexie issue #667: many small slices of stored Blobs blew up memory). */
const SLICE_BYTES = 16 * 1024 * 1024;
/** A gap of unrelated data (video) larger than this between audio samples starts a new slice instead of being read. */
const MAX_GAP_BYTES = 4 * 1024 * 1024;
/** Chunks waiting in the decoder: enough to keep it busy, few enough to bound memory. */
const QUEUE_HIGH = 96;
/** Refill only once the queue drops to this: one wake-up per many chunks, not one per chunk. */
const QUEUE_LOW = 32;
/** Seconds of decoded audio gathered before handing it on (per-call overhead downstream is per block). */
const BLOCK_SECONDS = 1;
/** A jump in timestamps larger than this starts a new block, so the consumer can fill the gap. */
const GAP_SECONDS = 0.05;

/** The lesson has no audio track at all. */
export class NoAudioTrackError extends Error {
  override name = 'NoAudioTrackError';
  constructor(message = 'This file has no audio track.') {
    super(message);
  }
}

/** One block of decoded audio. */
export interface DecodedAudioBlock {
  /** One array per channel, equal lengths; the consumer owns them. */
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
  /** Called in lesson order with each decoded block. */
  onAudio(block: DecodedAudioBlock): void;
  /** Seconds of the audio track handed to the decoder so far. */
  onProgress?(seconds: number): void;
  /** Backpressure from the consumer: a promise to wait for before feeding more, or null to go on. */
  wait?(): Promise<void> | null;
}

/** What was decoded. */
export interface WebCodecsDecodeSummary {
  /** Codec string of the audio track, e.g. `mp4a.40.2`. */
  codec: string;
  /** Duration of the audio track, seconds. */
  duration: number;
}

/**
 * Decode the first audio track of an MP4/MOV Blob with WebCodecs.
 * Rejects with `NoAudioTrackError` when there is none, with an AbortError on abort, and with a
 * plain Error when mp4box.js or the decoder cannot handle the file (the caller falls back to ffmpeg.wasm).
 */
export async function decodeMp4Audio(blob: Blob, options: WebCodecsDecodeOptions): Promise<WebCodecsDecodeSummary> {
  const { signal } = options;
  if (typeof AudioDecoder === 'undefined') throw new Error('WebCodecs AudioDecoder is not available in this browser.');
  const { file, info } = await readMp4Index(blob, signal);
  const track = info.audioTracks[0];
  if (!track) {
    // mp4box.js lists only the sample entries it knows as audio (PCM 'sowt' in a MOV comes out as 'metadata'):
    // a sound track by handler means "some audio we cannot read here", not "no audio".
    const sound = info.tracks.find((t) => file.getTrackById(t.id)?.mdia?.hdlr?.handler === 'soun');
    if (sound) throw new Error(`mp4box.js does not read audio in '${sound.codec}'.`);
    throw new NoAudioTrackError();
  }
  if (info.isFragmented) {
    // Fragmented MP4 keeps its sample tables in moof boxes that the index reader stops short of.
    throw new Error('The audio of a fragmented MP4 is not read by the WebCodecs path.');
  }
  const samples = file.getTrackById(track.id)?.samples ?? [];
  const config = decoderConfig(file, track.id, track.codec, track.audio?.sample_rate ?? 0, track.audio?.channel_count ?? 0);
  const support = await AudioDecoder.isConfigSupported(config);
  if (!support.supported) throw new Error(`WebCodecs cannot decode audio in ${track.codec}.`);
  const duration = track.timescale ? track.duration / track.timescale : 0;
  if (samples.length === 0) return { codec: track.codec, duration };

  const output = new BlockAssembler(options.onAudio);
  let failure: Error | null = null;
  const decoder = new AudioDecoder({
    output: (data) => {
      try {
        output.push(data);
      } catch (error) {
        failure ??= error instanceof Error ? error : new Error(String(error));
      } finally {
        data.close();
      }
    },
    error: (error) => {
      failure ??= new Error(`The audio decoder failed on ${track.codec}: ${error.message}`);
    },
  });
  const wakeUps = new Set<() => void>();
  const wake = () => {
    for (const resolve of wakeUps) resolve();
    wakeUps.clear();
  };
  decoder.addEventListener('dequeue', () => {
    if (decoder.decodeQueueSize <= QUEUE_LOW) wake();
  });
  const onAbort = () => wake();
  signal?.addEventListener('abort', onAbort);
  const check = () => {
    signal?.throwIfAborted();
    if (failure) throw failure;
  };

  try {
    decoder.configure(config);
    const slices = planSlices(samples);
    let next = slices.length ? readSlice(blob, slices[0]) : null;
    for (let s = 0; s < slices.length; s++) {
      const slice = slices[s];
      const bytes = await next!;
      // Read ahead: the next slice's I/O overlaps this slice's decoding.
      next = s + 1 < slices.length ? readSlice(blob, slices[s + 1]) : null;
      for (let i = slice.first; i < slice.last; i++) {
        while (decoder.decodeQueueSize >= QUEUE_HIGH) {
          check();
          await new Promise<void>((resolve) => {
            wakeUps.add(resolve);
            // Belt and braces where 'dequeue' is missing: poll now and then.
            setTimeout(resolve, 20);
          });
        }
        const pause = options.wait?.();
        if (pause) await pause;
        check();
        const sample = samples[i];
        const begin = sample.offset - slice.start;
        decoder.decode(
          new EncodedAudioChunk({
            type: 'key',
            timestamp: Math.round((sample.cts * 1e6) / sample.timescale),
            duration: Math.round((sample.duration * 1e6) / sample.timescale),
            data: bytes.subarray(begin, begin + sample.size),
          }),
        );
      }
      const lastSample = samples[slice.last - 1];
      options.onProgress?.((lastSample.cts + lastSample.duration) / lastSample.timescale);
    }
    check();
    await decoder.flush().catch((error: unknown) => {
      if (failure) throw failure;
      throw error instanceof Error ? error : new Error(String(error));
    });
    check();
    output.end();
    return { codec: track.codec, duration };
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (decoder.state !== 'closed') decoder.close();
  }
}

/** AudioDecoderConfig for the track, with the AAC AudioSpecificConfig from its esds box as `description`. */
function decoderConfig(file: ISOFile, trackId: number, codec: string, sampleRate: number, numberOfChannels: number): AudioDecoderConfig {
  const entry = file.getTrackById(trackId)?.mdia?.minf?.stbl?.stsd?.entries?.[0] as
    | { type?: string; esds?: { esd?: { findDescriptor(tag: number): { findDescriptor(tag: number): { data?: Uint8Array } | undefined } | undefined } } }
    | undefined;
  // mp4a.6B / mp4a.69 are MPEG-1/2 layer III carried in MP4; WebCodecs names it 'mp3'.
  const webCodec = /^mp4a\.(6b|69)$/i.test(codec) ? 'mp3' : codec;
  const config: AudioDecoderConfig = { codec: webCodec, sampleRate, numberOfChannels };
  // ES_Descriptor → DecoderConfigDescriptor (tag 4) → DecoderSpecificInfo (tag 5): the AudioSpecificConfig.
  const specific = entry?.esds?.esd?.findDescriptor(4)?.findDescriptor(5)?.data;
  if (webCodec.startsWith('mp4a') && specific && specific.byteLength > 0) config.description = specific.slice();
  return config;
}

/** A run of consecutive samples read with one `blob.slice`: samples [first, last), bytes [start, end). */
interface Slice {
  first: number;
  last: number;
  start: number;
  end: number;
}

/** Group samples (in decode order) into few large reads, skipping big stretches of other tracks' data. */
function planSlices(samples: Sample[]): Slice[] {
  const slices: Slice[] = [];
  let current: Slice | null = null;
  for (let i = 0; i < samples.length; i++) {
    const { offset, size } = samples[i];
    const fits =
      current !== null &&
      offset >= current.start &&
      offset + size - current.start <= SLICE_BYTES &&
      offset - current.end <= MAX_GAP_BYTES;
    if (current && fits) {
      current.last = i + 1;
      current.end = Math.max(current.end, offset + size);
    } else {
      current = { first: i, last: i + 1, start: offset, end: offset + size };
      slices.push(current);
    }
  }
  return slices;
}

async function readSlice(blob: Blob, slice: Slice): Promise<Uint8Array> {
  if (slice.end > blob.size) throw new Error('The audio data runs past the end of the file (it may be incomplete).');
  return new Uint8Array(await blob.slice(slice.start, slice.end).arrayBuffer());
}

/** Gathers AudioData into planar float blocks of about BLOCK_SECONDS, split where timestamps jump. */
class BlockAssembler {
  private channels: Float32Array[] = [];
  private filled = 0;
  private sampleRate = 0;
  private timestamp = 0;

  constructor(private readonly emit: (block: DecodedAudioBlock) => void) {}

  push(data: AudioData): void {
    const frames = data.numberOfFrames;
    if (frames === 0) return;
    const rate = data.sampleRate;
    const count = data.numberOfChannels;
    const at = data.timestamp / 1e6;
    const expected = this.timestamp + this.filled / (this.sampleRate || rate);
    const jumped = this.filled > 0 && Math.abs(at - expected) > GAP_SECONDS;
    if (this.filled > 0 && (rate !== this.sampleRate || count !== this.channels.length || jumped || this.filled + frames > this.capacity())) {
      this.end();
    }
    if (this.filled === 0) {
      this.sampleRate = rate;
      this.timestamp = at;
      const capacity = Math.max(frames, Math.round(rate * BLOCK_SECONDS));
      if (this.channels.length !== count || this.channels[0].length !== capacity) {
        this.channels = Array.from({ length: count }, () => new Float32Array(capacity));
      }
    }
    for (let c = 0; c < count; c++) {
      data.copyTo(this.channels[c].subarray(this.filled, this.filled + frames), { planeIndex: c, format: 'f32-planar' });
    }
    this.filled += frames;
  }

  /** Hand on what is gathered; the next push starts fresh arrays. */
  end(): void {
    if (this.filled === 0) return;
    const channels = this.channels.map((channel) => (this.filled === channel.length ? channel : channel.slice(0, this.filled)));
    const block: DecodedAudioBlock = { channels, sampleRate: this.sampleRate, timestamp: this.timestamp };
    this.filled = 0;
    this.channels = [];
    this.emit(block);
  }

  private capacity(): number {
    return this.channels.length ? this.channels[0].length : 0;
  }
}
