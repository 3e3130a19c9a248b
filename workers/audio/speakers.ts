/**
 * Whose voice is it: the teacher's, told from the other voices of the lesson by the shape of the vocal
 * tract (mel cepstrum) and pitch of short stretches of speech. The teacher is the voice heard most, and
 * nearest; everything is relative to the lesson's own voices, so no speaker is known in advance.
 * Pure: no DOM, no worker globals.
 */
import { MFCC_COUNT, type FeatureFrames } from './features';
import { VOICE_FEATURES, VOICE_MODEL, voiceNetwork, type VoiceModelWeights } from './voice-model';
import { VOICE_SPACE, DESCRIPTOR_DIMS, type VoiceSpace } from './voice-space';

/** Per-frame output of the voice model. */
export interface VoiceModel {
  /** Probability that the voice heard in the frame is the teacher's; NaN where no voice is heard. */
  teacher: Float32Array;
  /** 1 on the first frame of a stretch whose voice differs plainly from the stretch before it. */
  change: Uint8Array;
  /** 1 on the first frame of a stretch plainly of the other side (teacher or not) from the last plain one. */
  turnSwitch: Uint8Array;
  /**
   * Per stretch of speech, its frames, what the second look reads (VOICE_FEATURES) from the two-voice model,
   * and its voice's description before the voice space (DESCRIPTOR_DIMS, z-scored over the lesson).
   */
  stretches: { a: number; b: number; x: Float64Array; u: Float64Array }[];
}

/** The second look's weights (voice-model.json by default; null for the two-voice model alone) and where the voice groups' k-means starts. */
export interface VoiceModelOptions {
  refiner?: VoiceModelWeights | null;
  groupsSeed?: number;
}

/** A stretch of speech of at most CHUNK_FRAMES, described by its voice. */
interface Chunk {
  a: number;
  b: number;
  /**
   * What it sounds like (DESCRIPTOR_DIMS): mean cepstrum of its voiced frames, median log2 pitch, the cepstrum's
   * spread and the pitch's; z-scored over the lesson.
   */
  u: Float64Array;
  /** The voice's position: `u` placed in the voice space, z-scored over the lesson. */
  v: Float64Array;
  /** Its median pitch, z-scored over the lesson. */
  pitch: number;
  /** How much the chunk counts when finding the teacher: its length, more when loud, less when several voices. */
  weight: number;
  /** Loudest frame level, share of pitch hops, and how far into babble-length talk the run is (0..1). */
  loud: number;
  hops: number;
  babble: number;
  /** Seconds of the unbroken speech run the stretch starts in. */
  run: number;
}

const CHUNK_FRAMES = 15;
const MIN_CHUNK_FRAMES = 4;

/**
 * Model the voices of a lesson. `speech` is 1 where a voice is heard, `level` the frame level above the
 * floor as a share of the lesson's range, `hops` 1 where the pitch jumps between neighbouring frames
 * (several voices at once), `runSeconds` the length of the unbroken speech run each frame belongs to.
 */
