import { describe, expect, it } from 'vitest';
import { exactClipArgs, exportSize, fastClipArgs, filterValue, muteFilter, titleCardLayout } from '../../../workers/export/args';
import { shiftCues, srtDocument, srtTime } from '../../../workers/export/srt';

describe('fastClipArgs', () => {
  it('seeks on the file\'s own timeline, copies audio and video for the planned duration and puts the index first', () => {
    const args = fastClipArgs({ input: '/in1/lesson.mp4', output: '/job1/clip.mp4', seekTo: 5, duration: 5.98 });
    expect(args.join(' ')).toBe(
      '-hide_banner -y -seek_timestamp 1 -ss 5.000000 -i /in1/lesson.mp4 -map 0:v:0? -map 0:a:0? -t 5.980000 -c copy -avoid_negative_ts make_zero -map_metadata -1 -map_chapters -1 -movflags +faststart /job1/clip.mp4',
    );
    // To the end of the lesson: no duration.
    expect(fastClipArgs({ input: '/a.mp4', output: '/o.mp4', seekTo: 5, duration: null })).not.toContain('-t');
  });
  it('adds a mov_text track from an SRT file, moved back to the keyframe the clip starts at', () => {
    const args = fastClipArgs({ input: '/in1/a.mp4', output: '/o.mp4', seekTo: 1, duration: 2, softSubtitles: '/job1/captions.srt', subtitleLead: 1 });
    expect(args.join(' ')).toContain('-i /in1/a.mp4 -itsoffset -1.000000 -i /job1/captions.srt -map 0:v:0? -map 0:a:0? -map 1:0');
    expect(args.join(' ')).toContain('-c copy -c:s mov_text');
  });
});

describe('exactClipArgs', () => {
  const base = {
    input: '/in2/lesson.mp4', output: '/job2/clip.mp4', start: 3.3, duration: 3.8,
    size: { width: 320, height: 180 }, frameRate: 25, hasAudio: true, fontFile: '/fonts/DejaVuSans.ttf', fontsDir: '/fonts',
  };
  const graphOf = (args: string[]) => args[args.indexOf('-filter_complex') + 1];

  it('re-encodes H.264 + AAC, cut on the output side to the exact duration', () => {
    const args = exactClipArgs(base);
    const line = args.join(' ');
    expect(line).toContain('-ss 3.300000 -t 4.300000 -i /in2/lesson.mp4');
    expect(line).toContain('-map [clipv] -map 0:a:0? -t 3.800000 -c:v libx264 -preset ultrafast -crf 23 -pix_fmt yuv420p -c:a aac');
    expect(graphOf(args)).toBe('[0:v:0]scale=320:180:force_original_aspect_ratio=decrease,pad=320:180:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p[clipv]');
  });
  it('burns captions with libass and the shipped fonts folder', () => {
    expect(graphOf(exactClipArgs({ ...base, burnSubtitles: '/job2/captions.ass' }))).toContain(
      'setsar=1,subtitles=filename=/job2/captions.ass:fontsdir=/fonts,format=yuv420p[clipv]',
    );
  });
  it('prepends a title card with silence and joins them with concat', () => {
    const args = exactClipArgs({ ...base, titleCard: { seconds: 2.5, lineFiles: ['/job2/title-0.txt', '/job2/title-1.txt'], lineLengths: [10, 20] } });
    const graph = graphOf(args);
    expect(graph).toContain('color=c=0x1f2a36:s=320x180:r=25:d=2.500000,drawtext=fontfile=/fonts/DejaVuSans.ttf:textfile=/job2/title-0.txt:expansion=none');
    expect(graph).toContain('fps=25:round=down');
    expect(graph).toContain('anullsrc=r=48000:cl=stereo,atrim=duration=2.500000');
    expect(graph).toContain('[cardv][carda][clipv][clipa]concat=n=2:v=1:a=1[v][a]');
    expect(args.join(' ')).toContain('-map [v] -map [a] -t 6.300000');
  });
  it('joins a silent lesson with a video-only concat', () => {
    const args = exactClipArgs({ ...base, hasAudio: false, titleCard: { seconds: 2, lineFiles: ['/t.txt'], lineLengths: [5] } });
    expect(graphOf(args)).toContain('[cardv][clipv]concat=n=2:v=1:a=0[v]');
    expect(args).not.toContain('aac');
  });
  it('silences the pupils’ stretches of the clip’s sound with one volume filter, also after a title card', () => {
    const muteRanges = [{ start: 1.25, end: 2 }, { start: 3, end: 3.5 }];
    const args = exactClipArgs({ ...base, muteRanges });
    expect(graphOf(args)).toContain("[0:a:0]volume=volume=0:enable='between(t,1.250,2.000)+between(t,3.000,3.500)'[clipa]");
    expect(args.join(' ')).toContain('-map [clipv] -map [clipa] -t 3.800000');
    // With a title card the stretches are still counted on the clip's own sound, before the join.
    const card = exactClipArgs({ ...base, muteRanges, titleCard: { seconds: 2, lineFiles: ['/t.txt'], lineLengths: [5] } });
    expect(graphOf(card)).toContain("[0:a:0]volume=volume=0:enable='between(t,1.250,2.000)+between(t,3.000,3.500)',aformat=");
    // Nothing to silence, or no sound: no filter.
    expect(graphOf(exactClipArgs({ ...base, muteRanges: [] }))).not.toContain('volume');
    expect(graphOf(exactClipArgs({ ...base, hasAudio: false, muteRanges }))).not.toContain('volume');
    expect(muteFilter([{ start: 2, end: 2 }])).toBeNull();
  });
  it('writes none of the lesson file\'s metadata or chapters into the clip', () => {
    for (const args of [exactClipArgs(base), fastClipArgs({ input: '/a.mp4', output: '/o.mp4', seekTo: 5, duration: 1 })]) {
      expect(args.join(' ')).toContain('-map_metadata -1 -map_chapters -1');
      expect(args.at(-1)).toBe(args.includes('/o.mp4') ? '/o.mp4' : '/job2/clip.mp4');
    }
  });
  it('scales by expression when the size is unknown', () => {
    expect(graphOf(exactClipArgs({ ...base, size: null }))).toContain("scale=-2:'min(720,ih)'");
  });
});

