// Renders the main citizen screens in normal, elderly and high-contrast mode to docs/screens/*.png
// (linked from the README). Only when asked, so `npm test` never rewrites committed pictures:
//   npm run build:renderer && SCREENSHOTS=1 npx playwright test -c test/e2e/playwright.config.ts citizen-screenshots
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { fillSocialSecurityForm, forMyself, placeCard, setMode, type Mode } from './citizen-helpers.ts';
import { expect, kioskApi, launchKiosk, test } from './fixtures.ts';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screens');

test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to render docs/screens');
// Half the pixels of the kiosk's portrait screen keeps the pictures small enough to commit.
test.use({ deviceScaleFactor: 0.5 });

const shot = async (page: Page, name: string, mode: Mode) => {
  // The developer panel's button exists on emulated kiosks only: not part of the product's screens.
  await page
    .getByTestId('dev-open')
    .evaluate((button) => ((button as unknown as { style: { display: string } }).style.display = 'none'));
  // Let fonts settle and the clock tick over, so the pictures are stable.
  await page.evaluate(
    () =>
      (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready,
  );
  await page.screenshot({ path: path.join(out, `${name}-${mode}.png`), animations: 'disabled' });
};

for (const mode of ['normal', 'elderly', 'contrast'] as const) {
  test(`screens in ${mode} mode`, async ({ page }) => {
    test.setTimeout(120_000);
    const kiosk = await launchKiosk({ KIOSK_IDLE_SECONDS: '600', KIOSK_ELDERLY_IDLE_SECONDS: '600' });
    const api = await kioskApi(kiosk);
    try {
      await page.goto(kiosk.url);
      await expect(page.getByTestId('health-printer')).toHaveAttribute('data-level', 'ok', {
        timeout: 15_000,
      });
      await setMode(page, mode);
      await shot(page, 'attract', mode);
      if (mode === 'contrast') {
        // High contrast is shown for the first and the busiest screens only.
        await placeCard(api);
        await fillSocialSecurityForm(page);
        await shot(page, 'form', mode);
        return;
      }
      await page.getByTestId('no-card').click();
      await expect(page.getByTestId('no-card-screen')).toBeVisible();
      await shot(page, 'no-card', mode);
      await placeCard(api);
      await expect(page.getByTestId('whom-screen')).toBeVisible();
      await shot(page, 'whom', mode);
      await forMyself(page);
      await expect(page.getByTestId('item-list').locator('li').first()).toBeVisible();
      await shot(page, 'items', mode);
      await fillSocialSecurityForm(page);
      await shot(page, 'form', mode);
      await page.getByTestId('next').click();
      await expect(page.getByTestId('materials-screen')).toBeVisible();
      await shot(page, 'materials', mode);
      await page.getByTestId('missing-photo-receipt').click();
      await page.getByTestId('review').click();
      await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'notice');
      await shot(page, 'outcome-notice', mode);
      await page.getByTestId('confirm').click();
      await expect(page.getByTestId('done-screen')).toBeVisible();
      await shot(page, 'done', mode);
      await page.getByTestId('finish').click();
      await page.getByTestId('rating-2').click();
      await page.getByTestId('reason-unclear-requirements').click();
      await shot(page, 'evaluation', mode);
    } finally {
      api.close();
      await kiosk.stop();
    }
  });
}

// The landscape screen (1920×1080) as halls also mount it: the main screens in normal mode.
test('screens in landscape', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  const kiosk = await launchKiosk({ KIOSK_IDLE_SECONDS: '600' });
  const api = await kioskApi(kiosk);
  try {
    await page.goto(kiosk.url);
    await expect(page.getByTestId('attract-screen')).toBeVisible();
    await shot(page, 'attract-landscape', 'normal');
    await placeCard(api);
    await expect(page.getByTestId('whom-screen')).toBeVisible();
    await shot(page, 'whom-landscape', 'normal');
    await forMyself(page);
    await expect(page.getByTestId('items-screen')).toBeVisible();
    await expect(page.getByTestId('item-list').locator('li').first()).toBeVisible();
    await shot(page, 'items-landscape', 'normal');
    await fillSocialSecurityForm(page);
    await shot(page, 'form-landscape', 'normal');
  } finally {
    api.close();
    await kiosk.stop();
  }
});

test('idle countdown', async ({ page }) => {
  const kiosk = await launchKiosk({ KIOSK_IDLE_SECONDS: '30', KIOSK_IDLE_COUNTDOWN_SECONDS: '25' });
  const api = await kioskApi(kiosk);
  try {
    await page.goto(kiosk.url);
    await placeCard(api);
    await expect(page.getByTestId('idle-countdown')).toBeVisible({ timeout: 15_000 });
    await shot(page, 'idle-countdown', 'normal');
  } finally {
    api.close();
    await kiosk.stop();
  }
});
