/**
 * How decoded sound is copied out of WebCodecs' AudioData, and the downmix of 16-bit copies. Pure: no
 * DOM, no worker globals.
 */

/** The sample format asked of `AudioData.copyTo`: 32-bit float where it works, else 16-bit integers. */
export type AudioCopyFormat = 'float' | 's16';

/**
 * The copy format for the engine named by `userAgent`. WebKitGTK and WPE (WebKit on Linux, with
 * GStreamer) crash the whole web process on any float copy ('f32' or 'f32-planar', of decoded or
 * constructed AudioData) while 's16' copies work (measured in WebKitGTK 2.50, issue 27). Everywhere
 * else float is exact and needs no conversion.
 */
export function audioCopyFormat(userAgent: string): AudioCopyFormat {
  const linuxWebKit = /AppleWebKit\//.test(userAgent) && /Linux|X11/.test(userAgent) && !/Chrome\/|Chromium\/|Android/.test(userAgent);
  return linuxWebKit ? 's16' : 'float';
}

/** Mean of the channels of `frames` interleaved 16-bit frames, scaled to [-1, 1), into `target`. */
export function downmixS16(interleaved: Int16Array, channels: number, frames: number, target: Float32Array): void {
  const scale = 1 / (32768 * channels);
  for (let i = 0, j = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++, j++) sum += interleaved[j];
    target[i] = sum * scale;
  }
}
