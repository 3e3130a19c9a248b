/**
 * Dev-only harness for the analysis worker: drives `analyseLesson` on the file chosen in `#file`
 * and answers a JSON-friendly summary, so Node-side tests and the bench can check it in Chromium.
 */
import { analyseLesson } from '../../../src/jobs/analysis';

/** What the test asks for. */
export interface HarnessRun {
  container: 'mp4' | 'webm' | 'unknown';
  duration: number;
  /** Abort this many ms after the start (cancel test). */
  abortAfterMs?: number;
  /** Abort when the first peaks message arrives (cancel test). */
  abortOnFirstPeaks?: boolean;
}

/** What the harness answers. */
export interface HarnessSummary {
  kind: 'done' | 'no-audio' | 'error';
  error?: { name: string; message: string };
  decoder?: string;
  duration?: number;
  elapsedMs?: number;
  wallMs: number;
  algorithmVersion?: number;
  /** Per resolution of the peaks: bins, the loudest sample, and the start of the first bin reaching 0.25 (null if none). */
  levels?: { binsPerSecond: number; count: number; minMaxLength: number; absMax: number; firstLoud: number | null }[];
  segments?: { start: number; end: number; label: string; confidence: number }[];
  speechFrames?: number;
  frames?: number;
  frameDuration?: number;
  peaksMessages: number;
  firstPeaksMs: number | null;
  firstPeaksUpTo: number | null;
  lastPeaksUpTo: number | null;
  lastPeaksLength: number | null;
  progressMessages: number;
  lastProgress: { fraction: number; stage: string; decoder: string } | null;
}

declare global {
  interface Window {
    runAnalysis(run: HarnessRun): Promise<HarnessSummary>;
  }
}

const input = document.querySelector<HTMLInputElement>('#file')!;
const status = document.querySelector<HTMLOutputElement>('#status')!;

window.runAnalysis = async (run) => {
  const file = input.files?.[0];
  if (!file) throw new Error('Choose a file first');
  const started = performance.now();
  const summary: HarnessSummary = {
    kind: 'error', wallMs: 0, peaksMessages: 0, firstPeaksMs: null, firstPeaksUpTo: null,
    lastPeaksUpTo: null, lastPeaksLength: null, progressMessages: 0, lastProgress: null,
  };
  const controller = new AbortController();
  if (run.abortAfterMs !== undefined) setTimeout(() => controller.abort(), run.abortAfterMs);
  status.textContent = 'running';
  try {
    const outcome = await analyseLesson(file, { container: run.container, duration: run.duration }, {
      signal: controller.signal,
      onProgress: (progress) => {
        summary.progressMessages++;
        summary.lastProgress = progress;
      },
      onPeaks: (upTo, peaks) => {
        summary.peaksMessages++;
        if (summary.firstPeaksMs === null) {
          summary.firstPeaksMs = performance.now() - started;
          summary.firstPeaksUpTo = upTo;
          if (run.abortOnFirstPeaks) controller.abort();
        }
        summary.lastPeaksUpTo = upTo;
        summary.lastPeaksLength = peaks.length;
      },
    });
    summary.kind = outcome.kind;
    if (outcome.kind === 'done') {
      const { result } = outcome;
      summary.decoder = result.decoder;
      summary.duration = result.duration;
      summary.elapsedMs = result.elapsedMs;
      summary.algorithmVersion = result.algorithmVersion;
      summary.levels = result.peaks.map((level) => ({
        binsPerSecond: level.binsPerSecond,
        count: level.count,
        minMaxLength: level.minMax.length,
        absMax: level.minMax.reduce((m, v) => Math.max(m, Math.abs(v)), 0),
        firstLoud: ((bin) => (bin < 0 ? null : Math.floor(bin / 2) / level.binsPerSecond))(level.minMax.findIndex((v) => Math.abs(v) >= 0.25)),
      }));
      summary.segments = result.segments.map(({ start, end, label, confidence }) => ({ start, end, label, confidence }));
      summary.frames = result.voiceActivity.speech.length;
      summary.frameDuration = result.voiceActivity.frameDuration;
      summary.speechFrames = result.voiceActivity.speech.reduce((n, v) => n + v, 0);
    }
  } catch (error) {
    summary.kind = 'error';
    summary.error = error instanceof Error || error instanceof DOMException
      ? { name: error.name, message: error.message }
      : { name: 'unknown', message: String(error) };
  }
  summary.wallMs = performance.now() - started;
  status.textContent = summary.kind;
  return summary;
};

status.textContent = 'ready';
