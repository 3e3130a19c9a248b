/// <reference lib="webworker" />
/**
 * Face worker (issue 24): finds faces in a clip's frames for the face blur of clips shared beyond the
 * coaching pair. Frames come from ffmpeg.wasm (the lesson mounted read-only with WORKERFS, a few seconds at
 * a time, sampled every fraction of a second, as PPM pictures), faces from @vladmandic/face-api's detector
 * on TensorFlow.js in this worker; the weights are served by the app itself. Nothing leaves the computer.
 */
import { FFFSType, type FFmpeg, type LogEvent } from '@ffmpeg/ffmpeg';
import * as faceapi from '@vladmandic/face-api';
import { detectorModelURLs, tfjsWasmURLs } from './faces/detector-urls';
import { FfmpegInstance, safeName } from './ffmpeg/instance';
import { SerialJobs } from './jobs/serial-jobs';
import type { FaceDetectorName, FaceRequest, FaceResponse } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const reply = (message: FaceResponse, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
/** face-api's bundled TensorFlow.js, with the calls its types leave out (they are in the bundle: tfjs 4.22.0). */
const tf = faceapi.tf as typeof faceapi.tf & {
  setWasmPaths(paths: Record<string, string>): void;
  env(): { set(flag: string, value: boolean): void };
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
};

/**
 * face-api knows the page and Node, not a worker: give it a worker's canvas and fetch. Only tensors are
 * passed to the detector, so no picture or video element is ever made; those stand-ins throw if used.
 */
const notInWorker = (): never => {
  throw new Error('no media elements in a worker');
};
faceapi.env.setEnv({
  Canvas: OffscreenCanvas,
  CanvasRenderingContext2D: OffscreenCanvasRenderingContext2D,
  Image: class {},
  ImageData,
  Video: class {},
  createCanvasElement: () => new OffscreenCanvas(1, 1),
  createImageElement: notInWorker,
  createVideoElement: notInWorker,
  fetch: (url: string, init?: RequestInit) => fetch(url, init),
  readFile: notInWorker,
} as unknown as Parameters<typeof faceapi.env.setEnv>[0]);

type DetectRequest = Extract<FaceRequest, { type: 'detect-faces' }>;
type Frame = Extract<FaceResponse, { type: 'faces' }>['frames'][number];

/** Frames decoded per ffmpeg run: their pictures are held in memory (MEMFS) until read. */
const FRAMES_PER_RUN = 16;
/** The detector looks at frames at most this wide (the export is at most 720p). */
const MAX_WIDTH = 1280;
/** Width of the preview pictures. */
const PREVIEW_WIDTH = 480;
/** A face is taken at this detector score and above: low, as a pupil left unblurred is worse than a patch of wall blurred. */
const MIN_SCORE = 0.3;

/** ffmpeg runs one command at a time: jobs queue here, each cancellable until it has finished. */
const jobs = new SerialJobs('Face detection cancelled');

scope.onmessage = (event: MessageEvent<FaceRequest>) => {
  const request = event.data;
  switch (request.type) {
    case 'detect-faces':
      jobs.add(request.id, (signal) => detect(request, signal));
      break;
    case 'cancel':
      jobs.cancel(request.id);
      break;
    default:
      throw new Error(`Unknown face request: ${JSON.stringify(request as never)}`);
  }
};

// ---- detector -------------------------------------------------------------------------------

const models = new Map<FaceDetectorName, Promise<void>>();
let backend: Promise<string> | null = null;

/**
 * TensorFlow.js's WebAssembly backend (its binaries, matching the version face-api bundles, served by the
 * app), else WebGL, else plain JavaScript. Measured on the face fixture in Debian's Chromium (2 cores, no
 * GPU): the SSD detector took about 5 s a frame on WebGL (software) and on plain JavaScript alike.
 */
function chooseBackend(): Promise<string> {
  backend ??= (async () => {
    const absolute = (url: string) => new URL(url, self.location.href).href;
    tf.setWasmPaths(Object.fromEntries(Object.entries(tfjsWasmURLs).map(([name, url]) => [name, absolute(url)])));
    // Its threaded build starts its threads from blob: scripts that import another blob:, which fails here:
    // one thread (SIMD), and the detector runs beside ffmpeg's decoding anyway.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    for (const name of ['wasm', 'webgl', 'cpu']) {
      try {
        if (await tf.setBackend(name)) {
          await tf.ready();
          return name;
        }
      } catch (error) {
        console.warn(`TensorFlow.js backend ${name} is not available here:`, error);
      }
    }
    throw new Error('No TensorFlow.js backend could start.');
  })();
  return backend;
}

