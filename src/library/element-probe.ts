/** Probing a file with the browser's own `<video>` element, and capturing a poster frame. */
import type { ElementProbe } from '../core/media';

/** How long the browser may take to read a file's metadata before we call it unreadable. */
const METADATA_TIMEOUT_MS = 15_000;
/** After the metadata, how long to wait for the first decoded frame and sound before judging without them. */
const FIRST_DATA_TIMEOUT_MS = 3_000;

/** Media element fields some engines add (Firefox's mozHasAudio, Chromium's and WebKit's decoded byte count, WebKit's audio tracks). */
type EngineVideo = HTMLVideoElement & { mozHasAudio?: boolean; webkitAudioDecodedByteCount?: number; audioTracks?: { length: number } };

/**
 * Whether this element plays the file's sound, from what the engine reports: Firefox says so after the
 * metadata (mozHasAudio); Chromium has decoded some sound by the first frame when it can
 * (webkitAudioDecodedByteCount); WebKit lists the tracks it plays. null when the engine tells nothing.
 */
export function soundPlaysIn(video: HTMLVideoElement): boolean | null {
  const engine = video as EngineVideo;
  if (typeof engine.mozHasAudio === 'boolean') return engine.mozHasAudio;
  if ((engine.webkitAudioDecodedByteCount ?? 0) > 0) return true;
  if (engine.audioTracks) return engine.audioTracks.length > 0;
  if (typeof engine.webkitAudioDecodedByteCount === 'number') return false;
  return null;
}

/** Load `url` in a detached video element and report what the browser understood, and whether it plays the sound. */
export function probeWithElement(url: string): Promise<ElementProbe> {
  return new Promise((resolve) => {
    const video = document.createElement('video');
    video.muted = true;
    // 'auto': the element decodes the first frame and some sound, which tells whether it can.
    video.preload = 'auto';
    let finished = false;
    const done = (ok: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      const result: ElementProbe = {
        ok,
        duration: ok && Number.isFinite(video.duration) ? video.duration : 0,
        videoWidth: ok ? video.videoWidth : 0,
        videoHeight: ok ? video.videoHeight : 0,
        soundPlays: ok ? soundPlaysIn(video) : null,
      };
      video.removeAttribute('src');
      video.load();
      resolve(result);
    };
    let timer = setTimeout(() => done(false), METADATA_TIMEOUT_MS);
    video.addEventListener(
      'loadedmetadata',
      () => {
        clearTimeout(timer);
        timer = setTimeout(() => done(true), FIRST_DATA_TIMEOUT_MS);
      },
      { once: true },
    );
    // Chromium may decode the first sound just after the first frame: give it until the file can play through.
    const judge = () => {
      if (soundPlaysIn(video) === false && video.readyState < HTMLMediaElement.HAVE_ENOUGH_DATA) return;
      done(true);
    };
    video.addEventListener('canplay', judge);
    video.addEventListener('canplaythrough', () => done(true), { once: true });
    video.addEventListener('error', () => done(false), { once: true });
    video.src = url;
  });
}

/** Capture a small JPEG of the frame at `time` (10% into the lesson by default); null when no picture. */
export function capturePoster(url: string, duration: number, width = 320): Promise<Blob | null> {
  return new Promise((resolve) => {
    const video = document.createElement('video');
    video.muted = true;
    video.preload = 'auto';
    const finish = (blob: Blob | null) => {
      clearTimeout(timer);
      video.removeAttribute('src');
      video.load();
      resolve(blob);
    };
    const timer = setTimeout(() => finish(null), 10_000);
    video.addEventListener('error', () => finish(null), { once: true });
    // Seek only once the first frame is decoded ('loadeddata'): seeking on 'loadedmetadata' can draw black.
    video.addEventListener(
      'loadeddata',
      () => {
        if (!video.videoWidth) return finish(null);
        video.currentTime = Math.min(Math.max(duration * 0.1, 0), 30, Math.max(0, duration - 0.1));
      },
      { once: true },
    );
    video.addEventListener(
      'seeked',
      () => {
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = Math.round((width * video.videoHeight) / video.videoWidth);
        const context = canvas.getContext('2d');
        if (!context) return finish(null);
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        canvas.toBlob((blob) => finish(blob), 'image/jpeg', 0.8);
      },
      { once: true },
    );
    video.src = url;
  });
}
