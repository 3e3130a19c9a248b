// Face detectors on the face fixture (four moving copies of a portrait at 1280x720, tests/fixtures/faces):
// recall per face and time per frame of each detector the face worker offers, in Debian's Chromium.
//   npx vitest run --config bench/vitest.bench.config.ts bench/faces.bench.test.ts
import { afterAll, beforeAll, expect, test } from 'vitest';
import { resolve } from 'node:path';
import { startFacesHarness, type FacesHarness } from '../tests/browser/pages/faces-driver';
import { faceNames, facesAt, isFace } from '../tests/browser/faces/truth';

const FIXTURE = resolve(import.meta.dirname, '../tests/fixtures/out/faces.mp4');
const CLIP = { start: 70, end: 90 };

let harness: FacesHarness;
beforeAll(async () => {
  harness = await startFacesHarness();
});
afterAll(async () => harness?.close());

test.each(['tiny', 'ssd'] as const)('recall of the %s detector on the face fixture', async (detector) => {
  const summary = await harness.run(FIXTURE, { ...CLIP, every: 0.5, detector });
  expect(summary.kind, `${summary.error}\n${harness.logs.slice(-10).join('\n')}`).toBe('done');
  const frames = summary.frames!;
  const found = Object.fromEntries(faceNames.map((n) => [n, 0]));
  let wrong = 0;
  for (const frame of frames) {
    const truth = facesAt(CLIP.start + frame.time);
    for (const face of truth) if (frame.boxes.some((b) => isFace(b, face.box))) found[face.name]++;
    wrong += frame.boxes.filter((b) => !truth.some((face) => isFace(b, face.box))).length;
  }
  const recall = Object.values(found).reduce((a, b) => a + b, 0) / (frames.length * faceNames.length);
  console.log(
    `faces ${detector} (${summary.backend}): recall ${(recall * 100).toFixed(1)}% over ${frames.length} frames ` +
      `(${faceNames.map((n) => `${n} ${found[n]}`).join(', ')}), ${wrong} boxes on no face; ` +
      `decode ${(summary.decodeMs! / 1000).toFixed(1)} s, detect ${(summary.detectMs! / frames.length).toFixed(0)} ms/frame, wall ${(summary.wallMs / 1000).toFixed(1)} s`,
  );
  expect(frames.length).toBe(41);
});
