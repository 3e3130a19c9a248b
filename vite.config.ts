import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * Nothing beyond the app's own origin: scripts, workers, media and connections are all 'self'
 * (plus blob: for the stored video and data: for inline images). 'wasm-unsafe-eval' lets
 * ffmpeg.wasm compile its core, which the app serves itself.
 */
const contentSecurityPolicy = [
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

/** Cross-origin isolation (for SharedArrayBuffer) and the CSP, on dev and preview servers alike. */
const headers = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy': contentSecurityPolicy,
  'Referrer-Policy': 'no-referrer',
};

/**
 * @ffmpeg/ffmpeg's `FFmpeg.load` starts the package's own worker when no `classWorkerURL` is given,
 * and that worker defaults to fetching the core from a CDN. The app always gives its own worker
 * (workers/ffmpeg/ffmpeg.worker.ts), so the fallback is replaced by an error instead of being bundled.
 */
function ffmpegOwnWorkerOnly(): Plugin {
  const fallback = /new Worker\(new URL\("\.\/worker\.js", import\.meta\.url\), \{\s*type: "module",\s*\}\)/;
  return {
    name: 'reframe:ffmpeg-own-worker-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/@ffmpeg[\\/]ffmpeg[\\/]dist[\\/]esm[\\/]classes\.js/.test(id)) return null;
      if (!fallback.test(code)) this.error('@ffmpeg/ffmpeg changed how it starts its worker: update ffmpegOwnWorkerOnly in vite.config.ts');
      return { code: code.replace(fallback, '(() => { throw new Error("FFmpeg.load needs the app\'s classWorkerURL"); })()'), map: null };
    },
  };
}

export default defineConfig({
  plugins: [svelte(), ffmpegOwnWorkerOnly()],
  server: { headers },
  preview: { headers },
  // The workers that use ffmpeg.wasm import @ffmpeg/ffmpeg too.
  worker: { format: 'es', plugins: () => [ffmpegOwnWorkerOnly()] },
  // The dev server's dependency scan does not follow workers: name the CommonJS ones they import, so
  // the first analysis does not make the dev server re-optimise and reload the page.
  optimizeDeps: { include: ['mp4box', 'fft.js'], exclude: ['@ffmpeg/ffmpeg', '@ffmpeg/util'] },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 2000 },
});
