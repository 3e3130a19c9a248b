/** The workbench: keyboard shortcuts, the help overlay, speed, seeking, frame steps and the A-B loop. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importStored, openApp, videoState, type Session } from './harness';

describe('workbench shortcuts', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp();
    await importStored(session.page, 'lesson.mp4');
    await session.page.reload();
    await session.page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2);
    await session.page.locator('video').evaluate((v: HTMLVideoElement) => v.pause());
  });
  afterAll(async () => session?.close());

  const time = async () => (await videoState(session.page)).currentTime;
  const rate = () => session.page.locator('video').evaluate((v: HTMLVideoElement) => v.playbackRate);

  it('lists every shortcut in the ? overlay and closes with Esc', async () => {
    const { page } = session;
    await page.keyboard.press('?');
    const overlay = page.getByTestId('help-overlay');
    const text = await overlay.textContent();
    for (const label of ['Play / pause', 'Back 5 seconds', 'Forward 1 second', 'Next frame', 'Faster', 'Slower', 'Set loop in point', 'Set loop out point', 'Loop on / off']) {
      expect(text).toContain(label);
    }
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached' });
  });

  it('plays and pauses with Space', async () => {
    const { page } = session;
    await page.keyboard.press(' ');
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0.5);
    await page.keyboard.press(' ');
    expect((await videoState(page)).paused).toBe(true);
  });

  it('seeks ±5 s with the arrows and ±1 s with Shift', async () => {
    const { page } = session;
    await page.locator('video').evaluate((v: HTMLVideoElement) => (v.currentTime = 10));
    await page.keyboard.press('ArrowRight');
    expect(await time()).toBeCloseTo(15, 1);
    await page.keyboard.press('Shift+ArrowLeft');
    expect(await time()).toBeCloseTo(14, 1);
    await page.keyboard.press('ArrowLeft');
    expect(await time()).toBeCloseTo(9, 1);
  });

  it('steps one frame at a time (25 fps)', async () => {
    const { page } = session;
    const before = await time();
    await page.keyboard.press('.');
    await page.keyboard.press('.');
    const after = await time();
    expect(after - before).toBeGreaterThan(0.06);
    expect(after - before).toBeLessThan(0.1);
  });

  it('changes speed between 0.5x and 3x', async () => {
    const { page } = session;
    await page.keyboard.press('>');
    expect(await rate()).toBe(1.25);
    for (let i = 0; i < 10; i++) await page.keyboard.press('>');
    expect(await rate()).toBe(3);
    await page.keyboard.press('=');
    expect(await rate()).toBe(1);
    for (let i = 0; i < 5; i++) await page.keyboard.press('<');
    expect(await rate()).toBe(0.5);
    await page.keyboard.press('=');
  });

  it('loops between the in and out points', async () => {
    const { page } = session;
    await page.locator('video').evaluate((v: HTMLVideoElement) => (v.currentTime = 4));
    await page.keyboard.press('[');
    await page.locator('video').evaluate((v: HTMLVideoElement) => (v.currentTime = 5.5));
    await page.keyboard.press(']');
    await page.keyboard.press('\\');
    expect(await page.getByTestId('loop-state').getAttribute('data-looping')).toBe('true');
    expect((await videoState(page)).paused).toBe(true);
    await page.keyboard.press(' ');
    await page.waitForFunction(() => document.querySelector('video')?.paused === false);
    // Sample the clock until it has wrapped back to 4 s twice (at most 20 s, for a loaded machine): it must
    // never run past 5.5 s on the way.
    const { samples, states } = await page.evaluate(async () => {
      const video = document.querySelector('video')!;
      const seen: number[] = [];
      const states = new Set<string>();
      let wraps = 0;
      const end = performance.now() + 20_000;
      while (performance.now() < end && wraps < 2) {
        const t = video.currentTime;
        if (seen.length && t < seen[seen.length - 1] - 0.5) wraps++;
        seen.push(t);
        states.add(`paused ${video.paused}, seeking ${video.seeking}, ready ${video.readyState}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return { samples: seen, states: [...states] };
    });
    await page.keyboard.press(' ');
    const seen = `clock ${samples.slice(0, 40).map((t) => t.toFixed(2)).join(' ')}; ${states.join('; ')}`;
    expect(Math.max(...samples), seen).toBeLessThan(5.65);
    expect(Math.min(...samples), seen).toBeGreaterThanOrEqual(3.95);
    const wraps = samples.filter((t, i) => i > 0 && t < samples[i - 1] - 0.5).length;
    expect(wraps, seen).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('\\');
  });

  it('does not take shortcuts while typing in a field', async () => {
    const { page } = session;
    const before = await time();
    await page.getByTestId('tab-lesson').click();
    await page.getByTestId('lesson-title-input').click();
    await page.keyboard.type(' k.>');
    expect((await videoState(page)).paused).toBe(true);
    expect(await time()).toBe(before);
    expect(await rate()).toBe(1);
    await expect(page.getByTestId('lesson-title-input').inputValue()).resolves.toBe('lesson k.>');
  });
});
