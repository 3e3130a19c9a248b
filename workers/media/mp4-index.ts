/**
 * Reads an MP4/MOV index (the moov box) from a Blob with mp4box.js, fetching only the slices the
 * parser asks for: the sample data of an hour-long lesson is never read here.
 */
import { createFile, MP4BoxBuffer, type ISOFile, type Movie } from 'mp4box';

/** Slice size while looking for the index; the moov of an hour is a few MB. */
const READ_SIZE = 1024 * 1024;

/** The parsed file and its movie info. */
export interface Mp4Index {
  file: ISOFile;
  info: Movie;
}

/** Parse the index of `blob`; rejects when there is none (not MP4, or truncated before the moov). */
export async function readMp4Index(blob: Blob, signal?: AbortSignal): Promise<Mp4Index> {
  const file = createFile();
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
