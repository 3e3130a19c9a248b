/** Probing a file with the browser's own `<video>` element, and capturing a poster frame. */
import type { ElementProbe } from '../core/media';

/** How long the browser may take to read a file's metadata before we call it unreadable. */
const METADATA_TIMEOUT_MS = 15_000;

/** Load `url` in a detached video element and report what the browser understood. */
export function probeWithElement(url: string): Promise<ElementProbe> {
  return new Promise((resolve) => {
    const video = document.createElement('video');
    video.muted = true;
    video.preload = 'metadata';
    const done = (ok: boolean) => {
      clearTimeout(timer);
      const result: ElementProbe = {
        ok,
        duration: ok && Number.isFinite(video.duration) ? video.duration : 0,
        videoWidth: ok ? video.videoWidth : 0,
        videoHeight: ok ? video.videoHeight : 0,
      };
      video.removeAttribute('src');
      video.load();
      resolve(result);
    };
    const timer = setTimeout(() => done(false), METADATA_TIMEOUT_MS);
    video.addEventListener('loadedmetadata', () => done(true), { once: true });
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
