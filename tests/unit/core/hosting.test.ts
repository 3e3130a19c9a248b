import { describe, expect, it } from 'vitest';
import { cachingRules, contentSecurityPolicy, FACE_DETECTOR_FILE, headersFile, hostingHeaders, missingHostingHeaders } from '../../../src/core/hosting';

describe('the headers a host must send (issue 21)', () => {
  it('keeps every request on the app\'s own origin and the page cross-origin isolated', () => {
    expect(contentSecurityPolicy).toMatch(/(^|; )default-src 'self'(;|$)/);
    expect(contentSecurityPolicy).not.toMatch(/https?:/);
    expect(hostingHeaders).toMatchObject({ 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
  });

  it('writes _headers with every header under /*, then the caching rules', () => {
    const lines = headersFile().split('\n');
    const all = lines.indexOf('/*');
    expect(all).toBeGreaterThan(-1);
    for (const [name, value] of Object.entries(hostingHeaders)) expect(lines[all + 1 + Object.keys(hostingHeaders).indexOf(name)]).toBe(`  ${name}: ${value}`);
    for (const rule of cachingRules) expect(lines[lines.indexOf(rule.path) + 1]).toBe(`  Cache-Control: ${rule.cacheControl}`);
    // The service worker and the page must never be kept without asking, or a new version is never found.
    expect(cachingRules.find((rule) => rule.path === '/service-worker.js')?.cacheControl).toBe('no-cache');
    expect(cachingRules.find((rule) => rule.path === '/index.html')?.cacheControl).toBe('no-cache');
  });

  it('names the headers a cached response lacks, case-insensitively, and none when all are there', () => {
    const present = new Set(['cross-origin-opener-policy', 'content-security-policy']);
    expect(missingHostingHeaders((name) => present.has(name.toLowerCase())).map(([name]) => name)).toEqual([
      'Cross-Origin-Embedder-Policy',
      'Cross-Origin-Resource-Policy',
      'Referrer-Policy',
    ]);
    expect(missingHostingHeaders(() => true)).toEqual([]);
  });
});

describe('FACE_DETECTOR_FILE', () => {
  it('names the face detector files as the build hashes them, and not ffmpeg.wasm\'s core', () => {
    for (const path of ['/assets/ssd_mobilenetv1_model-CwVKCpPc.bin', '/assets/ssd_mobilenetv1_model-weights_manifest-B7lFiDAh.json', '/assets/tfjs-backend-wasm-simd-BrM3BlWr.wasm', '/assets/tiny_face_detector_model-C4Zmc5xe.bin']) expect(FACE_DETECTOR_FILE.test(path), path).toBe(true);
    for (const path of ['/assets/ffmpeg-core-CgUfceKH.wasm', '/assets/faces.worker-BHQIjYiH.js']) expect(FACE_DETECTOR_FILE.test(path), path).toBe(false);
  });
});
