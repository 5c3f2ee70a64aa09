import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

// What the page starts playing, and whether the greeting was already on screen at that moment.
// The system has no speech voice here (none is forced, to be sure), so the kiosk falls back to
// its recordings, which is what a kiosk without a Chinese voice does.
// (Page code as strings: the tests are type-checked for Node, without the DOM.)
test.beforeEach(async ({ page }) => {
  await page.addInitScript(`(() => {
    const spoken = [];
    window.spoken = spoken;
    if (typeof speechSynthesis !== 'undefined') speechSynthesis.getVoices = () => [];
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function () {
      spoken.push({
        src: new URL(this.src).pathname,
        greetingShown: document.querySelector('[data-testid=greeting]') !== null,
      });
      return play.call(this);
    };
  })()`);
});

const spoken = async (page: Page) =>
  (await page.evaluate('window.spoken')) as { src: string; greetingShown: boolean }[];

test('a screen’s guidance is spoken once it is shown, in the person’s language, and again on request', async ({
  page,
  kiosk,
}) => {
  await page.goto(kiosk.url);
  await page.getByTestId('dev-open').click();
  await page.getByRole('button', { name: /张三 · 有效/ }).click();
  await page.getByTestId('dev-close').click();
  // First "for whom", then the item list and its guidance.
  await page.getByTestId('whom-self').click();
  await expect(page.getByTestId('greeting')).toBeVisible();

  await expect
    .poll(async () => (await spoken(page)).map((entry) => entry.src))
    .toContain('/prompts/zh-CN/guide.items.ogg');
  const items = (await spoken(page)).find((entry) => entry.src === '/prompts/zh-CN/guide.items.ogg')!;
  // Seen, then heard: the sentence starts once the greeting is in the page, never before.
  expect(items.greetingShown).toBe(true);
  // The recording is really there to be played.
  const recording = await page.request.get(`${new URL(kiosk.url).origin}/prompts/zh-CN/guide.items.ogg`);
  expect(recording.status()).toBe(200);
  expect(recording.headers()['content-type']).toMatch(/^audio\/ogg/);

  await page.getByTestId('lang-switch').click();
  await page.getByTestId('read-aloud').click();
  await expect
    .poll(async () => (await spoken(page)).map((entry) => entry.src))
    .toContain('/prompts/en/guide.items.ogg');
});

test('muted, nothing is spoken by itself, but “read aloud” still reads', async ({ page, kiosk }) => {
  await page.goto(kiosk.url);
  await expect
    .poll(async () => (await spoken(page)).map((entry) => entry.src))
    .toEqual(['/prompts/zh-CN/guide.attract.ogg']);
  await page.getByTestId('mute-toggle').click();
  await page.evaluate('window.spoken.length = 0');
  await page.getByTestId('dev-open').click();
  await page.getByRole('button', { name: /张三 · 有效/ }).click();
  await expect(page.getByTestId('greeting')).toBeVisible();
  // Long enough for a sentence that was going to start after the paint to have started.
  await page.waitForTimeout(500);
  expect(await spoken(page)).toEqual([]);

  await page.getByTestId('dev-close').click();
  await page.getByTestId('whom-self').click();
  await expect(page.getByTestId('items-screen')).toBeVisible();
  await page.evaluate('window.spoken.length = 0');
  await page.getByTestId('read-aloud').click();
  await expect
    .poll(async () => (await spoken(page)).map((entry) => entry.src))
    .toEqual(['/prompts/zh-CN/guide.items.ogg']);
});