export function voiceModel(f: FeatureFrames, speech: Uint8Array, level: Float32Array, hops: Uint8Array, runSeconds: Float32Array, { refiner = VOICE_MODEL, groupsSeed = VOICE_GROUPS_SEED }: VoiceModelOptions = {}): VoiceModel {
  const n = f.count;
  const chunks = chunksOf(f, speech, level, hops, runSeconds);
  if (chunks.length < 6) return { teacher: new Float32Array(n).fill(NaN), change: new Uint8Array(n), turnSwitch: new Uint8Array(n), stretches: [] };
  place(chunks, VOICE_SPACE);

  // Start from the densest voice, counted by weight: the teacher's chunks sit close together, the
  // pupils' spread over many voices, and babble is weighed down.
  const densestVoice = densest(chunks);
  const first = twoVoices(chunks, densestVoice);
  // Fitted so, the teacher's Gaussian can close in on a corner of the teacher's voice (a few loud stretches) or
  // on one loud pupil, and give the teacher almost none of the lesson's speech. From there it is fitted again
  // with every stretch counted by its length alone, which lets it widen to the whole voice, or onto the wrong one:
  // the second look reads both, and the more decided reading is kept. (Without the second look, the wider one.)
  const candidates = [first];
  const widenFirst = () => twoVoices(chunks, fit(chunks, (c) => first[c], false).mean, true);
  const again = teacherShare(chunks, first) < COLLAPSED_SHARE ? widenFirst() : null;
  if (again && teacherShare(chunks, again) >= COLLAPSED_SHARE) candidates.push(again);
  if (!refiner) return described(n, chunks, secondLook(chunks, candidates[candidates.length - 1], null, groupsSeed));
  const looks = candidates.map((p) => secondLook(chunks, p, refiner, groupsSeed));
  let chosen = looks.reduce((best, look) => (decidedness(chunks, look.p) > decidedness(chunks, best.p) ? look : best));
  // Two-voice models widened to a whole voice: from the first fit's teacher, and from the densest voice, every
  // stretch counted by its length alone.
  let wide: Float64Array[] | null = null;
  const widened = () => (wide ??= [again ?? widenFirst(), twoVoices(chunks, densestVoice, true)]);
  // The densest voice can also be a group's: adults round a table near the camera, or babble. And the first fit
  // can hold only part of the teacher's voice (near the camera, not far) and read the rest as another's, so that
  // teacher talk reads as discussion. Two-voice models started from the next densest voices, and the widened ones,
  // are read too, and one replaces the reading above only when the second look is plainly more decided about it;
  // a voice that gives the teacher too little is not a teacher's, nor is babble-length talk (TEACHER_MAX_BABBLE).
  const bar = decidedness(chunks, chosen.p) + SWITCH_MARGIN;
  const others = chunks.length >= OTHER_STARTS_MIN_STRETCHES ? [...otherVoices(chunks, densestVoice, OTHER_STARTS).map((p) => ({ p, wide: false })), ...widened().map((p) => ({ p, wide: true }))] : [];
  for (const other of others) {
    if (teacherShare(chunks, other.p) < COLLAPSED_SHARE || candidates.some((p) => agreement(chunks, p, other.p) > SAME_READING)) continue;
    const look = secondLook(chunks, other.p, refiner, groupsSeed);
    if (other.wide && teacherBabble(chunks, look.p) >= TEACHER_MAX_BABBLE) continue;
    if (decidedness(chunks, look.p) > Math.max(bar, decidedness(chunks, chosen.p))) chosen = look;
  }
  // The second look can still read the teacher's whole voice as a corner of it (a few samples' difference in where
  // the sound starts is enough on a lesson near that edge), and give her almost none of the speech. Then the
  // widened models are read with no margin, and the most decided reading that gives the teacher enough is kept,
  // unless what it gives her is mostly babble-length talk: that is a group's voices, in a lesson where the teacher
  // really speaks little.
  if (teacherShare(chunks, chosen.p) < COLLAPSED_SHARE) {
    let best: typeof chosen | null = null;
    for (const wider of widened()) {
      const look = secondLook(chunks, wider, refiner, groupsSeed);
      if (teacherShare(chunks, look.p) < COLLAPSED_SHARE || teacherBabble(chunks, look.p) >= TEACHER_MAX_BABBLE) continue;
      if (!best || decidedness(chunks, look.p) > decidedness(chunks, best.p)) best = look;
    }
    if (best) chosen = best;
  }
  return described(n, chunks, chosen);
}

/** Per frame, the teacher's probability, the changes of voice and the changes of side, from the chosen reading of the stretches. */
function described(n: number, chunks: Chunk[], { p, stretches }: { p: Float64Array; stretches: VoiceModel['stretches'] }): VoiceModel {
  const teacher = new Float32Array(n).fill(NaN);
  const change = new Uint8Array(n);
  const turnSwitch = new Uint8Array(n);
  let side = 0;
  for (let c = 0; c < chunks.length; c++) {
    const { a, b } = chunks[c];
    teacher.fill(p[c], a, b);
    if (c > 0 && chunks[c - 1].b >= a - 20 && dist2(chunks[c].v, chunks[c - 1].v) > CHANGE_DIST2 * chunks[c].v.length) change[a] = 1;
    const plain = p[c] > 0.8 ? 1 : p[c] < 0.2 ? -1 : 0;
    if (plain !== 0) {
      if (side !== 0 && plain !== side) turnSwitch[a] = 1;
      side = plain;
    }
  }
  return { teacher, change, turnSwitch, stretches };
}

