import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { headersFile, hostingHeaders } from './src/core/hosting.ts';

/** Cross-origin isolation (COOP/COEP/CORP) and the CSP, on dev and preview servers alike (src/core/hosting.ts). */
const headers = { ...hostingHeaders };

/** Writes `_headers` into the build: what a static host must send, and what `npm run serve` sends. */
function hostingHeadersFile(): Plugin {
  return {
    name: 'reframe:hosting-headers-file',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: headersFile() });
    },
  };
}

/**
 * The service worker (workers/service-worker.ts) and the web app manifest. The worker precaches the
 * app shell, every worker script and the caption font; ffmpeg.wasm's core (about 30 MB) is cached
 * after the first load, with progress shown in the library (src/app/offline.svelte.ts). Nothing in
 * development: the dev server's modules must never come from a cache.
 */
function offlineApp() {
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: 'workers',
    filename: 'service-worker.ts',
    registerType: 'prompt',
    // Registered by src/app/offline.svelte.ts (an inline script would break the CSP).
    injectRegister: false,
    devOptions: { enabled: false },
    injectManifest: {
      globPatterns: ['**/*.{js,css,html,svg,png,ttf,webmanifest}'],
      // Source maps are for developers; the wasm is cached apart (see above).
      globIgnores: ['**/*.map', '**/*.wasm'],
      maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
    },
    manifest: {
      id: '/',
      name: 'Reframe: video coaching workbench',
      short_name: 'Reframe',
      description: 'Watch lesson recordings, log evidence and replay clips with the teacher. Videos stay on this computer.',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      background_color: '#f6f8f9',
      theme_color: '#1f4e5f',
      // Opening a video with the installed app (where the browser supports it) imports it.
      file_handlers: [{ action: '/', accept: { 'video/mp4': ['.mp4', '.m4v'], 'video/quicktime': ['.mov'], 'video/webm': ['.webm'] } }],
      launch_handler: { client_mode: 'focus-existing' },
      icons: [
        { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
        { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
      ],
    },
  });
}


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
  plugins: [svelte(), ffmpegOwnWorkerOnly(), hostingHeadersFile(), offlineApp()],
  server: { headers },
  preview: { headers },
  // The workers that use ffmpeg.wasm import @ffmpeg/ffmpeg too.
  worker: { format: 'es', plugins: () => [ffmpegOwnWorkerOnly()] },
  // The dev server's dependency scan does not follow workers: name the CommonJS ones they import, so
  // the first analysis does not make the dev server re-optimise and reload the page.
  optimizeDeps: { include: ['mp4box', 'fft.js'], exclude: ['@ffmpeg/ffmpeg', '@ffmpeg/util'] },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 2000 },
});
