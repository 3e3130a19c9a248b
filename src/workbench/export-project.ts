/** Download the lesson's project JSON (no video): lesson details, segments and, later, evidence. */
import { buildProject, projectFileName } from '../core/formats/project';
import { db, markExported } from '../db/db';

/** Save `blob` through the browser's download, named `fileName`. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Build and download the project file of a lesson. */
export async function exportProject(lessonId: string): Promise<void> {
  const [lesson, segments, analysis] = await Promise.all([db.lessons.get(lessonId), db.segments.get(lessonId), db.analyses.get(lessonId)]);
  if (!lesson) throw new Error('This lesson is no longer in the library.');
  const project = buildProject({
    lesson: { title: lesson.title, teacher: lesson.teacher, subject: lesson.subject, date: lesson.date, duration: lesson.duration, fingerprint: lesson.fingerprint, fileName: lesson.fileName },
    autoSegments: segments?.auto ?? [],
    correctedSegments: segments?.corrected ?? null,
    algorithmVersion: analysis?.state === 'done' ? analysis.algorithmVersion : null,
  });
  downloadBlob(new Blob([JSON.stringify(project, null, 2)], { type: 'application/json' }), projectFileName(lesson.title));
  await markExported(lessonId);
}