/**
 * The second look: the network's probability, from where the two-voice model (`first`) placed each stretch and
 * from the voice groups it falls in. The groups come from a k-means whose start is arbitrary, so the network reads
 * the stretch within the groups of VOICE_GROUPS_STARTS different starts and its readings are averaged. Without a
 * network, the two-voice model's probability.
 */
function secondLook(chunks: Chunk[], first: Float64Array, refiner: VoiceModelWeights | null, groupsSeed: number): { p: Float64Array; stretches: VoiceModel['stretches'] } {
  const withinGroups = voiceEvidence(chunks, first);
  const stretches = withinGroups(groupsSeed);
  if (!refiner) return { p: first, stretches };
  const network = voiceNetwork(refiner);
  const sum = stretches.map(({ x }) => network(x));
  for (let start = 1; start < VOICE_GROUPS_STARTS; start++) {
    withinGroups(groupsSeed + start * GROUPS_SEED_STEP).forEach(({ x }, c) => (sum[c] += network(x)));
  }
  return { p: Float64Array.from(sum, (total) => total / VOICE_GROUPS_STARTS), stretches };
}

/** How decided a reading of the stretches is: |2p - 1| averaged over their frames (0 all unsure, 1 all sure). */
function decidedness(chunks: Chunk[], p: Float64Array): number {
  return overSpeech(chunks, (c) => Math.abs(2 * p[c] - 1));
}

/** `value` of each stretch averaged over the speech, every stretch counted by its frames. */
function overSpeech(chunks: Chunk[], value: (c: number) => number): number {
  let sum = 0, all = 0;
  for (let c = 0; c < chunks.length; c++) {
    all += chunks[c].b - chunks[c].a;
    sum += (chunks[c].b - chunks[c].a) * value(c);
  }
  return sum / (all || 1);
}

/**
 * Two Gaussians with diagonal covariance, the teacher's and everyone else's, fitted by EM from `seed`: each
 * stretch's probability of being the teacher's. (A mixture of several for the others, one per group of pupils,
 * did worse on the development lessons: with the teacher's spread capped, the others' Gaussians took the far
 * teacher's speech.) `byLength`: the teacher's stretches count by their length only, not more when loud.
 */
function twoVoices(chunks: Chunk[], seed: Float64Array, byLength = false): Float64Array {
  const p = new Float64Array(chunks.length);
  for (let c = 0; c < chunks.length; c++) p[c] = Math.exp(-0.5 * dist2(chunks[c].v, seed) / 4);
  for (let iter = 0; iter < 8; iter++) {
    const t = fit(chunks, (c) => p[c], false, byLength), o = fit(chunks, (c) => 1 - p[c], true);
    const prior = Math.min(0.9, Math.max(0.1, t.mass / (t.mass + o.mass)));
    for (let c = 0; c < chunks.length; c++) {
      const z = logDensity(chunks[c].v, t) - logDensity(chunks[c].v, o) + Math.log(prior / (1 - prior));
      p[c] = 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, z))));
    }
  }
  return p;
}

/**
 * Below this share of the speech (frames) given to the teacher, the two-voice model has closed in on too little: a
 * teacher speaks far more in a lesson with teacher talk or discussion (3 of 253 development lessons before the
 * networks were fitted on more of them, whose teachers speak 17-42% of the time).
 */
const COLLAPSED_SHARE = 0.12;

/** Share of the speech (frames of the stretches) that the two-voice model gives the teacher. */
function teacherShare(chunks: Chunk[], p: Float64Array): number {
  return overSpeech(chunks, (c) => (p[c] > 0.5 ? 1 : 0));
}

