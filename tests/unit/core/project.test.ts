import { describe, expect, it } from 'vitest';
import { buildProject, projectFileName, PROJECT_FORMAT } from '../../../src/core/formats/project';

const lesson = { title: 'Y8 science', teacher: 'Ms O', subject: 'Science', date: '2026-11-25', duration: 3612.41234, fingerprint: 'abc', fileName: 'y8.mp4' };
const auto = [{ start: 0, end: 41.23456, label: 'teacher_talk' as const, confidence: 0.93333 }];

describe('project file', () => {
  it('writes the fixed minimum, with corrected equal to auto when nothing was corrected', () => {
    const project = buildProject({ lesson, autoSegments: auto, correctedSegments: null, algorithmVersion: 2 }, new Date('2026-11-25T10:00:00Z'));
    expect(project).toMatchObject({ format: PROJECT_FORMAT, version: 1, exportedAt: '2026-11-25T10:00:00.000Z', annotations: [], plan: [], clips: [] });
    expect(project.lesson.duration).toBe(3612.412);
    expect(project.segments.auto).toEqual([{ start: 0, end: 41.235, label: 'teacher_talk', confidence: 0.933 }]);
    expect(project.segments.corrected).toEqual(project.segments.auto);
    expect(JSON.parse(JSON.stringify(project))).toEqual(project);
  });
  it('keeps the corrections apart from the automatic result', () => {
    const corrected = [{ ...auto[0], label: 'discussion' as const, confidence: 1 }];
    const project = buildProject({ lesson, autoSegments: auto, correctedSegments: corrected, algorithmVersion: 2 });
    expect(project.segments.auto[0].label).toBe('teacher_talk');
    expect(project.segments.corrected[0].label).toBe('discussion');
  });
  it('names the file safely from the title', () => {
    expect(projectFileName('Y8 science: photosynthesis / set 2')).toBe('Y8-science-photosynthesis-set-2.reframe.json');
    expect(projectFileName('???')).toBe('lesson.reframe.json');
  });
});