/** Load a detector's weights from the app's own files (no request leaves the origin). */
function loadModel(name: FaceDetectorName): Promise<void> {
  let loading = models.get(name);
  if (!loading) {
    loading = (async () => {
      // The weights become tensors of the backend in use: it must be chosen first.
      await chooseBackend();
      const net = name === 'ssd' ? faceapi.nets.ssdMobilenetv1 : faceapi.nets.tinyFaceDetector;
      const urls = detectorModelURLs[name];
      const [manifest, weights] = await Promise.all([fetchOk(urls.manifest).then((r) => r.json()), fetchOk(urls.weights).then((r) => r.arrayBuffer())]);
      const specs = (manifest as Array<{ weights: Parameters<typeof tf.io.decodeWeights>[1] }>).flatMap((group) => group.weights);
      net.loadFromWeightMap(tf.io.decodeWeights(weights, specs));
    })();
    loading.catch(() => models.delete(name));
    models.set(name, loading);
  }
  return loading;
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(new URL(url, self.location.href));
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response;
}

/** Faces on one RGB picture, as fractions of its size. */
async function facesOn(rgb: Uint8Array, width: number, height: number, detector: FaceDetectorName): Promise<Frame['boxes']> {
  // Float: the WebAssembly and JavaScript backends keep int32 pixels int32 through the detector's scaling,
  // which then finds faces in the wrong places (31.8% of the fixture's faces instead of 97%).
  const input = tf.tensor3d(Float32Array.from(rgb), [height, width, 3], 'float32');
  try {
    const options = detector === 'ssd' ? new faceapi.SsdMobilenetv1Options({ minConfidence: MIN_SCORE, maxResults: 50 }) : new faceapi.TinyFaceDetectorOptions({ inputSize: 608, scoreThreshold: MIN_SCORE });
    const found = await faceapi.detectAllFaces(input as unknown as faceapi.TNetInput, options);
    return found.map((d) => ({ x: d.box.x / width, y: d.box.y / height, w: d.box.width / width, h: d.box.height / height, score: d.score }));
  } finally {
    input.dispose();
  }
}

// ---- frames ---------------------------------------------------------------------------------

const ffmpegs = new FfmpegInstance();

/** A PPM (P6) picture's size and RGB bytes. */
function readPpm(bytes: Uint8Array): { width: number; height: number; rgb: Uint8Array } {
  // Header: "P6", width, height, max value, each after whitespace, then one whitespace byte.
  const fields: string[] = [];
  let i = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[i]))) i++;
    let field = '';
    while (!/\s/.test(String.fromCharCode(bytes[i]))) field += String.fromCharCode(bytes[i++]);
    fields.push(field);
  }
  const [magic, w, h] = fields;
  if (magic !== 'P6') throw new Error(`not a P6 picture: ${magic}`);
  return { width: Number(w), height: Number(h), rgb: bytes.subarray(i + 1) };
}

/** A JPEG of the picture at preview width. */
async function previewOf(rgb: Uint8Array, width: number, height: number): Promise<Blob> {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0, q = 0; p < rgb.length; p += 3, q += 4) {
    rgba[q] = rgb[p];
    rgba[q + 1] = rgb[p + 1];
    rgba[q + 2] = rgb[p + 2];
    rgba[q + 3] = 255;
  }
  const full = new OffscreenCanvas(width, height);
  full.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0);
  const scale = Math.min(1, PREVIEW_WIDTH / width);
  const small = new OffscreenCanvas(Math.round(width * scale), Math.round(height * scale));
  small.getContext('2d')!.drawImage(full, 0, 0, small.width, small.height);
  return small.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
}

// ---- detection ------------------------------------------------------------------------------