/** Mean babble (0..1: how far into babble-length talk) of the speech a reading gives the teacher. */
function teacherBabble(chunks: Chunk[], p: Float64Array): number {
  return overSpeech(chunks, (c) => (p[c] > 0.5 ? chunks[c].babble : 0)) / (teacherShare(chunks, p) || 1);
}

/**
 * At or above this mean babble, what a widened reading gives the teacher is group talk, not her voice. Measured on
 * the widened readings of development lessons: 0.03 where one found the whole teacher (lesson 377 started 2 ms
 * later), 0.10-0.53 where they took groups for her (lessons 353, 377, and the lesson without teacher talk, whose
 * teacher speaks 13% of the time). Readings kept on the 50 fresh lessons reach 0.18 (a teacher talking over group
 * work), which is why this is asked of widened readings only.
 */
const TEACHER_MAX_BABBLE = 0.1;

/** Share of the speech (frames) on which two readings put the stretches on the same side (teacher or not). */
function agreement(chunks: Chunk[], p: Float64Array, q: Float64Array): number {
  return overSpeech(chunks, (c) => (p[c] > 0.5 === q[c] > 0.5 ? 1 : 0));
}

/**
 * Voices the two-voice model starts from besides the densest (OTHER_STARTS - 1 more), and how much more decided
 * (mean |2p - 1|) the second look must be about one of them to take it instead. The second look is most decided about
 * a voice with little speech, so a small lead is not enough: with no margin, 2 more of the 63 held-out lessons fell
 * under 90%; with this one none of them moved, and 3 of 180 held-in lessons whose densest voice is a group's or babble
 * went from 54-91% to 77-98%. Starts that read the stretches as an earlier reading does (SAME_READING of the speech) are not read again.
 */
const OTHER_STARTS = 3;
const SWITCH_MARGIN = 0.08;
const SAME_READING = 0.97;

/**
 * Stretches of speech (about 1.5 s each) a lesson needs before other starts are tried: which voice holds the floor
 * is a question about a lesson, and over a clip of a minute or less the second look's decidedness moves with the
 * noise (a 12 s clip read as discussion or group work by where the decoder restarted).
 */
const OTHER_STARTS_MIN_STRETCHES = 120;

/** Gaussians for the voices that are not the teacher's. */
const OTHER_VOICES = 5;

/** Largest variance (z-units², per dimension) of the teacher's voice. */
const TEACHER_MAX_VARIANCE = 0.7;

/** Squared distance (z-units, per dimension of the voice's position) beyond which two neighbouring stretches are different voices. */
const CHANGE_DIST2 = 2.5;

function chunksOf(f: FeatureFrames, speech: Uint8Array, level: Float32Array, hops: Uint8Array, runSeconds: Float32Array): Chunk[] {
  const n = f.count;
  const chunks: Chunk[] = [];
  let i = 0;
  while (i < n) {
    if (!speech[i]) { i++; continue; }
    let j = i;
    while (j < n && speech[j]) j++;
    // Split the run into equal pieces of at most CHUNK_FRAMES.
    const pieces = Math.max(1, Math.round((j - i) / CHUNK_FRAMES));
    for (let k = 0; k < pieces; k++) {
      const a = i + Math.round(((j - i) * k) / pieces), b = i + Math.round(((j - i) * (k + 1)) / pieces);
      if (b - a < MIN_CHUNK_FRAMES) continue;
      const u = new Float64Array(DESCRIPTOR_DIMS);
      const pitches: number[] = [];
      let voiced = 0, loud = 0, hopCount = 0;
      for (let q = a; q < b; q++) {
        loud = Math.max(loud, level[q]);
        hopCount += hops[q];
        if (f.periodicity[q] < 0.5 || !(f.f0[q] > 0)) continue;
        for (let d = 0; d < MFCC_COUNT; d++) {
          const c = f.mfcc[q * MFCC_COUNT + d];
          u[d] += c;
          u[MFCC_COUNT + 1 + d] += c * c;
        }
        pitches.push(Math.log2(f.f0[q]));
        voiced++;
      }
      if (voiced < 3) continue;
      for (let d = 0; d < MFCC_COUNT; d++) {
        u[d] /= voiced;
        u[MFCC_COUNT + 1 + d] = Math.sqrt(Math.max(0, u[MFCC_COUNT + 1 + d] / voiced - u[d] ** 2));
      }
      pitches.sort((x, y) => x - y);
      u[MFCC_COUNT] = pitches[pitches.length >> 1];
      u[2 * MFCC_COUNT + 1] = pitches[Math.floor(pitches.length * 0.75)] - pitches[Math.floor(pitches.length * 0.25)];
      const hopShare = hopCount / (b - a);
      // Loud (near) voices and single voices count most; talk unbroken for 15-30 s is several voices at once.
      const babble = Math.min(1, Math.max(0, (runSeconds[a] - 15) / 15));
      const weight = (b - a) * (0.5 + loud) ** 4 * Math.max(0, 1 - 2 * hopShare) * (1 - babble);
      chunks.push({ a, b, u, v: u, pitch: 0, weight, loud, hops: hopShare, babble, run: runSeconds[a] });
    }
    i = j;
  }
  return chunks;
}

