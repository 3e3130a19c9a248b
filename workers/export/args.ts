/**
 * ffmpeg argument lists for clip export: a stream copy (fast) and a frame-accurate re-encode (exact)
 * with optional burned captions, soft captions and a title card. Pure: paths in, strings out.
 */

/** Pixel size of a video. */
export interface Size {
  width: number;
  height: number;
}

/** Seconds as ffmpeg reads them, to the microsecond. */
export function ffmpegSeconds(seconds: number): string {
  return Math.max(0, seconds).toFixed(6);
}

/**
 * A value inside a filter graph, escaped for both levels ffmpeg parses: the filter's options
 * (`\ ' :`) and then the graph (`\ ' [ ] , ;`).
 */
export function filterValue(value: string): string {
  const option = value.replace(/[\\':]/g, '\\$&');
  return option.replace(/[\\'[\],;]/g, '\\$&');
}

/** Output size for an exact export: the source scaled down to at most `maxHeight` lines, even numbers (x264 needs them). */
export function exportSize(source: Size, maxHeight = 720): Size {
  const even = (n: number) => Math.max(2, 2 * Math.round(n / 2));
  const height = Math.min(source.height, maxHeight);
  return { width: even((source.width * height) / source.height), height: even(height) };
}

/** A stream copy from a keyframe (see `streamCopyRange`, which plans the seek and the duration). */
export interface FastClipPlan {
  /** The lesson, as mounted (WORKERFS). */
  input: string;
  output: string;
  /** Input seek point, seconds on the file's own timeline: ffmpeg starts at the last keyframe before it. */
  seekTo: number;
  /** Output duration counted from `seekTo` (ffmpeg stops at the first packet decoded at or after it); null to the end. */
  duration: number | null;
  /** An SRT file to add as a `mov_text` track, its times counted from the keyframe the clip starts at. */
  softSubtitles?: string;
  /** Seconds from the keyframe the clip starts at to `seekTo` (where the copied streams' time 0 is). */
  subtitleLead?: number;
}

/** `-ss <seek point> -i <lesson> -t <duration> -c copy`, audio and video only, index at the front. */
export function fastClipArgs(plan: FastClipPlan): string[] {
  const subtitles = plan.softSubtitles;
  return [
    '-hide_banner', '-y',
    // The seek point is a time in the file, not counted from its first timestamp (which can be off zero by
    // an edit list or audio priming), so it means the same as the index the plan was made from.
    '-seek_timestamp', '1',
    '-ss', ffmpegSeconds(plan.seekTo),
    '-i', plan.input,
    // The copied streams' time 0 is the seek point, after the keyframe: move the captions by as much.
    ...(subtitles ? ['-itsoffset', signedSeconds(-(plan.subtitleLead ?? 0)), '-i', subtitles] : []),
    '-map', '0:v:0?', '-map', '0:a:0?',
    ...(subtitles ? ['-map', '1:0'] : []),
    ...(plan.duration !== null ? ['-t', ffmpegSeconds(plan.duration)] : []),
    '-c', 'copy',
    ...(subtitles ? ['-c:s', 'mov_text', '-metadata:s:s:0', 'language=eng'] : []),
    '-avoid_negative_ts', 'make_zero',
    ...NO_METADATA,
    '-movflags', '+faststart',
    plan.output,
  ];
}

/**
 * Nothing of the lesson file's own metadata goes into a clip (title, comments, the camera's or the
 * microphone's names on its tracks, chapters): a clip may leave the coaching pair, and the file's tags can
 * name the class. Checked with ffprobe: the tracks' names become ffmpeg's neutral defaults.
 */
const NO_METADATA = ['-map_metadata', '-1', '-map_chapters', '-1'];

/** Seconds with a sign, to the microsecond (`-itsoffset` may be negative). */
function signedSeconds(seconds: number): string {
  return (seconds < 0 ? '-' : '') + ffmpegSeconds(Math.abs(seconds));
}

/** A title card shown before the clip: one drawtext per line, each read from a small text file. */
export interface TitleCardPlan {
  seconds: number;
  /** One text file per line (drawtext `textfile`: no quoting of the coach's words needed). */
  lineFiles: string[];
  /** Characters per line, to shrink long lines to fit. */
  lineLengths: number[];
}

/** A frame-accurate re-encode. */
export interface ExactClipPlan {
  input: string;
  output: string;
  start: number;
  duration: number;
  /** Output size; null scales down to 720 lines with an expression (source size unknown; no title card then). */
  size: Size | null;
  /** Source frames per second (title card and clip must match to be joined); 0 when unknown. */
  frameRate: number;
  hasAudio: boolean;
  /** The shipped font, and the folder libass looks in. */
  fontFile: string;
  fontsDir: string;
  /** An ASS file to burn in (times relative to the clip start). */
  burnSubtitles?: string;
  /** An SRT file to add as a `mov_text` track (times relative to the output start). */
  softSubtitles?: string;
  titleCard?: TitleCardPlan;
  /** Stretches of the clip's sound to silence (pupils' voices), seconds from the clip's start (before any title card). */
  muteRanges?: ReadonlyArray<{ start: number; end: number }>;
  /** Boxes of the picture to blur (pupils' faces) and when, seconds from the clip's start; needs `size`. */
  blurSpans?: ReadonlyArray<BlurBox>;
  /**
   * x264 speed/size trade-off (default 'ultrafast') and quality (default CRF 23). Measured on a 30 s 720p clip
   * with burned captions in Chromium's ffmpeg.wasm: ultrafast 18 s, 16 MB; veryfast 86 s, 8 MB.
   */
  preset?: string;
  crf?: number;
}

/** Frame rate of the title card when the source's is unknown. */
const DEFAULT_FRAME_RATE = 25;

/** The filter graph and outputs for an exact export. */
export function exactClipArgs(plan: ExactClipPlan): string[] {
  const { size, titleCard, hasAudio } = plan;
  if (titleCard && !size) throw new Error('A title card needs the output size.');
  const blur = plan.blurSpans?.length ? plan.blurSpans : null;
  if (blur && !size) throw new Error('Blurring faces needs the output size.');
  const rate = plan.frameRate > 0 ? Number(plan.frameRate.toFixed(3)) : DEFAULT_FRAME_RATE;
  const video: string[] = [];
  if (size) {
    video.push(
      `scale=${size.width}:${size.height}:force_original_aspect_ratio=decrease`,
      `pad=${size.width}:${size.height}:(ow-iw)/2:(oh-ih)/2`,
    );
  } else {
    video.push(`scale=-2:'min(720,ih)'`);
  }
  video.push('setsar=1');
  const graph: string[] = [];
  if (blur && size) {
    // Faces are blurred before captions are burned in, so captions stay readable over them.
    graph.push(`[0:v:0]${video.join(',')}[scaledv]`, ...faceBlurGraph('[scaledv]', '[blurredv]', blur, size));
    video.length = 0;
  }
  // The first frame can sit a little before `start` (the one on screen at that moment): round down so it is not doubled.
  if (titleCard) video.push(`fps=${rate}:round=down`);
  if (plan.burnSubtitles) video.push(`subtitles=filename=${filterValue(plan.burnSubtitles)}:fontsdir=${filterValue(plan.fontsDir)}`);
  video.push('format=yuv420p');
  graph.push(`${blur ? '[blurredv]' : '[0:v:0]'}${video.join(',')}[clipv]`);
  let videoOut = '[clipv]';
  // Optional map: a lesson whose index could not be read may still have no audio.
  let audioOut = hasAudio ? '0:a:0?' : null;
  const mute = hasAudio ? muteFilter(plan.muteRanges ?? []) : null;
  if (titleCard && size) {
    graph.push(`${titleCardVideo(titleCard, size, rate, plan.fontFile)}[cardv]`);
    if (hasAudio) {
      const stereo = 'aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo';
      graph.push(`anullsrc=r=48000:cl=stereo,atrim=duration=${ffmpegSeconds(titleCard.seconds)},${stereo}[carda]`);
      graph.push(`[0:a:0]${mute ? `${mute},` : ''}${stereo}[clipa]`);
      graph.push('[cardv][carda][clipv][clipa]concat=n=2:v=1:a=1[v][a]');
      audioOut = '[a]';
    } else {
      graph.push('[cardv][clipv]concat=n=2:v=1:a=0[v]');
    }
    videoOut = '[v]';
  } else if (mute) {
    graph.push(`[0:a:0]${mute}[clipa]`);
    audioOut = '[clipa]';
  }
  const subtitles = plan.softSubtitles;
  return [
    '-hide_banner', '-y',
    // Input seeking with re-encoding is frame-accurate: ffmpeg decodes from the keyframe before and drops frames up to `start`.
    '-ss', ffmpegSeconds(plan.start),
    // Read a little more than needed; the output `-t` below cuts at exactly `duration` (the frame on screen at
    // `start` begins before it, so an input-side cut alone gives one frame too many).
    '-t', ffmpegSeconds(plan.duration + 0.5),
    '-i', plan.input,
    ...(subtitles ? ['-i', subtitles] : []),
    '-filter_complex', graph.join(';'),
    '-map', videoOut,
    ...(audioOut ? ['-map', audioOut] : []),
    ...(subtitles ? ['-map', '1:0'] : []),
    '-t', ffmpegSeconds((titleCard?.seconds ?? 0) + plan.duration),
    '-c:v', 'libx264', '-preset', plan.preset ?? 'ultrafast', '-crf', String(plan.crf ?? 23), '-pix_fmt', 'yuv420p',
    ...(audioOut ? ['-c:a', 'aac', '-b:a', '128k'] : []),
    ...(subtitles ? ['-c:s', 'mov_text', '-metadata:s:s:0', 'language=eng'] : []),
    ...NO_METADATA,
    '-movflags', '+faststart',
    plan.output,
  ];
}

/**
 * A `volume` filter silencing the stretches (seconds on the clip's own sound timeline, which starts at 0
 * after the input seek), or null when there are none. The timeline is checked per audio frame (1024
 * samples of AAC), so the stretches are the silenced ones to about 20 ms; they carry margins already.
 */
export function muteFilter(ranges: ReadonlyArray<{ start: number; end: number }>): string | null {
  const kept = ranges.filter((r) => r.end > r.start);
  if (kept.length === 0) return null;
  const when = kept.map((r) => `between(t,${r.start.toFixed(3)},${r.end.toFixed(3)})`).join('+');
  // Quoted: the commas belong to the expression, not to the graph.
  return `volume=volume=0:enable='${when}'`;
}

/** A box of the picture to blur (fractions of the frame) from `start` to `end`, seconds from the clip's start. */
export interface BlurBox {
  start: number;
  end: number;
  box: { x: number; y: number; w: number; h: number };
}

/** The mask of boxes to blur is drawn at 1/MASK_SCALE of the picture's size, then scaled up (cheap at any box count). */
const MASK_SCALE = 8;
/** The blur: the picture shrunk to 1/BLUR_SCALE, box-blurred there and scaled back, about 80 px wide at 720p. */
const BLUR_SCALE = 16;

/**
 * Filter chains that blur the boxes from `from` into `to` (both of `size`): one strongly blurred copy of the
 * whole picture, shown only inside a mask of the boxes that apply at each frame's time (one `drawbox` per
 * span, enabled between its start and end). The cost does not grow with the number of faces: the blur and
 * the mask are made at a fraction of the size, and a `drawbox` outside its span is skipped.
 */
export function faceBlurGraph(from: string, to: string, spans: ReadonlyArray<BlurBox>, size: Size): string[] {
  const mw = Math.ceil(size.width / MASK_SCALE), mh = Math.ceil(size.height / MASK_SCALE);
  const boxes = spans.map(({ start, end, box }) => {
    // Outward to whole mask pixels: a face is never cut by rounding.
    const x0 = Math.max(0, Math.floor(box.x * mw)), y0 = Math.max(0, Math.floor(box.y * mh));
    const x1 = Math.min(mw, Math.ceil((box.x + box.w) * mw)), y1 = Math.min(mh, Math.ceil((box.y + box.h) * mh));
    return `drawbox=x=${x0}:y=${y0}:w=${Math.max(1, x1 - x0)}:h=${Math.max(1, y1 - y0)}:color=white:t=fill:enable='between(t,${start.toFixed(3)},${end.toFixed(3)})'`;
  });
  const bw = Math.max(2, Math.round(size.width / BLUR_SCALE)), bh = Math.max(2, Math.round(size.height / BLUR_SCALE));
  return [
    `${from}split=3[fb_base][fb_blur][fb_mask]`,
    `[fb_blur]scale=${bw}:${bh}:flags=area,boxblur=2:2,scale=${size.width}:${size.height}:flags=bilinear,format=yuva420p[fb_soft]`,
    // A black mask the picture's timestamps, with a white box for each span that applies.
    [`[fb_mask]scale=${mw}:${mh},format=gray`, `drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill`, ...boxes, `scale=${size.width}:${size.height}:flags=neighbor[fb_alpha]`].join(','),
    '[fb_soft][fb_alpha]alphamerge[fb_cover]',
    `[fb_base][fb_cover]overlay=format=auto${to}`,
  ];
}

/** Sizes and vertical positions of the title card's lines: the first larger, all centred, long lines shrunk to fit. */
export function titleCardLayout(lineLengths: readonly number[], size: Size): Array<{ fontSize: number; y: number }> {
  const sizes = lineLengths.map((length, i) => {
    const wanted = Math.round(size.height * (i === 0 ? 0.08 : 0.06));
    // DejaVu Sans averages about 0.6 em per character; keep each line within 90% of the width.
    const fitting = Math.floor((size.width * 0.9) / (0.6 * Math.max(1, length)));
    return Math.max(8, Math.min(wanted, fitting));
  });
  const total = sizes.reduce((sum, fontSize, i) => sum + fontSize + (i > 0 ? Math.round(fontSize * 0.6) : 0), 0);
  let y = Math.round((size.height - total) / 2);
  return sizes.map((fontSize, i) => {
    if (i > 0) y += Math.round(fontSize * 0.6);
    const line = { fontSize, y };
    y += fontSize;
    return line;
  });
}

/** `color` source with one `drawtext` per line, for `seconds` at the clip's size and rate. */
function titleCardVideo(card: TitleCardPlan, size: Size, rate: number, fontFile: string): string {
  const layout = titleCardLayout(card.lineLengths, size);
  const lines = card.lineFiles.map((file, i) =>
    [
      `drawtext=fontfile=${filterValue(fontFile)}`,
      `textfile=${filterValue(file)}`,
      // The coach's words are shown as written: no %{…} expansion.
      'expansion=none',
      `fontcolor=${i === 0 ? 'white' : '0xd8dee9'}`,
      `fontsize=${layout[i].fontSize}`,
      'x=(w-text_w)/2',
      `y=${layout[i].y}`,
    ].join(':'),
  );
  return [`color=c=0x1f2a36:s=${size.width}x${size.height}:r=${rate}:d=${ffmpegSeconds(card.seconds)}`, ...lines, 'setsar=1', 'format=yuv420p'].join(',');
}
