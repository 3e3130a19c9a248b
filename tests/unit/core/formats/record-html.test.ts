import { describe, expect, it } from 'vitest';
import { buildProject } from '../../../../src/core/formats/project';
import { createEntry, updateEntry } from '../../../../src/core/annotations';
import { escapeHtml, meetingRecordHtml } from '../../../../src/core/formats/record-html';

const lesson = { title: 'Y8 <science>', teacher: 'Ms O', subject: 'Science', date: '2026-11-25', duration: 600, fingerprint: 'f', fileName: 'y8.mp4' };

describe('meeting record page', () => {
  it('escapes text', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
  it('shows focus, action steps, next meeting, time use and question figures, with no script or remote resource', () => {
    const question = updateEntry(createEntry('teacher_question', 60, 'l', 1, 'q1'), { waitTime1: 2.5, questionType: { openness: 'open', level: null } }, 2);
    const project = buildProject({
      lesson,
      autoSegments: [{ start: 0, end: 300, label: 'teacher_talk', confidence: 0.9 }, { start: 300, end: 600, label: 'group_work', confidence: 0.8 }],
      correctedSegments: null,
      algorithmVersion: 2,
      entries: [question],
      meeting: { focus: 'Wait time', actionSteps: [{ text: 'Count to five', owner: 'Ms O', due: '2026-12-04' }], nextMeeting: '2026-12-07', notes: [] },
    });
    const html = meetingRecordHtml(project, new Date('2026-11-25T12:00:00Z'));
    expect(html).toContain('Meeting record: Y8 &lt;science&gt;');
    expect(html).toContain('<p class="focus">Wait time</p>');
    expect(html).toContain('<td>Count to five</td><td>Ms O</td><td>2026-12-04</td>');
    expect(html).toContain('<p class="next">2026-12-07</p>');
    expect(html).toMatch(/Teacher talk<\/td><td>5:00<\/td><td>50%/);
    expect(html).toContain('Median wait time 1<b>2.5 s</b>');
    expect(html).toContain('Per 10 minutes<b>1.0</b>');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });
  it('lists each clip watched under its whole title, with the notes made from each perspective', () => {
    const strength = updateEntry(createEntry('strength', 50, 'l', 1, 'e1'), { note: 'Waits in silence till the class discussion starts on its own' }, 2);
    const clip = (id: string, title: string, annotationIds: string[], perspectiveNotes: Record<string, string>) =>
      ({ id, title, start: 45, end: 55, annotationIds, order: 0, replayCount: 3, perspectiveNotes });
    const project = buildProject({
      lesson, autoSegments: [], correctedSegments: null, algorithmVersion: null, entries: [strength],
      // Cut mid-word, as earlier versions stored it; and a clip from loop points, notes from two perspectives.
      clips: [
        clip('c1', 'Strength at 0:50: Waits in silence till the class discussio', ['e1'], { pupils: 'Pupils lean in <quietly>', teacher: '  ' }),
        clip('c2', 'Clip 1:40–1:48', [], { teacher: 'Names a pupil after the wait', language: 'Uses “because”' }),
      ],
    });
    const html = meetingRecordHtml(project, new Date());
    const clips = html.slice(html.indexOf('Clips watched'));
    expect(clips).toContain('Strength at 0:50: Waits in silence till the class discussion starts on its own</span>');
    expect(clips).toContain("<li><strong>The pupils&#39; responses:</strong> Pupils lean in &lt;quietly&gt;</li>");
    expect(clips).not.toContain("The teacher&#39;s decisions:</strong>  </li>");
    // In the order the perspectives are offered.
    expect(clips.indexOf('Names a pupil after the wait')).toBeLessThan(clips.indexOf('Uses “because”'));
    expect(clips).toContain("<li><strong>The teacher&#39;s decisions:</strong> Names a pupil after the wait</li>");
    expect(clips).toContain(', replayed 3×');
  });
  it('says what is still missing', () => {
    const html = meetingRecordHtml(buildProject({ lesson, autoSegments: [], correctedSegments: null, algorithmVersion: null }), new Date());
    expect(html).toContain('No action steps agreed yet.');
    expect(html).toContain('Date not agreed yet.');
  });
});

describe('meeting record of a lesson in a coaching cycle (issue 22)', () => {
  const cycle = { id: 'cy', coachee: { id: 'o', name: 'Ms O' }, focus: 'Giving <time> to think', themeId: 'classroom_talk', lenses: ['questions' as const, 'time_use' as const], evidenceToCollect: ['Wait times', 'Pupil questions'], stepReviews: [], createdAt: 0 };
  const guide = { id: 'classroom_talk', name: 'Classroom talk', summary: '', discussionPrompts: ['What happened in the silence?', 'Who built on whom?'], evidence: [], lenses: [], source: 'Our school', builtIn: false };

  it("puts the cycle's pre-lesson focus, lenses, evidence and the guide's prompts before the meeting's focus", () => {
    const project = buildProject({ lesson, autoSegments: [], correctedSegments: null, algorithmVersion: null, cycle });
    const html = meetingRecordHtml(project, new Date('2026-11-25T12:00:00Z'), { guide });
    expect(html).toContain('<h2>Coaching cycle</h2>');
    expect(html).toContain('<tr><th>Focus</th><td>Giving &lt;time&gt; to think</td></tr>');
    expect(html).toContain('<tr><th>Lenses</th><td>Questions, Time use</td></tr>');
    expect(html).toContain('<td>Wait times<br>Pupil questions</td>');
    expect(html).toContain('<h3>Discussion prompts: Classroom talk</h3><ul><li>What happened in the silence?</li><li>Who built on whom?</li></ul>');
    expect(html.indexOf('Coaching cycle')).toBeLessThan(html.indexOf('Agreed focus'));
    expect(html).toContain('Theme guide: Our school.');
  });

  it("names notes made under a guide prompt by the prompt's label", () => {
    const clips = [{ id: 'c', title: 'Pause', start: 1, end: 5, annotationIds: [], order: 0, replayCount: 1, perspectiveNotes: { 'guide:classroom_talk:1': 'Four seconds' } }];
    const project = buildProject({ lesson, autoSegments: [], correctedSegments: null, algorithmVersion: null, cycle, clips });
    expect(meetingRecordHtml(project, new Date('2026-11-25T12:00:00Z'), { guide })).toContain('<li><strong>Classroom talk (1):</strong> Four seconds</li>');
  });

  it('shows no cycle section for a loose lesson', () => {
    const html = meetingRecordHtml(buildProject({ lesson, autoSegments: [], correctedSegments: null, algorithmVersion: null }), new Date('2026-11-25T12:00:00Z'));
    expect(html).not.toContain('Coaching cycle');
  });
});
