/**
 * The project file (`*.reframe.json`): lossless and versioned. This module writes it; later
 * versions add the validator and migrations for importing it back.
 */
import type { TalkSegment } from '../talk';

/** Format identifier and current version. */
export const PROJECT_FORMAT = 'reframe.project';
export const PROJECT_VERSION = 1;

/** A lesson's project as written to disk (PRODUCT.md, "Formats"). */
export interface ProjectFile {
  format: typeof PROJECT_FORMAT;
  version: number;
  exportedAt: string;
  lesson: { title: string; teacher: string; subject: string; date: string; duration: number; fingerprint: string; fileName: string };
  segments: { auto: TalkSegment[]; corrected: TalkSegment[]; algorithmVersion: number | null };
  annotations: unknown[];
  plan: unknown[];
  clips: unknown[];
  meeting: { focus: string; actionSteps: Array<{ text: string; owner: string; due: string }>; nextMeeting: string | null };
}

/** What a project is built from. */
export interface ProjectSource {
  lesson: ProjectFile['lesson'];
  autoSegments: readonly TalkSegment[];
  correctedSegments: readonly TalkSegment[] | null;
  algorithmVersion: number | null;
}

const round = (t: number) => Math.round(t * 1000) / 1000;
const cleanSegment = (s: TalkSegment): TalkSegment => ({ start: round(s.start), end: round(s.end), label: s.label, confidence: Math.round(s.confidence * 1000) / 1000 });

/** Build the project object; when the coach made no corrections, `corrected` equals `auto`. */
export function buildProject(source: ProjectSource, now = new Date()): ProjectFile {
  const auto = source.autoSegments.map(cleanSegment);
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    exportedAt: now.toISOString(),
    lesson: { ...source.lesson, duration: round(source.lesson.duration) },
    segments: { auto, corrected: source.correctedSegments ? source.correctedSegments.map(cleanSegment) : auto, algorithmVersion: source.algorithmVersion },
    annotations: [],
    plan: [],
    clips: [],
    meeting: { focus: '', actionSteps: [], nextMeeting: null },
  };
}

/** File name for a project: the lesson title made safe, then `.reframe.json`. */
export function projectFileName(title: string): string {
  const safe = title.normalize('NFKD').replace(/[^\w\- ]+/g, '').trim().replace(/\s+/g, '-').slice(0, 80) || 'lesson';
  return `${safe}.reframe.json`;
}
