// Shared steps of the citizen end-to-end specs: modes, axe checks, cards placed on the emulated
// reader through the API (so the developer panel, which lists the deck's names, never renders).
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, kioskApi, launchKiosk } from './fixtures.ts';

export type Mode = 'normal' | 'elderly' | 'contrast';
export const modes: readonly Mode[] = ['normal', 'elderly', 'contrast'];

export type Api = Awaited<ReturnType<typeof kioskApi>>;
export type Kiosk = Awaited<ReturnType<typeof launchKiosk>>;

/** A kiosk started with `env` and its API open; both closed whatever `run` does. */
export async function withKioskApi(env: NodeJS.ProcessEnv, run: (kiosk: Kiosk, api: Api) => Promise<void>) {
  const kiosk = await launchKiosk(env);
  const api = await kioskApi(kiosk);
  try {
    await run(kiosk, api);
  } finally {
    api.close();
    await kiosk.stop();
  }
}

/** Sets the display mode with the on-screen toggles, as a person would. */
export async function setMode(page: Page, mode: Mode): Promise<void> {
  const elderly = page.getByTestId('elderly-toggle');
  const contrast = page.getByTestId('contrast-toggle');
  const want = { elderly: mode === 'elderly', contrast: mode === 'contrast' };
  // Retried as a whole: a session that has just ended resets the person's choices, and that reset
  // may land right after a tap made here.
  await expect(async () => {
    if ((await elderly.getAttribute('aria-pressed')) !== String(want.elderly)) await elderly.click();
    if ((await contrast.getAttribute('aria-pressed')) !== String(want.contrast)) await contrast.click();
    await expect(page.locator('html')).toHaveAttribute('data-elderly', String(want.elderly), {
      timeout: 2_000,
    });
    await expect(page.locator('html')).toHaveAttribute('data-contrast', want.contrast ? 'high' : 'normal', {
      timeout: 2_000,
    });
  }).toPass({ timeout: 15_000 });
}

/** WCAG 2.2 A/AA with axe: no serious or critical violation on what is on screen now. */
export async function expectAccessible(page: Page, screen: string, mode: Mode): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const bad = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      nodes: violation.nodes.slice(0, 5).map((node) => `${node.target.join(' ')} — ${node.failureSummary}`),
    }));
  expect(bad, `axe on ${screen} (${mode})`).toEqual([]);
}

export async function placeCard(api: Api, cardId = 'resident-zhang-san'): Promise<void> {
  const state = (await api.invoke('dev:getState')).value as { idcard?: { currentCardId: string | null } };
  if (state.idcard?.currentCardId) {
    await api.invoke('dev:removeCard', {});
    // Let the reader see the empty reader (it polls every 50 ms), so the card arrives as a new placement.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
  }
  const reply = await api.invoke('dev:placeCard', { cardId });
  expect(reply.ok).toBe(true);
}

/** The first question after a card: "for myself" (the card is the applicant's). */
export async function forMyself(page: Page): Promise<void> {
  await page.getByTestId('whom-self').click();
  await expect(page.getByTestId('items-screen')).toBeVisible();
}

/** Social security card for 张三: the form filled to pass, then on to the checklist. */
export async function fillSocialSecurityForm(page: Page, mobile = '13912345678'): Promise<void> {
  const whom = page.getByTestId('whom-screen');
  await expect(whom.or(page.getByTestId('items-screen'))).toBeVisible();
  if (await whom.isVisible()) await forMyself(page);
  await page.getByTestId('item-search').fill('sbk');
  await page.getByTestId('item-SOCIAL-SECURITY-CARD').click();
  await expect(page.getByTestId('form-screen')).toBeVisible();
  await page.getByTestId('field-mobile').locator('input').fill(mobile);
  await expect(page.getByTestId('field-mobile').getByRole('alert')).toHaveCount(0);
  await page.getByTestId('field-bank').getByRole('radio').first().click();
  await page.getByTestId('field-alreadyHasLocalCard').getByRole('radio').nth(1).click();
}

/** From the greeting to the outcome 'pass' for 社会保障卡申领: the form filled, every material at hand. */
export async function passSocialSecurity(page: Page): Promise<void> {
  await fillSocialSecurityForm(page);
  await page.getByTestId('next').click();
  await page.getByTestId('all-have').click();
  await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'pass');
}
