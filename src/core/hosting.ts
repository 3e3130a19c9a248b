/**
 * What a server must send with the app's files, in one place: the dev and preview servers
 * (vite.config.ts), the `_headers` file written into every build for static hosts and read by
 * `npm run serve` (scripts/serve.mjs), and the service worker, which adds them to a cached file
 * whose host sent none.
 */

/**
 * Nothing beyond the app's own origin: scripts, workers, media and connections are all 'self'
 * (plus blob: for the stored video and data: for inline images). 'wasm-unsafe-eval' lets
 * ffmpeg.wasm compile its core, which the app serves itself.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Cross-origin isolation (COOP/COEP/CORP), the CSP and no referrer: sent with every file. */
export const hostingHeaders: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy': contentSecurityPolicy,
  'Referrer-Policy': 'no-referrer',
};

/**
 * How long browsers may keep each file: hashed assets for ever, the page, the service worker and the
 * manifest never without asking (so a new version is found on the next visit).
 */
export const cachingRules: ReadonlyArray<{ path: string; cacheControl: string }> = [
  { path: '/assets/*', cacheControl: 'public, max-age=31536000, immutable' },
  { path: '/', cacheControl: 'no-cache' },
  { path: '/index.html', cacheControl: 'no-cache' },
  { path: '/service-worker.js', cacheControl: 'no-cache' },
  { path: '/manifest.webmanifest', cacheControl: 'no-cache' },
];

/** Name of the Cache Storage cache that holds ffmpeg.wasm's core (about 30 MB), apart from the app shell. */
export const FFMPEG_CORE_CACHE = 'reframe-ffmpeg-core';

/** Name of the cache that holds the face detector's weights and TensorFlow.js's WebAssembly (issue 24). */
export const FACE_DETECTOR_CACHE = 'reframe-face-detector';

/** The face detector's files as the build names them (weights, their manifests, TensorFlow.js's WebAssembly). */
export const FACE_DETECTOR_FILE = /\/(ssd_mobilenetv1_model|tiny_face_detector_model|tfjs-backend-wasm)[\w-]*\.(bin|json|wasm)$/;

/**
 * The `_headers` file (the format of Netlify and Cloudflare Pages): a path pattern on its own line,
 * then its headers indented below it. Every block whose pattern matches a path applies.
 */
export function headersFile(): string {
  const block = (path: string, headers: Record<string, string>) => [path, ...Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`)].join('\n');
  return [
    '# Headers every static host must send with Reframe (see "Hosting Reframe" in the README).',
    block('/*', { ...hostingHeaders }),
    ...cachingRules.map((rule) => block(rule.path, { 'Cache-Control': rule.cacheControl })),
  ].join('\n') + '\n';
}

/** The hosting headers a response lacks (`has` asks the response, case-insensitively). */
export function missingHostingHeaders(has: (name: string) => boolean): [name: string, value: string][] {
  return Object.entries(hostingHeaders).filter(([name]) => !has(name));
}