/** z-score every dimension of `vectors` over the lesson's chunks, in place. */
function zScore(vectors: Float64Array[]): void {
  const dims = vectors[0].length;
  for (let d = 0; d < dims; d++) {
    let m = 0;
    for (const v of vectors) m += v[d];
    m /= vectors.length;
    let s = 0;
    for (const v of vectors) s += (v[d] - m) ** 2;
    const sd = Math.sqrt(s / vectors.length) || 1;
    for (const v of vectors) v[d] = (v[d] - m) / sd;
  }
}

/**
 * Place every chunk's voice: its description z-scored over the lesson, then through the voice space (a
 * projection fitted across many speakers and rooms so that one voice near and far stays together while
 * different voices part) and z-scored again.
 */
function place(chunks: Chunk[], space: VoiceSpace): void {
  zScore(chunks.map((c) => c.u));
  for (const c of chunks) {
    c.pitch = c.u[MFCC_COUNT];
    c.v = new Float64Array(space.projection.length);
    space.projection.forEach((row, k) => {
      let s = 0;
      for (let d = 0; d < DESCRIPTOR_DIMS; d++) s += row[d] * c.u[d];
      c.v[k] = s;
    });
  }
  zScore(chunks.map((c) => c.v));
}

function dist2(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let d = 0; d < x.length; d++) s += (x[d] - y[d]) ** 2;
  return s;
}

/**
 * Two-voice fits started from the next densest voices after `first` (`count` - 1 of them): before each, the chunks
 * near the voices already started from are weighed down, and stay so while it is fitted, so that it looks for the
 * teacher elsewhere.
 */
function otherVoices(chunks: Chunk[], first: Float64Array, count: number): Float64Array[] {
  const weights = chunks.map((c) => c.weight);
  const fits: Float64Array[] = [];
  let seed = first;
  for (let m = 1; m < count; m++) {
    for (const c of chunks) c.weight *= 1 - Math.exp(-dist2(c.v, seed) / (2 * c.v.length * 0.6));
    seed = densest(chunks);
    fits.push(twoVoices(chunks, seed));
  }
  chunks.forEach((c, k) => (c.weight = weights[k]));
  return fits;
}

/** The weighted mean of the chunks around the point of highest weighted density (Gaussian kernel). */
function densest(chunks: Chunk[]): Float64Array {
  const dims = chunks[0].v.length;
  const bandwidth2 = 2 * dims * 0.6;
  // A sample of candidates keeps this near-linear on hour-long lessons.
  const step = Math.max(1, Math.floor(chunks.length / 400));
  let best = chunks[0].v, bestDensity = -1;
  for (let c = 0; c < chunks.length; c += step) {
    let density = 0;
    for (let k = 0; k < chunks.length; k += step) density += chunks[k].weight * Math.exp(-dist2(chunks[c].v, chunks[k].v) / bandwidth2);
    if (density > bestDensity) { bestDensity = density; best = chunks[c].v; }
  }
  // Mean shift a few steps, so the seed sits in the middle of the voice rather than on one chunk.
  let centre = Float64Array.from(best);
  for (let iter = 0; iter < 5; iter++) {
    const next = new Float64Array(dims);
    let total = 0;
    for (const c of chunks) {
      const w = c.weight * Math.exp(-dist2(c.v, centre) / bandwidth2);
      total += w;
      for (let d = 0; d < dims; d++) next[d] += w * c.v[d];
    }
    if (total <= 0) break;
    for (let d = 0; d < dims; d++) next[d] /= total;
    centre = next;
  }
  return centre;
}

