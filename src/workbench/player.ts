/**
 * The one adapter around video.js. Components never touch video.js directly: they get this small
 * typed surface, and the `<video>` element for timelines that must follow its clock.
 */
import videojs from 'video.js';
import 'video.js/dist/video-js.css';
import { Emitter } from '../app/emitter';

type VideoJsPlayer = ReturnType<typeof videojs>;

/** A second failure this soon after loading the video again is reported, not retried. */
const RETRY_WINDOW_MS = 30_000;

/** Why the video stopped, in a coach's words, from the media element's error code. */
export function plainFailure(code: number | undefined): string {
  switch (code) {
    case 2: return 'it stopped loading';
    case 3: return 'part of it could not be decoded';
    case 4: return 'this browser cannot play its format';
    default: return 'the browser stopped playing it';
  }
}

/** Events the player re-emits, each with its argument tuple. */
export interface PlayerEvents {
  /** Fires on every presented frame while playing, and after each seek. */
  time: [currentTime: number];
  play: [];
  pause: [];
  rate: [rate: number];
  ready: [duration: number];
  error: [message: string];
}

/** A lesson's video in video.js, fed from a URL (the service worker's) or a Blob's object URL, revoked on destroy. */
export class Player {
  readonly video: HTMLVideoElement;
  #player: VideoJsPlayer;
  #url: string;
  #ownsUrl: boolean;
  #events = new Emitter<PlayerEvents>();
  #frameHandle = 0;
  #destroyed = false;
  /** A seek asked for before the metadata was in, made once it is. */
  #pendingSeek: number | null = null;
  #mimeType: string;
  /** When the video was last loaded again after a failure (performance.now()). */
  #lastRetry = -Infinity;

