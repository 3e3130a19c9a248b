/**
 * Reads an MP4/MOV index (the moov box) from a Blob with mp4box.js, fetching only the slices the
 * parser asks for: the sample data of an hour-long lesson is never read here.
 */
import { BoxParser, createFile, MP4BoxBuffer, type ISOFile, type Movie } from 'mp4box';
import { isPcmSampleEntry } from '../decode/pcm';

/** Slice size while looking for the index; the moov of an hour is a few MB. */
const READ_SIZE = 1024 * 1024;

/** The parsed file and its movie info. */
export interface Mp4Index {
  file: ISOFile;
  info: Movie;
}

/** Options for `readMp4Index`. */
export interface Mp4IndexOptions {
  signal?: AbortSignal;
  /**
   * Build sample tables for sound tracks only; other tracks keep their boxes and info but list no
   * samples (`nb_samples` 0). mp4box.js makes an object per sample, and an hour of video has 90,000
   * of them: in Node, an hour's index took 214-407 ms with every table and 153-172 ms with audio only.
   */
  audioOnly?: boolean;
}

/**
 * A sample size box with one size for every sample (as PCM sound has: one "sample" per frame) is kept
 * as that size and count: mp4box.js would fill an array with the same number for each sample, 173
 * million of them for an hour at 48 kHz, before anything else happens. Tracks that need a per-sample
 * list get it back in `readMp4Index`; PCM tracks are read from their chunk tables instead.
 */
const stszPrototype = BoxParser.box.stsz.prototype;
stszPrototype.parse = function parseStsz(this: typeof stszPrototype, stream) {
  this.parseFullHeader(stream);
  this.sample_sizes = [];
  if (this.version !== 0) return;
  this.sample_size = stream.readUint32();
  this.sample_count = stream.readUint32();
  if (this.sample_size === 0) for (let i = 0; i < this.sample_count; i++) this.sample_sizes.push(stream.readUint32());
};

/** Parse the index of `blob`; rejects when there is none (not MP4, or truncated before the moov). */
export async function readMp4Index(blob: Blob, options: Mp4IndexOptions = {}): Promise<Mp4Index> {
  const { signal, audioOnly = false } = options;
  const file = createFile();
  const build = file.buildTrakSampleLists.bind(file);
  file.buildSampleLists = () => {
    for (const trak of file.moov.traks) {
      const stbl = trak.mdia?.minf?.stbl;
      // PCM sound lists no samples (one object per frame would not fit in memory): see decode/pcm.
      const pcm = isPcmSampleEntry(stbl?.stsd?.entries?.[0]?.type);
      if (pcm || (audioOnly && trak.mdia?.hdlr?.handler !== 'soun')) {
        Object.assign(trak, { samples: [], samples_duration: 0, samples_size: 0 });
        continue;
      }
      const stsz = stbl?.stsz;
      if (stsz && stsz.sample_size > 0 && stsz.sample_sizes.length === 0) stsz.sample_sizes = new Array<number>(stsz.sample_count).fill(stsz.sample_size);
      build(trak);
    }
  };
  let info: Movie | null = null;
  let parseError: string | null = null;
  file.onReady = (movie) => {
    info = movie;
  };
  file.onError = (module, message) => {
    parseError = `${module}: ${message}`;
  };
  let position = 0;
  let reads = 0;
  while (!info && position < blob.size) {
    signal?.throwIfAborted();
    const end = Math.min(blob.size, position + READ_SIZE);
    const buffer = MP4BoxBuffer.fromArrayBuffer(await blob.slice(position, end).arrayBuffer(), position);
    const next = file.appendBuffer(buffer, end === blob.size);
    if (parseError) break;
    // The parser answers with the next offset it needs; it skips over mdat by jumping ahead.
    position = next > position ? next : end;
    if (++reads > 4096) break;
  }
  file.flush();
  if (!info) throw new Error(parseError ?? 'No movie index (moov) found: the file is not an MP4, or it is incomplete.');
  return { file, info };
}

/**
 * The sound tracks of a parsed file, in file order: every track whose handler is 'soun', including
 * those mp4box.js does not list as audio (PCM in a MOV comes out as 'metadata').
 */
export function soundTracks(file: ISOFile, info: Movie): Movie['tracks'] {
  return info.tracks.filter((track) => file.getTrackById(track.id)?.mdia?.hdlr?.handler === 'soun');
}
