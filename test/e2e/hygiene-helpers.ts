// The public hygiene licence for a company, the case the commitment journeys are proven on: a person
// at the kiosk (the agent, on their own card) applies for a hotel named by its credit code, with two
// non-core materials missing — the case a commitment is offered for.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { usccCheckCharacter } from '../../main/prereview/validate.ts';
import { placeCard } from './citizen-helpers.ts';
import { expect, type kioskApi } from './fixtures.ts';

const uscc17 = '91110105MA01ABCD1';
/** The hotel's unified social credit code (registered in Chaoyang, the hall's district). */
export const hotelUscc = uscc17 + usccCheckCharacter(uscc17)!;

/** The kiosk's own log: says when a signed document was applied (never what it holds). */
export function kioskLog(dataRoot: string): string {
  try {
    return fs.readFileSync(path.join(dataRoot, 'logs', 'kiosk.log'), 'utf8');
  } catch {
    // No log written yet: nothing was applied, which the caller's wait then reports.
    return '';
  }
}

/** The agent's card first, "for someone else", then the company named by its credit code, and the
 *  form filled: ends on the materials screen. */
export async function hygieneForCompany(
  page: Page,
  api: Awaited<ReturnType<typeof kioskApi>>,
  agentCardId: string,
): Promise<void> {
  await placeCard(api, agentCardId);
  await page.getByTestId('whom-other').click();
  await page.getByTestId('item-search').fill('卫生许可');
  await page.getByTestId('item-PUBLIC-HYGIENE-LICENCE').click();
  await expect(page.getByTestId('applicant-screen')).toBeVisible();
  await page.getByTestId('applicant-way-company').click();
  await page.getByTestId('applicant-name').fill('北京市朝阳区悦来宾馆有限公司');
  await page.getByTestId('applicant-number').fill(hotelUscc);
  await page.getByTestId('applicant-confirm').click();
  await expect(page.getByTestId('form-screen')).toBeVisible();
  await expect(page.getByTestId('applicant-summary')).toContainText(hotelUscc);
  // The unit and its code on the form are the applicant's, not typed again.
  await expect(page.getByTestId('field-uscc').locator('input')).toHaveValue(hotelUscc);
  const fill = (id: string, value: string) => page.getByTestId(`field-${id}`).locator('input').fill(value);
  await fill('premisesAddress', '北京市朝阳区建国路88号');
  await page.getByTestId('field-premisesType').getByRole('radio').first().click();
  await fill('floorArea', '320');
  await page.getByTestId('field-centralAirConditioning').getByRole('radio', { name: /否|No/ }).click();
  const mobile = page.getByTestId('field-mobile').locator('input');
  // Asked only where the item needs it, and typed once per session: fill it when it is there and empty.
  if ((await mobile.count()) > 0 && (await mobile.inputValue()) === '') await mobile.fill('13812345678');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('materials-screen')).toBeVisible();
}

/** Two non-core materials missing, every other one at hand. */
export async function answerHygieneMaterials(page: Page): Promise<void> {
  await page.getByTestId('missing-site-plans').click();
  await page.getByTestId('missing-hygiene-inspection-report').click();
  // Every other material is at hand: nothing is left to count silently as missing.
  const open = await page
    .locator('[data-testid^="material-"][data-answer=""]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid')!.replace(/^material-/, '')));
  for (const id of open) await page.getByTestId(`have-${id}`).click();
}
