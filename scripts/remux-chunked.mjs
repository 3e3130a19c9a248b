// Rewrites an MP4 with the sample layout cameras and phones write: audio and video in chunks of about
// half a second each (QuickTime interleave), index at the end. ffmpeg's muxer instead alternates
// single frames of each track. Stream copy: no sample is re-encoded.
//   node scripts/remux-chunked.mjs in.mp4 out.mp4
import { ALL_FORMATS, Conversion, FilePathSource, FilePathTarget, Input, Mp4OutputFormat, Output } from 'mediabunny';

const [from, to] = process.argv.slice(2);
if (!from || !to) {
  console.error('usage: node scripts/remux-chunked.mjs in.mp4 out.mp4');
  process.exit(2);
}
const input = new Input({ source: new FilePathSource(from), formats: ALL_FORMATS });
const output = new Output({ format: new Mp4OutputFormat({ fastStart: false }), target: new FilePathTarget(to) });
const conversion = await Conversion.init({ input, output });
if (!conversion.isValid) throw new Error(`cannot remux ${from}: ${JSON.stringify(conversion.discardedTracks)}`);
await conversion.execute();
