/**
 * The printable meeting record: one self-contained HTML page (inline styles, no scripts, nothing
 * fetched) with the focus, time use, question figures, incidents, strengths, action steps, the clips
 * watched with the notes made from each perspective, and the next meeting date. Pure: the page is
 * built from the project file.
 */
import type { ProjectFile } from './project';
import { KIND_NAMES, type IncidentEntry } from '../annotations';
import { questionStats } from '../questions';
import { LABEL_COLOURS, LABEL_NAMES, talkBudget } from '../talk';
import { formatClock } from '../format';
import { LENSES, LENS_SOURCE } from '../lenses';
import { guidePerspectives, type CoachingGuide } from '../guides';
import { PERSPECTIVES, type Perspective } from '../loop';
import { wholeClipTitle } from '../clips';

/** Escape text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const pct = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)}%`);
const sec = (s: number | null) => (s === null ? '–' : `${s.toFixed(1)} s`);

/** What else the record shows. */
export interface MeetingRecordOptions {
  /** The theme guide the lesson's cycle chose: its discussion prompts come first in the record. */
  guide?: CoachingGuide | null;
}

/** The pre-lesson meeting of the lesson's cycle and its guide's prompts, or '' for a loose lesson. */
function cycleSection(project: ProjectFile, guide: CoachingGuide | null): string {
  const e = escapeHtml;
  const cycle = project.cycle;
  if (!cycle && !guide) return '';
  const lensNames = (cycle?.lenses ?? []).map((id) => LENSES.find((l) => l.id === id)?.name ?? id);
  const rows = [
    cycle ? `<tr><th>Teacher</th><td>${e(cycle.coachee.name)}</td></tr>` : '',
    cycle?.focus ? `<tr><th>Focus</th><td>${e(cycle.focus)}</td></tr>` : '',
    guide ? `<tr><th>Theme</th><td>${e(guide.name)}</td></tr>` : '',
    lensNames.length ? `<tr><th>Lenses</th><td>${e(lensNames.join(', '))}</td></tr>` : '',
    cycle?.evidenceToCollect.length ? `<tr><th>Evidence to collect</th><td>${cycle.evidenceToCollect.map(e).join('<br>')}</td></tr>` : '',
  ].join('');
  const prompts = guide?.discussionPrompts.length ? `<h3>Discussion prompts: ${e(guide.name)}</h3><ul>${guide.discussionPrompts.map((p) => `<li>${e(p)}</li>`).join('')}</ul>` : '';
  return `<h2>Coaching cycle</h2>${rows ? `<table class="cycle"><tbody>${rows}</tbody></table>` : ''}${prompts}`;
}

