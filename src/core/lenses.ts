/**
 * The eight lenses for looking at a lesson video, after Figure 9 of the coaching guide. The names
 * and guiding questions are our own paraphrase; the app shows the citation beside them.
 */

/** Identifier of a lens, stable in stored entries and project files. */
export type LensId = 'time_use' | 'questions' | 'pupil_questions' | 'strengths' | 'incidents' | 'interaction' | 'language' | 'movement';

/** One way of looking at the video, with the questions a coach keeps in mind while watching. */
export interface Lens {
  /** Stable identifier. */
  id: LensId;
  /** Position in Figure 9, 1..8. */
  number: number;
  /** Short name in the coach's words. */
  name: string;
  /** One sentence: what the coach records through this lens. */
  summary: string;
  /** Three to five prompts, paraphrased, to keep in mind while watching or replaying. */
  guidingQuestions: string[];
  /** Where the lens comes from. */
  source: string;
  /** Marker colour (Okabe–Ito palette, told apart with the common colour-vision deficiencies). */
  colour: string;
}

/** The guide every lens paraphrases. */
export const LENS_SOURCE =
  'Lofthouse, Leat & Towler (2010), Coaching for teaching and learning: a practical guide for schools, CfBT Education Trust / National College, section 5, Figure 9';

/** The eight lenses in the order of Figure 9. */
export const LENSES: readonly Lens[] = [
  {
    id: 'time_use',
    number: 1,
    name: 'Time use',
    summary: 'How the lesson time splits between teacher talk, whole-class discussion, group work and independent work, set against the plan.',
    guidingQuestions: [
      'How long did each kind of activity actually last?',
      'Where did the lesson run longer or shorter than planned, and why?',
      'Which stretch of time did the most for learning, and which the least?',
      'Would a different balance of talk and work have helped these pupils?',
    ],
    source: LENS_SOURCE,
    colour: '#000000',
  },
  {
    id: 'questions',
    number: 2,
    name: 'Questions',
    summary: 'Every question raised by teacher or pupils: its kind, how it is answered, who joins in and what follows from it.',
    guidingQuestions: [
      'Which questions invited thinking, and which only checked recall?',
      'How long was the pause before anyone answered?',
      'Who answered, and who never got the chance?',
      'What changed in the lesson because of a question?',
    ],
    source: LENS_SOURCE,
    colour: '#E69F00',
  },
  {
    id: 'pupil_questions',
    number: 3,
    name: "Pupils' questions",
    summary: 'What the questions pupils raise reveal about their learning, how often they ask unprompted, and to whom.',
    guidingQuestions: [
      'What does this question tell us the pupil understands or is missing?',
      'Did the pupil ask of their own accord or because they were invited to?',
      'Are pupils asking each other as well as the teacher?',
      'What in the lesson made pupils want to ask?',
    ],
    source: LENS_SOURCE,
    colour: '#56B4E9',
  },
  {
    id: 'strengths',
    number: 4,
    name: 'Strengths',
    summary: 'Moments that went well and the decisions, planned or made on the spot, that led to them.',
    guidingQuestions: [
      'What is working well in this moment?',
      'Which choice in the planning made this possible?',
      'What did the teacher notice and decide here, in the moment?',
      'How could this be done on purpose again?',
    ],
    source: LENS_SOURCE,
    colour: '#009E73',
  },
  {
    id: 'incidents',
    number: 5,
    name: 'Critical incidents',
    summary: 'Turning points, good or bad: what set them off, what happened, and what came of it, seen again from other viewpoints.',
    guidingQuestions: [
      'What set this moment off?',
      'What came of it a minute later, and by the end of the lesson?',
      'How might it have looked to the pupils involved?',
      'What might a different response have led to?',
    ],
    source: LENS_SOURCE,
    colour: '#F0E442',
  },
  {
    id: 'interaction',
    number: 6,
    name: 'Interaction and talk',
    summary: 'How teacher and pupils listen and respond to each other: attention, openness to ideas, body language and turn-taking.',
    guidingQuestions: [
      'Are people really listening to one another here?',
      "How are other people's ideas taken up or passed over?",
      'What does body language say about who is engaged?',
      'How are turns shared, and does anyone help others to speak?',
    ],
    source: LENS_SOURCE,
    colour: '#0072B2',
  },
  {
    id: 'language',
    number: 7,
    name: 'Language',
    summary: 'The words in use: subject vocabulary, the language of thinking and learning, and whether teacher and pupils echo each other.',
    guidingQuestions: [
      'Which subject terms are used, and are they used accurately?',
      'When do we hear words about thinking and learning?',
      'Do pupils take up the words the teacher uses, or the other way round?',
      'How does the language move learning forward in the lesson?',
    ],
    source: LENS_SOURCE,
    colour: '#D55E00',
  },
  {
    id: 'movement',
    number: 8,
    name: 'Space and movement',
    summary: 'How people move and use the room and its resources, who works with whom, and whether everyone is drawn in.',
    guidingQuestions: [
      'Where does the teacher go in the room, and where not?',
      'How are the room and its resources put to use?',
      'Do pupils only work with their neighbours, or more widely?',
      'Is anyone left out of the pattern of engagement?',
    ],
    source: LENS_SOURCE,
    colour: '#CC79A7',
  },
];

/** The lens with this id; throws on an unknown id, which would mean corrupt stored data. */
export function lensById(id: LensId): Lens {
  const lens = LENSES.find((l) => l.id === id);
  if (!lens) throw new RangeError(`Unknown lens: ${String(id)}`);
  return lens;
}

/** Whether a value read from storage or a file names one of the eight lenses. */
export function isLensId(value: unknown): value is LensId {
  return typeof value === 'string' && LENSES.some((l) => l.id === value);
}
