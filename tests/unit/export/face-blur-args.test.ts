/**
 * The face-blur filter graph of an exact clip export (issue 24): built from the spans, then run by native
 * ffmpeg on a generated picture to see that inside a span's box the picture is blurred and elsewhere (and
 * at other times) it is untouched.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exactClipArgs, faceBlurGraph } from '../../../workers/export/args';

const size = { width: 320, height: 180 };
const base = {
  input: '/in/lesson.mp4', output: '/job/clip.mp4', start: 0, duration: 2,
  size, frameRate: 25, hasAudio: false, fontFile: '/fonts/DejaVuSans.ttf', fontsDir: '/fonts',
};
const graphOf = (args: string[]) => args[args.indexOf('-filter_complex') + 1];

describe('faceBlurGraph', () => {
  it('draws one box per span on a small mask, enabled only within the span, rounded outwards', () => {
    const chains = faceBlurGraph('[a]', '[b]', [{ start: 0.5, end: 1.25, box: { x: 0.1, y: 0.2, w: 0.3, h: 0.4 } }], size);
    const mask = chains.find((c) => c.startsWith('[fb_mask]'))!;
    // 40x23 mask: x 4..16, y floor(4.6)=4..ceil(13.8)=14.
    expect(mask).toContain("drawbox=x=4:y=4:w=12:h=10:color=white:t=fill:enable='between(t,0.500,1.250)'");
    expect(mask).toMatch(/^\[fb_mask\]scale=40:23,format=gray,drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill,/);
    expect(chains[0]).toBe('[a]split=3[fb_base][fb_blur][fb_mask]');
    expect(chains.at(-1)).toBe('[fb_base][fb_cover]overlay=format=auto[b]');
  });

  it('is left out of the export when there is nothing to blur, and needs the output size when there is', () => {
    expect(graphOf(exactClipArgs(base))).not.toContain('fb_');
    expect(graphOf(exactClipArgs({ ...base, blurSpans: [] }))).not.toContain('fb_');
    expect(() => exactClipArgs({ ...base, size: null, blurSpans: [{ start: 0, end: 1, box: { x: 0, y: 0, w: 0.5, h: 0.5 } }] })).toThrow(/size/);
  });

  it('blurs before burned captions, so captions stay readable over a face', () => {
    const graph = graphOf(exactClipArgs({ ...base, burnSubtitles: '/job/c.ass', blurSpans: [{ start: 0, end: 1, box: { x: 0, y: 0, w: 0.5, h: 0.5 } }] }));
    expect(graph.indexOf('overlay=format=auto[blurredv]')).toBeGreaterThan(0);
    expect(graph.indexOf('[blurredv]subtitles=')).toBeGreaterThan(graph.indexOf('overlay=format=auto[blurredv]'));
  });

  it('blurs the box during its span only, as native ffmpeg runs it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reframe-blur-'));
    try {
      const input = join(dir, 'in.mp4');
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=3', '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p', input]);
      const args = exactClipArgs({ ...base, input, output: join(dir, 'out.mp4'), blurSpans: [{ start: 0.5, end: 1.5, box: { x: 0, y: 0, w: 0.5, h: 1 } }], crf: 0 });
      execFileSync('ffmpeg', ['-v', 'error', ...args]);
      const frame = (path: string, t: number) => execFileSync('ffmpeg', ['-v', 'error', '-ss', String(t), '-i', path, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-']);
      /** Mean difference of the two files' frames at `t`, left and right halves (0..255). */
      const difference = (t: number) => {
        const a = frame(input, t), b = frame(join(dir, 'out.mp4'), t);
        const half = { left: 0, right: 0 };
        for (let i = 0; i < a.length; i++) half[i % 320 < 160 ? 'left' : 'right'] += Math.abs(a[i] - b[i]);
        return { left: half.left / (a.length / 2), right: half.right / (a.length / 2) };
      };
      const during = difference(1.0);
      expect(during.left).toBeGreaterThan(15);
      // The box's edge blends over a few pixels at most (the mask is scaled up without smoothing).
      expect(during.right).toBeLessThan(2);
      for (const t of [0.2, 1.8]) expect(difference(t).left, `t=${t}`).toBeLessThan(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
