// WCAG 2.2 AA, checked by axe on every citizen screen in normal, elderly and high-contrast mode:
// attract, no card, items, form, materials, each outcome (notice, pass, commitment), done,
// evaluation (with the reasons shown) and out of service. The idle countdown is checked in
// citizen-idle.spec.ts, where the idle time is short.
import type { Page } from '@playwright/test';
import { expect, kioskApi, launchKiosk, test, type KioskProcess } from './fixtures.ts';
import {
  expectAccessible,
  fillSocialSecurityForm,
  modes,
  placeCard,
  forMyself,
  setMode,
  type Api,
  type Mode,
} from './citizen-helpers.ts';

test.describe.configure({ mode: 'serial' });

let kiosk: KioskProcess;
let api: Api;
test.beforeAll(async () => {
  kiosk = await launchKiosk();
  api = await kioskApi(kiosk);
});
test.afterAll(async () => {
  api?.close();
  await kiosk?.stop();
});

async function hygieneToCommitment(page: Page) {
  await page.getByTestId('back').click();
  await page.getByTestId('back').click();
  await page.getByTestId('back').click();
  await expect(page.getByTestId('items-screen')).toBeVisible();
  await page.getByTestId('item-search').fill('卫生许可');
  await page.getByTestId('item-PUBLIC-HYGIENE-LICENCE').click();
  await expect(page.getByTestId('form-screen')).toBeVisible();
  const field = (id: string) => page.getByTestId(`field-${id}`);
  await field('unitName').locator('input').fill('东城区示例宾馆');
  await field('uscc').locator('input').fill('91110101MA01AAAA0G');
  await field('premisesAddress').locator('input').fill('北京市东城区示例路1号');
  await field('premisesType').getByRole('radio').first().click();
  await field('floorArea').locator('input').fill('320');
  await field('centralAirConditioning').getByRole('radio').nth(1).click();
  await field('mobile').locator('input').fill('13912345678');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('materials-screen')).toBeVisible();
  for (const id of [
    'application-form',
    'site-plans',
    'hygiene-inspection-report',
    'hygiene-management-rules',
  ]) {
    const answer = id === 'application-form' ? 'have' : 'missing';
    // Elderly mode pages the checklist: turn pages until the material shows.
    while (!(await page.getByTestId(`${answer}-${id}`).isVisible()))
      await page.getByTestId('page-next').click();
    await page.getByTestId(`${answer}-${id}`).click();
  }
  await page.getByTestId('review').click();
  await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'commitment');
}

for (const mode of modes) {
  test(`every citizen screen passes axe in ${mode} mode`, async ({ page }) => {
    test.setTimeout(120_000);
    const check = (screen: string) => expectAccessible(page, screen, mode as Mode);
    await page.goto(kiosk.url);
    await expect(page.getByTestId('attract-screen')).toBeVisible();
    await setMode(page, mode);
    await check('attract');

    await page.getByTestId('no-card').click();
    await expect(page.getByTestId('no-card-screen')).toBeVisible();
    await page.getByTestId('call-staff').click();
    await expect(page.getByTestId('staff-called')).toBeVisible();
    await check('no-card');

    await placeCard(api);
    await expect(page.getByTestId('whom-screen')).toBeVisible();
    await check('whom');
    await forMyself(page);
    // The mode chosen before the card stays for the session the card starts.
    await expect(page.locator('html')).toHaveAttribute('data-elderly', String(mode === 'elderly'));
    await check('items');

    await fillSocialSecurityForm(page);
    await page.getByTestId('field-mobile').locator('input').fill('123');
    await expect(page.getByTestId('field-mobile').getByRole('alert')).toBeVisible();
    await check('form (with an error)');
    await page.getByTestId('field-mobile').locator('input').fill('13912345678');
    await page.getByTestId('next').click();
    await expect(page.getByTestId('materials-screen')).toBeVisible();
    await check('materials');

    await page.getByTestId('all-have').click();
    await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'pass');
    await check('outcome pass');

    await hygieneToCommitment(page);
    await check('outcome commitment');

    await page.getByTestId('back').click();
    await page.getByTestId('back').click();
    await page.getByTestId('back').click();
    await fillSocialSecurityForm(page);
    await page.getByTestId('next').click();
    await page.getByTestId('missing-photo-receipt').click();
    await page.getByTestId('review').click();
    await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'notice');
    await check('outcome notice');

    await page.getByTestId('confirm').click();
    await expect(page.getByTestId('done-screen')).toBeVisible();
    await check('done');

    await page.getByTestId('finish').click();
    await expect(page.getByTestId('evaluation-screen')).toBeVisible();
    await page.getByTestId('rating-1').click();
    await page.getByTestId('evaluation-submit').click();
    await expect(page.getByTestId('evaluation-error')).toBeVisible();
    await check('evaluation (reasons asked)');
    await page.getByTestId('reason-hard-to-use').click();
    await page.getByTestId('evaluation-submit').click();
    await expect(page.getByTestId('evaluation-thanks')).toBeVisible();
    await check('attract after rating');

    await api.invoke('dev:unplugPrinter', {});
    await expect(page.getByTestId('out-of-service')).toBeVisible({ timeout: 20_000 });
    await setMode(page, mode);
    await check('out of service');
    await api.invoke('dev:replugPrinter', {});
    await expect(page.getByTestId('attract-screen')).toBeVisible({ timeout: 20_000 });
  });
}