interface Gaussian { mean: Float64Array; variance: Float64Array; mass: number }

/**
 * A diagonal Gaussian fitted to the chunks, each counted by its length times `share(c)`; the teacher's
 * also by how plainly the chunk is one near voice (its weight, unless `byLength`), and with a capped spread.
 */
function fit(chunks: Chunk[], share: (c: number) => number, other: boolean, byLength = false): Gaussian {
  const dims = chunks[0].v.length;
  const mean = new Float64Array(dims), variance = new Float64Array(dims);
  const w = chunks.map((chunk, c) => (chunk.b - chunk.a) * share(c) * (other || byLength ? 1 : Math.max(0.05, chunk.weight / (chunk.b - chunk.a))));
  let mass = 0;
  for (let c = 0; c < chunks.length; c++) {
    mass += w[c];
    for (let d = 0; d < dims; d++) mean[d] += w[c] * chunks[c].v[d];
  }
  for (let d = 0; d < dims; d++) mean[d] /= mass || 1;
  for (let c = 0; c < chunks.length; c++) for (let d = 0; d < dims; d++) variance[d] += w[c] * (chunks[c].v[d] - mean[d]) ** 2;
  // One voice varies less than the lesson's voices together: the teacher's spread is capped, so the teacher's
  // Gaussian cannot widen to take in the pupils when they have most of the talk.
  for (let d = 0; d < dims; d++) variance[d] = Math.min(other ? Infinity : TEACHER_MAX_VARIANCE, Math.max(0.05, variance[d] / (mass || 1)));
  return { mean, variance, mass };
}

function logDensity(x: Float64Array, g: Gaussian): number {
  let s = 0;
  for (let d = 0; d < x.length; d++) s += (x[d] - g.mean[d]) ** 2 / g.variance[d] + Math.log(g.variance[d]);
  return -0.5 * s;
}

/** Stretches closer than this (frames) count as neighbours. */
const NEIGHBOUR_GAP = 50;

/**
 * Per stretch, what the second look reads (VOICE_FEATURES): how the two-voice model placed it (log ratio,
 * posterior, distances to both voices, pitch against the teacher's, where it falls between the two), how it
 * sounds (loudness, overlapping voices, babble-length run, length) and its neighbours' placement, then how the
 * voice group it falls in behaves: given as a function of where the groups' k-means starts.
 */
