/** Messages between the page (src/jobs) and the workers: one discriminated union per worker. */
import type { ContainerProbe } from '../src/core/media';

/** Requests to the probe worker. */
export type ProbeRequest = { type: 'probe'; id: number; file: Blob };

/** Answers from the probe worker. */
export type ProbeResponse =
  | { type: 'probed'; id: number; probe: ContainerProbe }
  | { type: 'error'; id: number; message: string };
