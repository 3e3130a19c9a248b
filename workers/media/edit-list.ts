/**
 * Where a track's media time falls on the movie's timeline, from its edit list (elst): an empty edit first
 * (media_time -1) delays the track by its duration, in the movie's timescale; the first real edit starts
 * `media_time` into the track. AAC encoders put 1024-2112 samples of priming before the sound, and the edit
 * list skips them; libx264 with B-frames starts its video 2 frames into its media time. Pure.
 */

/** One entry of an edit list, as mp4box.js reads it. */
export interface EditEntry {
  segment_duration: number;
  media_time: number;
}

/**
 * Add this to a sample's media time (in the track's timescale) to place it on the movie's timeline: positive
 * when the track starts late, negative when its start is skipped.
 */
export function editListShift(entries: readonly EditEntry[], trackTimescale: number, movieTimescale: number): number {
  let shift = 0;
  for (const entry of entries) {
    if (entry.media_time < 0) shift += Math.round((entry.segment_duration * trackTimescale) / (movieTimescale || trackTimescale));
    else return shift - entry.media_time;
  }
  return shift;
}
