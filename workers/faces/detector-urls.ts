/**
 * Where the face worker loads its detector from (issue 24): @vladmandic/face-api's weights and
 * TensorFlow.js's WebAssembly, served by the app itself (no CDN: the CSP allows only 'self', and the app
 * works offline). The shell caches `offlineDetectorURLs` at the first visit, beside ffmpeg.wasm's core.
 */
import ssdManifestURL from '@vladmandic/face-api/model/ssd_mobilenetv1_model-weights_manifest.json?url';
import ssdWeightsURL from '@vladmandic/face-api/model/ssd_mobilenetv1_model.bin?url';
import tinyManifestURL from '@vladmandic/face-api/model/tiny_face_detector_model-weights_manifest.json?url';
import tinyWeightsURL from '@vladmandic/face-api/model/tiny_face_detector_model.bin?url';
import wasmURL from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdURL from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedURL from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** Each detector's weights manifest and weights. */
export const detectorModelURLs = {
  ssd: { manifest: ssdManifestURL, weights: ssdWeightsURL },
  tiny: { manifest: tinyManifestURL, weights: tinyWeightsURL },
} as const;

/** TensorFlow.js's WebAssembly builds, by the file names it asks `setWasmPaths` for. */
export const tfjsWasmURLs = {
  'tfjs-backend-wasm.wasm': wasmURL,
  'tfjs-backend-wasm-simd.wasm': wasmSimdURL,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedURL,
} as const;

/**
 * The files the face worker loads when the coach looks for faces, to cache for offline use: the SSD
 * detector's (the app's only one; the tiny one is for the bench) and the SIMD WebAssembly, the one
 * TensorFlow.js picks wherever SIMD runs (every Chromium, Firefox and Safari the app supports; its
 * threaded build is switched off in the worker). A manifest small enough to be inlined as a data: URL
 * is not fetched.
 */
export const offlineDetectorURLs: readonly string[] = [ssdManifestURL, ssdWeightsURL, wasmSimdURL].filter((url) => !url.startsWith('data:'));