  constructor(container: HTMLElement, media: Blob | string, mimeType: string) {
    this.video = document.createElement('video');
    this.video.className = 'video-js vjs-fluid';
    this.video.setAttribute('playsinline', '');
    container.append(this.video);
    this.#mimeType = mimeType;
    this.#ownsUrl = typeof media !== 'string';
    this.#url = typeof media === 'string' ? media : URL.createObjectURL(media);
    this.#player = videojs(this.video, {
      // The app's own bar (workbench) or loop controls (meeting) are the one set of controls, and
      // every command has a key; a second bar from video.js offered the same things again.
      controls: false,
      preload: 'auto',
      fluid: true,
      userActions: { hotkeys: false },
      // A failure is said in the app's own plain words (or by the lesson's notice), not in video.js's.
      errorDisplay: false,
      html5: { nativeTextTracks: false },
    });
    this.#player.src({ src: this.#url, type: mimeType });
    // video.js moves our element inside its own wrapper; keep the reference to the real <video>.
    this.video = (this.#player.el().querySelector('video') as HTMLVideoElement) ?? this.video;
    this.video.addEventListener('loadedmetadata', () => this.#emit('ready', this.video.duration));
    this.video.addEventListener('play', () => {
      this.#emit('play');
      this.#followFrames();
    });
    this.video.addEventListener('pause', () => this.#emit('pause'));
    this.video.addEventListener('seeked', () => this.#emit('time', this.video.currentTime));
    this.video.addEventListener('timeupdate', () => this.#emit('time', this.video.currentTime));
    this.video.addEventListener('ratechange', () => this.#emit('rate', this.video.playbackRate));
    this.video.addEventListener('error', () => this.#failed());
  }

  /**
   * The first failure in a while loads the same address again and goes back to where the video was, playing
   * if it was: WebKit now and then fails a stored lesson mid-seek and plays it on a second load. Another
   * within RETRY_WINDOW_MS, or a format the browser cannot play at all, is reported in plain words; the
   * browser's own text goes to the console only.
   */
  #failed(): void {
    const error = this.video.error;
    console.warn('The video failed', error?.code ?? null, error?.message ?? '');
    const now = performance.now();
    if (error?.code !== MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED && now - this.#lastRetry > RETRY_WINDOW_MS) {
      this.#lastRetry = now;
      const time = this.#pendingSeek ?? this.video.currentTime;
      const playing = !this.video.paused;
      this.#pendingSeek = time;
      this.video.addEventListener('loadedmetadata', () => {
        this.#seekPending();
        if (playing) this.play();
      }, { once: true });
      this.#player.src({ src: this.#url, type: this.#mimeType });
      return;
    }
    this.#emit('error', plainFailure(error?.code));
  }

  /** Subscribe to an event; returns the unsubscribe function. */
  on<E extends keyof PlayerEvents>(event: E, listener: (...args: PlayerEvents[E]) => void): () => void {
    return this.#events.on(event, listener);
  }

  #emit<E extends keyof PlayerEvents>(event: E, ...args: PlayerEvents[E]): void {
    this.#events.emit(event, ...args);
  }

  /** Follow playback frame by frame from the video's own clock (no second clock to drift). */
  #followFrames(): void {
    // requestVideoFrameCallback reports the media time of the frame actually presented, which is
    // what loop boundaries must be judged on; currentTime may already be ahead of it.
    const step = (_now?: number, metadata?: VideoFrameCallbackMetadata) => {
      if (this.#destroyed || this.video.paused) return;
      this.#emit('time', metadata?.mediaTime ?? this.video.currentTime);
      this.#frameHandle = this.video.requestVideoFrameCallback
        ? this.video.requestVideoFrameCallback(step)
        : requestAnimationFrame(() => step());
    };
    step();
  }

  get currentTime(): number {
    return this.#pendingSeek ?? this.video.currentTime;
  }

  get duration(): number {
    return Number.isFinite(this.video.duration) ? this.video.duration : 0;
  }

  /** A seek is under way: the time reported is its target, or a frame from before it. */
  get seeking(): boolean {
    return this.video.seeking;
  }

  get paused(): boolean {
    return this.video.paused;
  }

  /** Start playing; a refused play (autoplay policy) is reported, not thrown. */
  play(): void {
    this.video.play().catch((error: unknown) => console.warn('Playback did not start', error));
  }

  pause(): void {
    this.video.pause();
  }

  togglePlay(): void {
    if (this.video.paused) this.play();
    else this.pause();
  }

  seek(time: number): void {
    if (this.video.readyState < HTMLMediaElement.HAVE_METADATA) {
      // WebKitGTK takes a seek made before the metadata as the start position, reports that time, and then
      // plays without its clock moving (meeting mode selects its first clip while the video still loads):
      // the seek is made once the metadata is in.
      if (this.#pendingSeek === null) this.video.addEventListener('loadedmetadata', () => this.#seekPending(), { once: true });
      this.#pendingSeek = time;
    } else {
      this.#pendingSeek = null;
      this.video.currentTime = time;
    }
    this.#emit('time', time);
  }

  #seekPending(): void {
    if (this.#pendingSeek !== null) this.video.currentTime = this.#pendingSeek;
    this.#pendingSeek = null;
  }

  /** Play the same video from another address (the stored lesson's, once its import is done); the element stays. */
  setSource(url: string, mimeType: string): void {
    if (this.#destroyed) return;
    if (this.#ownsUrl) URL.revokeObjectURL(this.#url);
    this.#ownsUrl = false;
    this.#url = url;
    this.#mimeType = mimeType;
    this.#pendingSeek = null;
    this.#player.src({ src: url, type: mimeType });
  }

  setRate(rate: number): void {
    this.video.playbackRate = rate;
  }

  /** Dispose of video.js and revoke the object URL. */
  destroy(): void {
    this.#destroyed = true;
    if (this.video.cancelVideoFrameCallback) this.video.cancelVideoFrameCallback(this.#frameHandle);
    this.#events.clear();
    this.#player.dispose();
    if (this.#ownsUrl) URL.revokeObjectURL(this.#url);
  }
}
