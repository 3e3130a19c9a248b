// Screenshots of meeting mode at 1920x1080 and 1280x720 for a visual check:
//   node scripts/screenshot-meeting.mjs OUT_DIR   (needs the build, the fixtures and `vite preview --port 4180`)
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = process.argv[2] ?? 'test-results';
const base = process.env.APP_URL ?? 'http://127.0.0.1:4180/';
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'reframe-shot-')), {
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1920, height: 1080 },
  args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required', '--mute-audio'],
});
const page = context.pages()[0];
page.on('pageerror', (e) => console.log('page error:', e));
await page.goto(base);
await page.getByTestId('import-input').setInputFiles('tests/fixtures/out/synth/lesson-s12-0-1.5m.mp4');
await page.waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 120_000 });
const seek = (t) => page.locator('video').evaluate((v, time) => (v.currentTime = time), t);
await seek(8); await page.keyboard.press('['); await seek(14); await page.keyboard.press(']');
await page.getByTestId('clip-from-loop').click();
await seek(30); await page.keyboard.press('q');
await page.locator('[data-testid="entry"][data-kind="teacher_question"] [data-testid="entry-clip"]').click();
await seek(50); await page.keyboard.press('i'); await seek(53); await page.keyboard.press('i'); await seek(58); await page.keyboard.press('i');
await page.locator('[data-testid="entry"][data-kind="incident"] [data-testid="entry-clip"]').click();
await page.waitForTimeout(300);
await page.screenshot({ path: join(out, 'workbench-1920.png') });
await page.getByTestId('open-meeting').click();
await page.getByTestId('clip-item').first().waitFor();
await page.getByTestId('meeting-focus').fill('Wait time after open questions');
await page.getByTestId('action-add').click();
await page.getByTestId('action-text').fill('Count to five after each open question');
// Let the toasts from making the clips fade first.
await page.waitForTimeout(4500);
await page.screenshot({ path: join(out, 'meeting-1920x1080.png') });
await page.setViewportSize({ width: 1280, height: 720 });
await page.waitForTimeout(500);
await page.screenshot({ path: join(out, 'meeting-1280x720.png') });
await context.close();