/** The meeting record page for a project. */
export function meetingRecordHtml(project: ProjectFile, now: Date, options: MeetingRecordOptions = {}): string {
  const e = escapeHtml;
  const guide = options.guide ?? null;
  const { lesson, meeting } = project;
  const budget = talkBudget(project.segments.corrected);
  const stats = questionStats(project.annotations, lesson.duration);
  const incidents = project.annotations.filter((a): a is IncidentEntry => a.kind === 'incident');
  const strengths = project.annotations.filter((a) => a.kind === 'strength');
  const bar = budget.map((b) => `<span style="width:${(b.share * 100).toFixed(2)}%;background:${LABEL_COLOURS[b.label]}"></span>`).join('');
  const budgetRows = budget.map((b) => `<tr><td><i style="background:${LABEL_COLOURS[b.label]}"></i>${e(LABEL_NAMES[b.label])}</td><td>${formatClock(b.seconds)}</td><td>${pct(b.share)}</td></tr>`).join('');
  const steps = meeting.actionSteps.length
    ? meeting.actionSteps.map((s) => `<tr><td>${e(s.text)}</td><td>${e(s.owner)}</td><td>${e(s.due || '–')}</td></tr>`).join('')
    : '<tr><td colspan="3" class="missing">No action steps agreed yet.</td></tr>';
  const incidentItems = incidents
    .map((i) => `<li><strong>${formatClock(i.trigger)}–${formatClock(i.outcome ?? i.incidentEnd ?? i.incidentStart)}</strong>${i.valence ? ` (${e(i.valence)})` : ''}${i.note ? `: ${e(i.note)}` : ''}${Object.values(i.perspectives).filter(Boolean).map((p) => `<br><span class="small">${e(p)}</span>`).join('')}</li>`)
    .join('');
  const strengthItems = strengths.map((s) => `<li><strong>${formatClock(s.time)}</strong>${s.note ? `: ${e(s.note)}` : ''}</li>`).join('');
  const notes = meeting.notes.map((n) => `<li><strong>${n.author === 'coach' ? 'Coach' : 'Teacher'}:</strong> ${e(n.text)}</li>`).join('');
  const clipItems = project.clips
    .map((c) => {
      const notes = perspectiveNotes(c.perspectiveNotes, guidePerspectives(guide))
        .map(({ label, text }) => `<li><strong>${e(label)}:</strong> ${e(text)}</li>`)
        .join('');
      // The whole title, even where the stored one was shortened from an entry's note; long titles wrap.
      return `<li class="clip"><span class="title">${e(wholeClipTitle(c, project.annotations))}</span> (${formatClock(c.start)}–${formatClock(c.end)})${c.replayCount ? `, replayed ${c.replayCount}×` : ''}${notes ? `<ul class="perspectives">${notes}</ul>` : ''}</li>`;
    })
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Meeting record: ${e(lesson.title)}</title>
<style>
  body { font-family: system-ui, 'DejaVu Sans', sans-serif; color: #1d2a30; max-width: 760px; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
  h1 { font-size: 1.5rem; margin-bottom: 0.2rem; } h2 { font-size: 1.1rem; border-bottom: 1px solid #d9e1e5; padding-bottom: 0.2rem; margin-top: 1.4rem; }
  .meta, .small, .foot { color: #5b6b73; font-size: 0.9rem; }
  .bar { display: flex; height: 16px; border-radius: 4px; overflow: hidden; background: #d9e1e5; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .bar span { display: block; height: 100%; }
  table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: 0.25rem 0.5rem 0.25rem 0; vertical-align: top; }
  th { font-size: 0.85rem; color: #5b6b73; } td i { display: inline-block; width: 0.7rem; height: 0.7rem; margin-right: 0.4rem; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .stats { display: grid; grid-template-columns: repeat(4, 1fr); gap: 0.4rem; } .stats div { border: 1px solid #d9e1e5; border-radius: 6px; padding: 0.3rem 0.5rem; }
  .stats b { display: block; font-size: 1.1rem; } .missing { color: #8a5a00; }
  .cycle th { width: 11rem; } h3 { font-size: 1rem; margin: 0.8rem 0 0.2rem; }
  .focus { font-size: 1.15rem; } .next { font-size: 1.1rem; font-weight: 600; }
  li { overflow-wrap: anywhere; } .clip .title { font-weight: 600; } .perspectives { margin: 0.2rem 0 0.4rem; padding-left: 1.1rem; font-size: 0.95rem; }
  @media print { body { margin: 0; } h2 { break-after: avoid; } li, tr { break-inside: avoid; } }
</style></head>
<body>
<h1>Meeting record: ${e(lesson.title)}</h1>
<p class="meta">${e([lesson.date, lesson.teacher, lesson.subject].filter(Boolean).join(' · '))} · lesson ${formatClock(lesson.duration)} · record printed ${e(now.toISOString().slice(0, 10))}</p>
${cycleSection(project, guide)}
<h2>Agreed focus</h2>
<p class="focus">${meeting.focus ? e(meeting.focus) : '<span class="missing">No focus recorded yet.</span>'}</p>
<h2>Action steps</h2>
<table><thead><tr><th>Step</th><th>Owner</th><th>Due</th></tr></thead><tbody>${steps}</tbody></table>
<h2>Next meeting</h2>
<p class="next">${meeting.nextMeeting ? e(meeting.nextMeeting) : '<span class="missing">Date not agreed yet.</span>'}</p>
<h2>Time use</h2>
${budget.length ? `<div class="bar">${bar}</div><table><tbody>${budgetRows}</tbody></table>` : '<p class="small">No talk-time analysis.</p>'}
<h2>Questions</h2>
<div class="stats">
  <div>Teacher questions<b>${stats.teacherQuestions}</b></div><div>Per 10 minutes<b>${stats.perTenMinutes.teacher?.toFixed(1) ?? '–'}</b></div>
  <div>Open questions<b>${pct(stats.openShare)}</b></div><div>Median wait time 1<b>${sec(stats.medianWaitTime1)}</b></div>
  <div>Pupil questions<b>${stats.pupilQuestions}</b></div><div>Proactive / prompted<b>${stats.initiative.proactive} / ${stats.initiative.prompted}</b></div>
  <div>Higher-order<b>${pct(stats.higherOrderShare)}</b></div><div>Median wait time 2<b>${sec(stats.medianWaitTime2)}</b></div>
</div>
<h2>${e(KIND_NAMES.incident)}s</h2>
${incidentItems ? `<ul>${incidentItems}</ul>` : '<p class="small">None logged.</p>'}
<h2>Strengths</h2>
${strengthItems ? `<ul>${strengthItems}</ul>` : '<p class="small">None logged.</p>'}
${clipItems ? `<h2>Clips watched</h2><ul class="clips">${clipItems}</ul>` : ''}
${notes ? `<h2>Notes</h2><ul>${notes}</ul>` : ''}
<p class="foot">Descriptive evidence for a coaching conversation, not a judgement of the teacher. Lenses after ${e(LENS_SOURCE)}.${guide ? ` Theme guide: ${e(guide.source || guide.name)}.` : ''}</p>
</body></html>
`;
}

/** A clip's perspective notes with words in them, in the order the perspectives are offered; notes under an id no longer offered keep it as their label. */
function perspectiveNotes(notes: Readonly<Record<string, string>>, perspectives: readonly Perspective[] = PERSPECTIVES): Array<{ label: string; text: string }> {
  const known = perspectives.filter((p) => notes[p.id]?.trim()).map((p) => ({ label: p.label, text: notes[p.id].trim() }));
  const other = Object.entries(notes)
    .filter(([id, text]) => text.trim() && !perspectives.some((p) => p.id === id))
    .map(([id, text]) => ({ label: id, text: text.trim() }));
  return [...known, ...other];
}