function voiceEvidence(chunks: Chunk[], p: Float64Array): (groupsSeed: number) => VoiceModel['stretches'] {
  const dims = chunks[0].v.length;
  const t = fit(chunks, (c) => p[c], false), o = fit(chunks, (c) => 1 - p[c], true);
  const prior = t.mass / (t.mass + o.mass || 1);
  // The teacher's pitch, its chunks weighted as for the teacher's Gaussian.
  const pitchWeight = chunks.map((chunk, c) => (chunk.b - chunk.a) * p[c] * Math.max(0.05, chunk.weight / (chunk.b - chunk.a)));
  const pitchMass = pitchWeight.reduce((sum, w) => sum + w, 0) || 1;
  const pitchMean = chunks.reduce((sum, chunk, c) => sum + pitchWeight[c] * chunk.pitch, 0) / pitchMass;
  const pitchSpread = Math.sqrt(Math.max(0.02, chunks.reduce((sum, chunk, c) => sum + pitchWeight[c] * (chunk.pitch - pitchMean) ** 2, 0) / pitchMass));
  const axis = new Float64Array(dims);
  let norm = 0;
  for (let d = 0; d < dims; d++) {
    axis[d] = t.mean[d] - o.mean[d];
    norm += axis[d] ** 2;
  }
  norm = Math.sqrt(norm) || 1;
  const distance = (x: Float64Array, g: Gaussian) => {
    let s = 0;
    for (let d = 0; d < dims; d++) s += (x[d] - g.mean[d]) ** 2 / g.variance[d];
    return Math.min(10, s / dims);
  };
  const neighbour = (c: number, q: number): [number, number] => {
    if (q < 0 || q >= chunks.length) return [0.5, 1];
    const gap = q < c ? chunks[c].a - chunks[q].b : chunks[q].a - chunks[c].b;
    return [p[q], Math.min(1, gap / NEIGHBOUR_GAP)];
  };
  const placed = chunks.map((chunk, c) => {
    let projection = 0;
    for (let d = 0; d < dims; d++) projection += (chunk.v[d] - (t.mean[d] + o.mean[d]) / 2) * axis[d];
    // The posterior of the stretches within 15 s either side, by length.
    let nearby = 0, nearbyWeight = 0;
    for (let q = Math.max(0, c - 8); q < Math.min(chunks.length, c + 9); q++) {
      if (Math.abs(chunks[q].a - chunk.a) > 150) continue;
      nearby += p[q] * (chunks[q].b - chunks[q].a);
      nearbyWeight += chunks[q].b - chunks[q].a;
    }
    const [before, gapBefore] = neighbour(c, c - 1), [after, gapAfter] = neighbour(c, c + 1);
    return [
      Math.max(-30, Math.min(30, logDensity(chunk.v, t) - logDensity(chunk.v, o))) / 10, p[c], distance(chunk.v, t),
      (chunk.pitch - pitchMean) / pitchSpread, distance(chunk.v, o), chunk.loud, chunk.hops, chunk.babble,
      projection / norm, (chunk.b - chunk.a) / CHUNK_FRAMES, before, gapBefore, after, gapAfter, prior, nearbyWeight ? nearby / nearbyWeight : 0.5,
    ];
  });
  // The groups are the only part that depends on where their k-means starts.
  return (groupsSeed) => {
    const clusters = voiceClusters(chunks, p, groupsSeed);
    return chunks.map((chunk, c) => {
      const x = Float64Array.from([...placed[c], ...clusters[c]]);
      if (x.length !== VOICE_FEATURES.length) throw new Error('voiceEvidence and VOICE_FEATURES differ');
      return { a: chunk.a, b: chunk.b, x, u: chunk.u };
    });
  };
}

/** Frames between two stretches within which a change of group is a change of turn. */
const TURN_GAP = 30;

/** Voices the lesson's stretches are grouped into, more than its speakers usually are: one voice may take several. */
const CLUSTERS = 8;

/** Where the k-means of the voice groups starts; the networks are fitted on the groups it finds from here. */
export const VOICE_GROUPS_SEED = 12345;

/**
 * Starts of the voice groups' k-means whose second looks are averaged (VOICE_GROUPS_SEED, then GROUPS_SEED_STEP
 * apart). With one start, 12 of the 140 held-in and 6 of the 24 held-out real-voice lessons moved by over 3
 * points of accuracy when the start moved; with three, 7 and 2, accuracy level (the networks as they were).
 * Five starts did no better than three. This buys stability, not accuracy: on held-in lessons no network was
 * fitted on, accuracy is level with one start (within 0.2 points either way), and where one start read a
 * lesson well and another badly, three read it as most starts do, for better or worse.
 */
export const VOICE_GROUPS_STARTS = 3;
const GROUPS_SEED_STEP = 1000;

/**
 * How the group of like-sounding stretches each stretch belongs to behaves over the lesson: its share of the
 * speech, how loud it is against the lesson's other groups, over how much of the lesson it returns, how long
 * its runs of talk are, where the two-voice model placed it, how many of the changes of turn it takes part in,
 * and how often voices overlap in it. The teacher holds the floor: the teacher's groups are heard in most of
 * the lesson, in long runs, near the camera, and between the others; each pupil speaks now and then.
 */
