/**
 * Captions as an ASS (Advanced SubStation Alpha) script, for burning annotation text into an exported
 * clip with ffmpeg's `subtitles` filter (libass). White text on a half-transparent box at the bottom,
 * sized from the video height so it reads the same at 180p and 720p.
 */

/** One caption, seconds relative to the start of the clip. */
export interface Cue {
  start: number;
  end: number;
  text: string;
}

/** Layout of the script. */
export interface AssOptions {
  /** Video width and height in pixels (PlayResX/Y: font sizes and margins are in these units). */
  width: number;
  height: number;
  /** Family name of the font shipped with the app (libass finds it in `fontsdir`). */
  fontName: string;
  /** Cues are clipped to 0..duration seconds; those left empty are dropped. */
  duration?: number;
}

/** `h:mm:ss.cc`, the ASS time format (centiseconds). */
export function assTime(seconds: number): string {
  const cs = Math.round((Number.isFinite(seconds) && seconds > 0 ? seconds : 0) * 100);
  const h = Math.floor(cs / 360_000);
  const m = Math.floor((cs % 360_000) / 6000);
  const s = Math.floor((cs % 6000) / 100);
  const rest = cs % 100;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(rest).padStart(2, '0')}`;
}

/**
 * A coach's note as ASS dialogue text: line breaks become `\N`, and the characters libass would read
 * as commands are neutralised: braces open override blocks (libass accepts `\{` and `\}` as literal
 * braces) and a backslash before n, N or h would break or space the line, so a zero-width space follows it.
 */
export function assText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .trim()
    .replace(/\\/g, '\\\u200b')
    .replace(/[{}]/g, (brace) => `\\${brace}`)
    .replace(/\n/g, '\\N');
}

/** The whole script: header, one `Caption` style, one Dialogue line per cue in time order. */
export function assDocument(cues: readonly Cue[], options: AssOptions): string {
  const { width, height, fontName, duration = Infinity } = options;
  const fontSize = Math.max(10, Math.round(height * 0.055));
  const margin = Math.max(4, Math.round(height * 0.04));
  const outline = Math.max(1, Math.round(fontSize * 0.25));
  const header = [
    '[Script Info]',
    'ScriptType: v4.00+',
    `PlayResX: ${Math.round(width)}`,
    `PlayResY: ${Math.round(height)}`,
    'WrapStyle: 0',
    'ScaledBorderAndShadow: yes',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    // BorderStyle 3 draws an opaque box (OutlineColour) behind the text: legible over any classroom footage.
    `Style: Caption,${fontName.replace(/,/g, ' ')},${fontSize},&H00FFFFFF,&H000000FF,&H60000000,&H60000000,0,0,0,0,100,100,0,0,3,${outline},0,2,${margin},${margin},${margin},1`,
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
  ];
  const events = [...cues]
    .map((cue) => ({ start: Math.max(0, cue.start), end: Math.min(duration, cue.end), text: assText(cue.text) }))
    .filter((cue) => cue.end > cue.start && cue.text !== '')
    .sort((a, b) => a.start - b.start)
    .map((cue) => `Dialogue: 0,${assTime(cue.start)},${assTime(cue.end)},Caption,,0,0,0,,${cue.text}`);
  return [...header, ...events, ''].join('\n');
}