async function detect(request: DetectRequest, signal: AbortSignal): Promise<void> {
  const { id } = request;
  const onAbort = () => void ffmpegs.discard();
  signal.addEventListener('abort', onAbort, { once: true });
  const mountPoint = `/in${id}`;
  const jobDir = `/faces${id}`;
  let ffmpeg: FFmpeg | null = null;
  let mounted = false;
  try {
    const [loaded, backendName] = await Promise.all([ffmpegs.load(), chooseBackend(), loadModel(request.detector)]);
    ffmpeg = loaded;
    signal.throwIfAborted();
    await ffmpeg.createDir(mountPoint);
    await ffmpeg.createDir(jobDir);
    const name = safeName(request.fileName);
    await ffmpeg.mount(FFFSType.WORKERFS, { blobs: [{ name, data: request.file }] }, mountPoint);
    mounted = true;

    const duration = request.end - request.start;
    const count = Math.max(1, Math.floor(duration / request.every + 1e-6) + 1);
    const previewStep = Math.max(1, Math.round(request.previewEvery / request.every));
    const frames: Frame[] = [];
    let decodeMs = 0, detectMs = 0, width = 0, height = 0;
    const log: string[] = [];
    const onLog = ({ message }: LogEvent) => void (log.push(message), log.length > 20 && log.shift());
    ffmpeg.on('log', onLog);
    for (let first = 0; first < count; first += FRAMES_PER_RUN) {
      const n = Math.min(FRAMES_PER_RUN, count - first);
      const from = request.start + first * request.every;
      const decodeStarted = performance.now();
      // One picture every `every` seconds from `from`, the first at `from` itself (fps counts from the seek point).
      const code = await ffmpeg.exec([
        '-hide_banner', '-y', '-ss', from.toFixed(6), '-t', (n * request.every).toFixed(6), '-i', `${mountPoint}/${name}`,
        '-map', '0:v:0', '-vf', `fps=${(1 / request.every).toFixed(6)},scale='min(${MAX_WIDTH},iw)':-2`, '-frames:v', String(n),
        '-pix_fmt', 'rgb24', '-c:v', 'ppm', '-f', 'image2', `${jobDir}/f%03d.ppm`,
      ]);
      signal.throwIfAborted();
      if (code !== 0) throw new Error(`ffmpeg exit ${code}: ${log.slice(-3).join(' | ')}`);
      decodeMs += performance.now() - decodeStarted;
      for (let k = 0; k < n; k++) {
        const path = `${jobDir}/f${String(k + 1).padStart(3, '0')}.ppm`;
        let bytes: Uint8Array;
        try {
          bytes = (await ffmpeg.readFile(path)) as Uint8Array;
        } catch {
          // Fewer frames than asked for: the clip's end is past the video's.
          break;
        }
        await ffmpeg.deleteFile(path).catch(() => undefined);
        const picture = readPpm(bytes);
        width = picture.width;
        height = picture.height;
        const index = first + k;
        const detectStarted = performance.now();
        const boxes = await facesOn(picture.rgb, picture.width, picture.height, request.detector);
        detectMs += performance.now() - detectStarted;
        signal.throwIfAborted();
        const preview = index % previewStep === 0 ? await previewOf(picture.rgb, picture.width, picture.height) : null;
        frames.push({ time: Math.round(index * request.every * 1000) / 1000, boxes, picture: preview });
        reply({ type: 'progress', id, fraction: frames.length / count });
      }
    }
    ffmpeg.off('log', onLog);
    if (frames.length === 0) throw new PlainFaceError('No pictures could be read from this part of the lesson; check that it has video.');
    reply({ type: 'faces', id, width, height, frames, decodeMs, detectMs, backend: backendName });
  } catch (error) {
    if (!signal.aborted) console.error(`face detection ${id} (${request.start}-${request.end} s, ${request.detector}) failed:`, error);
    reply({ type: 'error', id, message: signal.aborted ? 'Face detection cancelled' : error instanceof PlainFaceError ? error.message : 'Faces could not be looked for in this clip. Please try again; your lesson is safe.' });
    if (!signal.aborted) await ffmpegs.discard();
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (ffmpeg && !signal.aborted && ffmpegs.present) {
      if (mounted) await ffmpeg.unmount(mountPoint).catch(() => undefined);
      await ffmpeg.deleteDir(mountPoint).catch(() => undefined);
      for (const entry of await ffmpeg.listDir(jobDir).catch(() => [])) if (!entry.isDir) await ffmpeg.deleteFile(`${jobDir}/${entry.name}`).catch(() => undefined);
      await ffmpeg.deleteDir(jobDir).catch(() => undefined);
    }
  }
}

/** A failure the coach can act on, in plain words. */
class PlainFaceError extends Error {}
