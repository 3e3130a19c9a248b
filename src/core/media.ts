/**
 * What a lesson file is, decided from its bytes and from what the demuxer and the browser
 * report; no DOM here, so the rules are unit-tested directly.
 */

import { formatDuration } from './format';

/** Containers Reframe accepts, recognised by their leading bytes, never by the file name. */
export type Container = 'mp4' | 'webm' | 'unknown';

/** File name extensions offered in the picker. The content decides, not the extension. */
export const ACCEPTED_EXTENSIONS = ['.mp4', '.m4v', '.mov', '.webm'] as const;

/** MIME type list for the file input's `accept` attribute. */
export const ACCEPT_ATTRIBUTE = [...ACCEPTED_EXTENSIONS, 'video/mp4', 'video/quicktime', 'video/webm'].join(',');

/** Recognise the container from the first bytes of the file (at least 12 are needed). */
export function sniffContainer(head: Uint8Array): Container {
  if (head.length >= 12) {
    const box = String.fromCharCode(head[4], head[5], head[6], head[7]);
    // ISO BMFF (MP4, MOV, M4V): the first box is usually ftyp; old QuickTime files may start with moov, mdat, wide or free.
    if (['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].includes(box)) return 'mp4';
  }
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'webm';
  return 'unknown';
}

/** MIME type to give the player for a container (video.js needs it for blob: URLs). */
export function mimeTypeFor(container: Container, fileType: string): string {
  if (container === 'webm') return 'video/webm';
  if (container === 'mp4') return fileType === 'video/quicktime' ? 'video/mp4' : 'video/mp4';
  return fileType || 'application/octet-stream';
}

/** A lesson's default title: the file name without extension, separators turned into spaces. */
export function titleFromFileName(name: string): string {
  const base = name.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const spaced = base.replace(/[_]+/g, ' ').replace(/\s+/g, ' ').trim();
  return spaced || 'Untitled lesson';
}

/** Codec families the demuxer reports, named the way a coach's phone settings name them. */
export function describeVideoCodec(codec: string | null): string {
  if (!codec) return 'unknown';
  const c = codec.toLowerCase();
  if (c.startsWith('avc')) return 'H.264';
  if (c.startsWith('hvc') || c.startsWith('hev')) return 'H.265 (HEVC)';
  if (c.startsWith('vp09') || c === 'vp9') return 'VP9';
  if (c.startsWith('vp08') || c === 'vp8') return 'VP8';
  if (c.startsWith('av01')) return 'AV1';
  if (c.startsWith('mp4v')) return 'MPEG-4 Part 2';
  return codec;
}

/** What the MP4 demuxer found in a file (a subset of mp4box.js's info, plus our checks). */
export interface ContainerProbe {
  /** Seconds, from the movie header. */
  duration: number;
  videoCodec: string | null;
  audioCodec: string | null;
  width: number;
  height: number;
  /** Frames per second of the video track, where known. */
  frameRate: number | null;
  /** Clockwise rotation from the track matrix, 0/90/180/270. */
  rotation: number;
  /** Sample data referenced by the index lies beyond the end of the file. */
  truncated: boolean;
  /** Seconds the indexed samples really cover (null when the index lists none, as in fragmented files). */
  samplesDuration: number | null;
}

/** What the browser's own `<video>` element made of the file. */
export interface ElementProbe {
  ok: boolean;
  duration: number;
  videoWidth: number;
  videoHeight: number;
  /**
   * Whether the element decodes the file's sound: false when the browser plays it silent (Firefox loads
   * a MOV with 16-bit big-endian PCM picture only); null or absent when this browser cannot tell.
   */
  soundPlays?: boolean | null;
}

/**
 * How a stored lesson can be watched in this browser, judged from its own media element:
 * 'sound-only' shows no picture, 'picture-only' plays no sound, 'none' plays neither.
 */
export type Playability = 'full' | 'sound-only' | 'picture-only' | 'none';

/** A lesson card's short tag for what this browser cannot play of the lesson; null when it plays. */
export function playabilityTag(playability: Playability): string | null {
  return { full: null, 'sound-only': 'picture not shown here', 'picture-only': 'no sound here', none: 'does not play here' }[playability];
}

/** Plain words for a lesson this browser cannot fully play: what is missing and what to do; null when it plays. */
export function playabilityNotice(playability: Playability, videoCodec: string | null, audioCodec: string | null): string | null {
  const picture = describeVideoCodec(videoCodec);
  const sound = audioCodec ? describeAudioCodec(audioCodec) : 'unknown';
  switch (playability) {
    case 'full':
      return null;
    case 'sound-only':
      return (
        `This browser can't show the picture of this video (it is ${picture}). The sound plays, the lesson is kept safely and talk-time analysis still works. ` +
        'To watch it here, convert it to H.264 MP4 (most phones offer “Most compatible” in camera settings), or open Reframe in a browser that shows it.'
      );
    case 'picture-only':
      return (
        `This browser shows the picture of this video but can't play its sound (${sound}). The lesson is kept safely, and talk-time analysis reads the sound itself. ` +
        'To hear it here, convert the sound to AAC (for example, export the video as MP4 with AAC audio), or open Reframe in a browser that plays it.'
      );
    case 'none':
      return (
        `This browser can play neither the picture nor the sound of this video (${picture} with ${sound} sound). The lesson is kept safely, and talk-time analysis reads the file itself. ` +
        'To watch it here, convert it to MP4 with H.264 video and AAC sound, or open Reframe in another browser (Chromium-based browsers play most camera files).'
      );
  }
}

/** The outcome of checking a file before anything is written. */
export type ImportVerdict =
  | {
      ok: true;
      duration: number;
      width: number;
      height: number;
      hasAudio: boolean;
      hasVideo: boolean;
      videoCodec: string | null;
      audioCodec: string | null;
      frameRate: number | null;
      playability: Playability;
      /** Plain-words notes for the coach (no audio, picture cannot be shown…). */
      notices: string[];
    }
  | { ok: false; reason: ImportRefusal; message: string };

/** Why a file was refused. */
export type ImportRefusal = 'empty' | 'not-video' | 'corrupt' | 'truncated' | 'zero-length' | 'unplayable' | 'length-mismatch';

/**
 * A header may claim more than its samples cover by rounding and edit lists (a fraction of a second);
 * beyond this the header lies, and every later step (timeline, analysis, export) would be wrong.
 */
export function headerOverstates(headerSeconds: number, samplesSeconds: number | null): boolean {
  if (samplesSeconds === null || samplesSeconds <= 0) return false;
  return headerSeconds > samplesSeconds * 1.1 + 5;
}

/** Decide whether and how a file becomes a lesson, from its size, container and the two probes. */
export function judgeImport(
  fileName: string,
  size: number,
  container: Container,
  probe: ContainerProbe | { error: string } | null,
  element: ElementProbe,
): ImportVerdict {
  if (size === 0) {
    return { ok: false, reason: 'empty', message: `“${fileName}” is empty (0 bytes), so there is nothing to import.` };
  }
  if (container === 'unknown') {
    return {
      ok: false,
      reason: 'not-video',
      message: `“${fileName}” is not a video file Reframe can read. Choose an MP4, MOV, M4V or WebM lesson recording.`,
    };
  }
  const mp4 = probe && !('error' in probe) ? probe : null;
  if (container === 'mp4' && !mp4) {
    return {
      ok: false,
      reason: 'corrupt',
      message: `“${fileName}” looks like an MP4 but is damaged or incomplete (its index could not be read). If it was still copying or uploading, copy it again and re-import.`,
    };
  }
  if (mp4?.truncated) {
    return {
      ok: false,
      reason: 'truncated',
      message: `“${fileName}” is incomplete: the file ends before the video does. Copy the complete file from the camera and import it again.`,
    };
  }
  if (mp4 && headerOverstates(mp4.duration, mp4.samplesDuration)) {
    return {
      ok: false,
      reason: 'length-mismatch',
      message: `“${fileName}” is damaged: its header says it lasts ${formatDuration(mp4.duration)}, but it holds only ${formatDuration(mp4.samplesDuration ?? 0)} of video. Copy the original recording from the camera again and import that.`,
    };
  }
  const duration = mp4?.duration || (element.ok ? element.duration : 0);
  if (!Number.isFinite(duration) || duration <= 0.05) {
    return { ok: false, reason: 'zero-length', message: `“${fileName}” has no length (0 seconds of video), so there is nothing to watch.` };
  }
  const hasVideo = mp4 ? mp4.videoCodec !== null : element.videoWidth > 0;
  const hasAudio = mp4 ? mp4.audioCodec !== null : true;
  if (!element.ok && !mp4) {
    return { ok: false, reason: 'unplayable', message: `“${fileName}” could not be opened as a video in this browser.` };
  }
  const notices: string[] = [];
  const playability = playabilityFrom(element, hasVideo, hasAudio);
  const notice = playabilityNotice(playability, mp4?.videoCodec ?? null, mp4?.audioCodec ?? null);
  if (notice) notices.push(notice);
  if (!hasAudio) notices.push('This video has no audio track, so talk time and wait times cannot be measured. You can still watch and log evidence.');
  return {
    ok: true,
    duration,
    width: element.videoWidth || mp4?.width || 0,
    height: element.videoHeight || mp4?.height || 0,
    hasAudio,
    hasVideo,
    videoCodec: mp4?.videoCodec ?? null,
    audioCodec: mp4?.audioCodec ?? null,
    frameRate: mp4?.frameRate ?? null,
    playability,
    notices,
  };
}

/**
 * What this browser's media element plays of a file: the picture when the file has one and the element
 * reports its size, the sound unless the element says it plays none of it. A file without a picture
 * track (or without sound) lacks nothing here; a missing audio track has its own notice.
 */
export function playabilityFrom(element: ElementProbe, hasVideo: boolean, hasAudio: boolean): Playability {
  if (!element.ok) return 'none';
  const picture = !hasVideo || element.videoWidth > 0;
  const sound = !hasAudio || element.soundPlays !== false;
  if (picture && sound) return 'full';
  if (picture) return 'picture-only';
  return sound ? 'sound-only' : 'none';
}

/** One sound track of a lesson file, as the analysis lists them. */
export interface AudioTrackInfo {
  /** Codec as the container names it: `mp4a.40.2`, `opus`, or a PCM sample entry such as `in24`. */
  codec: string;
  /** Bits per sample when the sound is PCM (uncompressed), else null. */
  pcmBits: number | null;
  channels: number;
  /** Hz, 0 when unknown. */
  sampleRate: number;
  /** ISO 639 language code, or null when the file does not say. */
  language: string | null;
  /** The track's own name (e.g. the microphone), or null when the file gives only a default. */
  name: string | null;
}

/** An audio codec in the words of a camera's or editor's settings. */
export function describeAudioCodec(codec: string, pcmBits: number | null = null): string {
  const c = codec.toLowerCase();
  if (pcmBits !== null) return c === 'fl32' || c === 'fl64' || c === 'fpcm' ? `PCM ${pcmBits}-bit float` : `PCM ${pcmBits}-bit`;
  if (['twos', 'sowt', 'in24', 'in32', 'lpcm', 'ipcm', 'fpcm', 'fl32', 'fl64'].includes(c)) return 'PCM (uncompressed)';
  if (c === 'mp4a.40.5' || c === 'mp4a.40.29') return 'HE-AAC';
  if (c.startsWith('mp4a.6b') || c.startsWith('mp4a.69') || c === 'mp3') return 'MP3';
  if (c.startsWith('mp4a')) return 'AAC';
  if (c === 'opus') return 'Opus';
  if (c === 'vorbis') return 'Vorbis';
  if (c === 'ac-3') return 'Dolby Digital';
  if (c === 'ec-3') return 'Dolby Digital Plus';
  if (c === 'flac') return 'FLAC';
  if (c === 'alac') return 'Apple Lossless';
  return codec;
}

/** Mono, stereo, 5.1 or "n channels". */
export function describeChannels(channels: number): string {
  if (channels === 1) return 'mono';
  if (channels === 2) return 'stereo';
  if (channels === 6) return '5.1';
  return channels > 0 ? `${channels} channels` : '';
}

/** A language code in English words ("eng" → "English"), or null when unknown. */
export function languageName(code: string | null): string | null {
  if (!code) return null;
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(code);
    return name && name.toLowerCase() !== code.toLowerCase() ? name : null;
  } catch {
    return null;
  }
}

/** "track 1 of 2 (English, AAC stereo)", with the track's name when it has one: "track 2 of 2, Room microphone (AAC mono)". */
export function describeAudioTrack(track: AudioTrackInfo, index: number, count: number): string {
  const sound = [describeAudioCodec(track.codec, track.pcmBits), describeChannels(track.channels)].filter(Boolean).join(' ');
  const details = [languageName(track.language), sound].filter(Boolean).join(', ');
  return `track ${index + 1} of ${count}${track.name ? `, ${track.name}` : ''}${details ? ` (${details})` : ''}`;
}
