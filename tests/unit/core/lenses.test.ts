import { describe, expect, it } from 'vitest';
import { LENSES, LENS_SOURCE, isLensId, lensById, type LensId } from '../../../src/core/lenses';

// Figure 9's own sentences (abridged), only to check that our prompts paraphrase rather than copy.
const FIGURE_9 = [
  'determine the amount of time given to different lesson features, such as teacher talk, group work, whole class discussion, independent work',
  'Be ready to discuss how this evidence relates to the plans for the lesson. Does the pattern have an impact on learning?',
  'make a record of the questions asked during the lesson by both teacher and pupils. What types of questions are they? How are they responded to? Who engages with questions? What impact do questions have on learning?',
  "What do pupils' questions indicate about their learning? How much proactive questioning by pupils is stimulated during the lesson? Do pupils productively engage with their teacher and other class members?",
  'identify positive features of teaching and learning, dwelling on the decisions that the teacher makes (during planning and the lesson itself) that result in positive behaviours or outcomes',
  'Look for critical incidents in the lesson (not necessarily negative). Use the video to replay the incident itself and identify what the triggers are that lead to it, and what the subsequent outcomes are. If the video extract is replayed more than once use each occasion to look at the events from alternative perspectives.',
  "to what extent are the teacher and pupils paying close attention to each other, how receptive are they of each others' contributions, what does their body language indicate? How effectively do lesson participants take turns and support each other in contributing to the lesson?",
  "How is subject terminology or 'thinking' or 'learning' language used? To what extent do the teacher and pupils mirror each other in the use of language? What impact does this have on progression during the lesson?",
  'What movement is there around the room, how do the teachers and the pupils make use of the room itself and other resources for learning? Do pupils tend to limit their learning interactions to the pupils sitting closest to them, or are they more widely distributed in nature? Does the lesson appear inclusive in terms of engagement patterns?',
].join(' ');

const words = (s: string) => s.toLowerCase().replace(/[^a-z' ]+/g, ' ').split(/\s+/).filter(Boolean);
function ngrams(s: string, n: number): Set<string> {
  const w = words(s);
  const out = new Set<string>();
  for (let i = 0; i + n <= w.length; i++) out.add(w.slice(i, i + n).join(' '));
  return out;
}

// sRGB hex → linear RGB, and the Viénot et al. (1999) dichromat simulations in linear RGB.
function linear(hex: string): [number, number, number] {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  return c.map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
}
const SIMULATIONS: Record<string, number[][]> = {
  normal: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
  protan: [[0.11238, 0.88762, 0], [0.11238, 0.88762, 0], [0.00401, -0.00401, 1]],
  deutan: [[0.29275, 0.70725, 0], [0.29275, 0.70725, 0], [-0.02234, 0.02234, 1]],
};
const apply = (m: number[][], v: number[]) => m.map((row) => row[0] * v[0] + row[1] * v[1] + row[2] * v[2]);
const distance = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('LENSES', () => {
  it('lists the eight lenses of Figure 9 in order, with unique ids', () => {
    expect(LENSES.map((l) => [l.number, l.id])).toEqual([
      [1, 'time_use'],
      [2, 'questions'],
      [3, 'pupil_questions'],
      [4, 'strengths'],
      [5, 'incidents'],
      [6, 'interaction'],
      [7, 'language'],
      [8, 'movement'],
    ]);
  });

  it('gives every lens three to five distinct guiding questions and cites the guide', () => {
    for (const lens of LENSES) {
      expect(lens.guidingQuestions.length).toBeGreaterThanOrEqual(3);
      expect(lens.guidingQuestions.length).toBeLessThanOrEqual(5);
      expect(new Set(lens.guidingQuestions).size).toBe(lens.guidingQuestions.length);
      expect(lens.source).toBe(LENS_SOURCE);
    }
    expect(LENS_SOURCE).toMatch(/Lofthouse, Leat & Towler \(2010\).*section 5, Figure 9/);
  });

  it('paraphrases: no prompt or summary shares a run of five words with the guide', () => {
    const guide = ngrams(FIGURE_9, 5);
    const copied = LENSES.flatMap((l) => [l.summary, ...l.guidingQuestions]).flatMap((text) => [...ngrams(text, 5)].filter((g) => guide.has(g)));
    expect(copied).toEqual([]);
  });

  it('uses colours that stay apart for normal, protan and deutan vision', () => {
    const colours = LENSES.map((l) => l.colour);
    expect(colours.every((c) => /^#[0-9A-Fa-f]{6}$/.test(c))).toBe(true);
    for (const [name, m] of Object.entries(SIMULATIONS)) {
      let min = Infinity;
      for (let i = 0; i < colours.length; i++)
        for (let j = i + 1; j < colours.length; j++) min = Math.min(min, distance(apply(m, linear(colours[i])), apply(m, linear(colours[j]))));
      // The usual chart palette (tab10) falls to 0.03 (protan, orange/green) and 0.07 (deutan, red/green); ours stays above 0.13.
      expect(min, name).toBeGreaterThan(0.1);
    }
  });
});

describe('lensById', () => {
  it('finds a lens by id and refuses unknown ids', () => {
    expect(lensById('language').number).toBe(7);
    expect(lensById('incidents').name).toBe('Critical incidents');
    expect(() => lensById('nonsense' as LensId)).toThrow(RangeError);
  });
  it('recognises lens ids read from files', () => {
    expect(isLensId('movement')).toBe(true);
    expect(isLensId('Movement')).toBe(false);
    expect(isLensId(3)).toBe(false);
  });
});
