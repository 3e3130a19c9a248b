/** Where each face of tests/fixtures/out/faces.mp4 is at a time, from tests/fixtures/faces/faces.json; and matching detections to them. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

interface Spec {
  size: { width: number; height: number };
  faces: Array<{ name: string; w: number; h: number; cx: number; ax: number; px: number; cy: number; ay: number; py: number }>;
  face: { x: number; y: number; w: number; h: number };
}

const spec = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/faces/faces.json'), 'utf8')) as Spec;

/** A box as fractions of the frame. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Each face's box at `t` seconds of the fixture, fractions of the frame (the overlay's position is rounded to whole pixels by ffmpeg). */
export function facesAt(t: number): Array<{ name: string; box: Box }> {
  const { width, height } = spec.size;
  return spec.faces.map((f) => {
    const x = Math.round(f.cx + f.ax * Math.sin((2 * Math.PI * t) / f.px));
    const y = Math.round(f.cy + f.ay * Math.sin((2 * Math.PI * t) / f.py));
    return { name: f.name, box: { x: (x + spec.face.x * f.w) / width, y: (y + spec.face.y * f.h) / height, w: (spec.face.w * f.w) / width, h: (spec.face.h * f.h) / height } };
  });
}

/**
 * Whether a detection is that face: its centre within the face's box grown by a quarter of its size on each
 * side (the turned copy's face sits a little off the box its unturned picture gives; the faces are far apart).
 */
export function isFace(detection: Box, face: Box): boolean {
  const cx = detection.x + detection.w / 2, cy = detection.y + detection.h / 2;
  const mx = face.w / 4, my = face.h / 4;
  return cx >= face.x - mx && cx <= face.x + face.w + mx && cy >= face.y - my && cy <= face.y + face.h + my;
}

/** The fixture's face names, the teacher first. */
export const faceNames = spec.faces.map((f) => f.name);