function voiceClusters(chunks: Chunk[], p: Float64Array, seed: number): number[][] {
  const assigned = kMeans(chunks, CLUSTERS, seed);
  const first = chunks[0].a, span = Math.max(1, chunks[chunks.length - 1].b - first);
  const tenths = Array.from({ length: CLUSTERS }, () => new Set<number>());
  const frames = new Float64Array(CLUSTERS), loud = new Float64Array(CLUSTERS), run = new Float64Array(CLUSTERS), placed = new Float64Array(CLUSTERS);
  let total = 0, lessonLoud = 0;
  chunks.forEach((chunk, c) => {
    const k = assigned[c], length = chunk.b - chunk.a;
    frames[k] += length;
    loud[k] += length * chunk.loud;
    run[k] += length * Math.min(30, chunk.run);
    placed[k] += length * p[c];
    tenths[k].add(Math.min(9, Math.floor(((chunk.a - first) / span) * 10)));
    total += length;
    lessonLoud += length * chunk.loud;
  });
  lessonLoud /= total || 1;
  // The changes of group from one stretch to the next within TURN_GAP, and which groups take part in each:
  // in a discussion the teacher takes part in nearly every change, each pupil in a few.
  const turns = new Float64Array(CLUSTERS), overlap = new Float64Array(CLUSTERS);
  let changes = 0;
  chunks.forEach((chunk, c) => {
    overlap[assigned[c]] += (chunk.b - chunk.a) * chunk.hops;
    if (c === 0 || assigned[c] === assigned[c - 1] || chunk.a - chunks[c - 1].b > TURN_GAP) return;
    changes++;
    turns[assigned[c]]++;
    turns[assigned[c - 1]]++;
  });
  const byCluster = Array.from({ length: CLUSTERS }, (_, k) => {
    const m = frames[k] || 1;
    return [frames[k] / (total || 1), loud[k] / m - lessonLoud, tenths[k].size / 10, run[k] / m / 30, placed[k] / m, changes ? turns[k] / changes : 0, overlap[k] / m];
  });
  return chunks.map((_, c) => byCluster[assigned[c]]);
}

/** Length-weighted k-means of the stretches' voices, started far apart (k-means++ from `seed`): a cluster per stretch. */
function kMeans(chunks: Chunk[], k: number, seed: number): Int32Array {
  const n = chunks.length;
  const dims = chunks[0].v.length;
  const assigned = new Int32Array(n);
  let state = seed;
  const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const centres: Float64Array[] = [Float64Array.from(chunks[Math.floor(random() * n)].v)];
  const nearest = new Float64Array(n).fill(Infinity);
  while (centres.length < Math.min(k, n)) {
    let sum = 0;
    for (let c = 0; c < n; c++) {
      nearest[c] = Math.min(nearest[c], dist2(chunks[c].v, centres[centres.length - 1]));
      sum += nearest[c] * (chunks[c].b - chunks[c].a);
    }
    let pick = random() * sum, chosen = n - 1;
    for (let c = 0; c < n; c++) {
      pick -= nearest[c] * (chunks[c].b - chunks[c].a);
      if (pick <= 0) { chosen = c; break; }
    }
    centres.push(Float64Array.from(chunks[chosen].v));
  }
  for (let iter = 0; iter < 20; iter++) {
    let moved = false;
    for (let c = 0; c < n; c++) {
      let best = 0, bestD = Infinity;
      for (let q = 0; q < centres.length; q++) {
        const d = dist2(chunks[c].v, centres[q]);
        if (d < bestD) { bestD = d; best = q; }
      }
      if (assigned[c] !== best || iter === 0) moved = true;
      assigned[c] = best;
    }
    if (!moved) break;
    const sums = centres.map(() => new Float64Array(dims)), mass = new Float64Array(centres.length);
    for (let c = 0; c < n; c++) {
      const length = chunks[c].b - chunks[c].a;
      mass[assigned[c]] += length;
      for (let d = 0; d < dims; d++) sums[assigned[c]][d] += length * chunks[c].v[d];
    }
    centres.forEach((centre, q) => {
      if (mass[q] > 0) for (let d = 0; d < dims; d++) centre[d] = sums[q][d] / mass[q];
    });
  }
  return assigned;
}
