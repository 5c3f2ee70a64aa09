// Steps shared by the specs where a citizen's trouble reaches the staff desk (help.spec.ts,
// paper-out-help.spec.ts, paper-and-cards.spec.ts): the desk signing in on a second page, and a
// citizen brought to a 一次性告知单 outcome, the slip that a paper fault then cuts short.
import type { Page } from '@playwright/test';
import { expect } from './fixtures.ts';
import { fillSocialSecurityForm, placeCard, type Api } from './citizen-helpers.ts';

/** Staff 1001 signs in on the desk page, which then lists help calls. */
export async function signInDesk(page: Page): Promise<void> {
  await page.getByTestId('staff-entry').click();
  await page.getByTestId('staff-id').fill('1001');
  await page.getByTestId('staff-pin').fill('246810');
  await page.getByTestId('staff-login-submit').click();
  await expect(page.getByTestId('staff-who')).toBeVisible();
  await expect(page.getByTestId('help-calls')).toBeVisible();
}

/** 张三's social security card without the photo receipt: a 一次性告知单, printed on confirm. */
export async function toNoticeOutcome(page: Page, api: Api): Promise<void> {
  await placeCard(api);
  await expect(page.getByTestId('greeting')).toContainText('张三');
  await fillSocialSecurityForm(page);
  await page.getByTestId('next').click();
  await page.getByTestId('missing-photo-receipt').click();
  await page.getByTestId('review').click();
  await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'notice');
}