describe('helpers', () => {
  it('escapes filter values at both levels', () => {
    expect(filterValue('/job/a.ass')).toBe('/job/a.ass');
    // Checked against native ffmpeg with a file at "/tmp/we:ird, [d]/it's.ass".
    expect(filterValue("C:/it's, [x]")).toBe("C\\\\:/it\\\\\\'s\\, \\[x\\]");
  });
  it('scales down to 720 lines at most, with even sizes', () => {
    expect(exportSize({ width: 1920, height: 1080 })).toEqual({ width: 1280, height: 720 });
    expect(exportSize({ width: 320, height: 180 })).toEqual({ width: 320, height: 180 });
    expect(exportSize({ width: 1080, height: 1920 })).toEqual({ width: 406, height: 720 });
  });
  it('lays title lines out centred, the first larger, long ones shrunk', () => {
    const [first, second, long] = titleCardLayout([10, 12, 200], { width: 1280, height: 720 });
    expect(first.fontSize).toBeGreaterThan(second.fontSize);
    expect(long.fontSize).toBeLessThan(second.fontSize);
    expect(first.y).toBeGreaterThan(200);
    expect(long.y + long.fontSize).toBeLessThan(520);
  });
});

describe('srtDocument', () => {
  it('numbers cues in order, clips them and drops blank lines inside a note', () => {
    expect(srtTime(3723.4567)).toBe('01:02:03,457');
    const text = srtDocument(shiftCues([{ start: 2, end: 4, text: 'b\n\n c ' }, { start: -1, end: 1, text: 'a' }, { start: 9, end: 12, text: 'late' }], 0.5), 10);
    expect(text).toBe('1\n00:00:00,000 --> 00:00:01,500\na\n\n2\n00:00:02,500 --> 00:00:04,500\nb\nc\n\n3\n00:00:09,500 --> 00:00:10,000\nlate\n');
  });
});
