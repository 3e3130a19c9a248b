/** Summarise an MP4's index into what the import needs to know. */
import type { ContainerProbe } from '../../src/core/media';
import { readMp4Index, soundTracks } from './mp4-index';

/** Clockwise rotation in degrees from a track's transformation matrix (a, b, c, d in 16.16 fixed point). */
export function rotationFromMatrix(matrix: ArrayLike<number>): number {
  const a = matrix[0] / 65536;
  const b = matrix[1] / 65536;
  const degrees = Math.round((Math.atan2(b, a) * 180) / Math.PI);
  return ((degrees % 360) + 360) % 360;
}

/** Probe an MP4/MOV Blob: duration, codecs, size, rotation and whether its sample data is all there. */
export async function probeMp4(blob: Blob, signal?: AbortSignal): Promise<ContainerProbe> {
  const { file, info } = await readMp4Index(blob, { signal });
  const video = info.videoTracks[0] ?? null;
  // By handler, not mp4box.js's audio list: that leaves out PCM sound, which is sound all the same.
  const audio = soundTracks(file, info)[0] ?? null;
  let dataEnd = 0;
  let samplesEnd = 0;
  for (const track of [video, audio]) {
    if (!track) continue;
    const samples = file.getTrackById(track.id)?.samples ?? [];
    // The last few samples (B-frames reorder presentation times) say where the data and the media end.
    for (let i = samples.length - 1; i >= Math.max(0, samples.length - 8); i--) {
      const sample = samples[i];
      dataEnd = Math.max(dataEnd, sample.offset + sample.size);
      // The last sample's duration is derived from the (possibly lying) track header: use its
      // neighbour's instead.
      const duration = i === samples.length - 1 ? (samples[i - 1]?.duration ?? 0) : sample.duration;
      if (sample.timescale) samplesEnd = Math.max(samplesEnd, (sample.cts + duration) / sample.timescale);
    }
  }
  const duration = info.timescale ? info.duration / info.timescale : 0;
  const trackDuration = (t: typeof video) => (t && t.timescale ? t.duration / t.timescale : 0);
  return {
    duration: duration || Math.max(trackDuration(video), trackDuration(audio)),
    videoCodec: video?.codec ?? null,
    audioCodec: audio?.codec ?? null,
    width: video?.video?.width ?? video?.track_width ?? 0,
    height: video?.video?.height ?? video?.track_height ?? 0,
    frameRate: video && video.duration > 0 ? (video.nb_samples * video.timescale) / video.duration : null,
    rotation: video ? rotationFromMatrix(video.matrix as unknown as ArrayLike<number>) : 0,
    truncated: dataEnd > blob.size,
    samplesDuration: samplesEnd > 0 ? samplesEnd : null,
  };
}
