// Screenshots of the built app for a visual check: node scripts/screenshot.mjs OUT_DIR [fixture.mp4]
// (needs `npm run build`, `npm run fixtures` and `npm run preview` running on port 4173).
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const out = process.argv[2] ?? 'test-results';
const fixture = resolve(process.argv[3] ?? 'tests/fixtures/out/lesson.mp4');
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'reframe-shot-')), {
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1440, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required', '--mute-audio'],
});
const page = context.pages()[0];
page.on('console', (m) => m.type() === 'error' && console.log('console error:', m.text()));
await page.goto('http://127.0.0.1:4173/');
await page.screenshot({ path: join(out, 'library-empty.png') });
await page.getByTestId('import-input').setInputFiles(fixture);
await page.waitForURL(/#\/lesson\//);
await page.waitForSelector('[data-testid="analysis-status"][data-state="done"], [data-testid="analysis-status"][data-state="error"], [data-testid="analysis-status"][data-state="no-audio"]', { timeout: 120_000 });
await page.locator('video').evaluate((v) => { v.pause(); v.currentTime = 8; });
await page.waitForTimeout(800);
await page.screenshot({ path: join(out, 'workbench.png'), fullPage: true });
await page.goto('http://127.0.0.1:4173/#/');
await page.waitForTimeout(800);
await page.screenshot({ path: join(out, 'library.png') });
await context.close();
