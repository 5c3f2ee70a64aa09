// Journeys shared by the pre-review specs: applying for someone else or for a company, answering
// the materials, signing a commitment — each ending where the spec's own assertions begin.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { usccCheckCharacter } from '../../main/prereview/validate.ts';
import { type Api, placeCard } from './citizen-helpers.ts';
import { expect } from './fixtures.ts';

export const fullIdNumber = /\d{17}[\dX]/;

/** The kiosk's own log: says when a signed document was applied (never what it holds). */
export function kioskLog(dataRoot: string): string {
  try {
    return fs.readFileSync(path.join(dataRoot, 'logs', 'kiosk.log'), 'utf8');
  } catch {
    // No log written yet: nothing was applied, which the caller's wait then reports.
    return '';
  }
}

/** A unified social credit code registered in Chaoyang (the hall's district), check character added. */
export function chaoyangUscc(body: string): string {
  const uscc17 = `91110105${body}`;
  return uscc17 + usccCheckCharacter(uscc17)!;
}
/** The hotel's code. */
export const hotelUscc = chaoyangUscc('MA01ABCD1');
/** The noodle shop's code. */
export const noodleUscc = chaoyangUscc('MA02EFGH3');

export const fillField = (page: Page, id: string, value: string) =>
  page.getByTestId(`field-${id}`).locator('input').fill(value);
export const chooseField = (page: Page, id: string, value: RegExp) =>
  page.getByTestId(`field-${id}`).getByRole('radio', { name: value }).click();

/** The agent's own card on the reader, "for someone else", then the item: ends where the applicant
 *  is asked for. `atWhom` runs while the "for whom" question is on screen. */
export async function forSomeoneElse(
  page: Page,
  api: Api,
  {
    agentCard,
    search,
    item,
    atWhom,
  }: { agentCard: string; search: string; item: string; atWhom?: () => Promise<void> },
) {
  await placeCard(api, agentCard);
  await expect(page.getByTestId('whom-screen')).toBeVisible();
  await atWhom?.();
  await page.getByTestId('whom-other').click();
  await expect(page.getByTestId('items-screen')).toBeVisible();
  await page.getByTestId('item-search').fill(search);
  await page.getByTestId(`item-${item}`).click();
  await expect(page.getByTestId('applicant-screen')).toBeVisible();
}

/** Confirms an outcome that prints one paper and gives no ticket (a notice, a not-accepted); returns
 *  that paper, printed to its end, which never carries a full ID number. */
export async function onePaperNoTicket(page: Page, api: Api): Promise<string> {
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('done-screen')).toBeVisible();
  await expect(page.getByTestId('ticket-number')).toHaveCount(0);
  const receipts = await api.receipts();
  expect(receipts).toHaveLength(1);
  expect(receipts[0]!.complete, 'the paper was printed to its end').toBe(true);
  const paper = receipts[0]!.lines.join('\n');
  expect(paper).not.toMatch(fullIdNumber);
  return paper;
}

/** A person at the kiosk applies for a company: their own card first, "for someone else", the item,
 *  then the company named by its credit code. Ends on the form. */
export async function forCompany(
  page: Page,
  api: Api,
  {
    agentCard,
    search,
    item,
    name,
    uscc,
  }: { agentCard: string; search: string; item: string; name: string; uscc: string },
) {
  await forSomeoneElse(page, api, { agentCard, search, item });
  await page.getByTestId('applicant-way-company').click();
  await page.getByTestId('applicant-name').fill(name);
  await page.getByTestId('applicant-number').fill(uscc);
  await page.getByTestId('applicant-confirm').click();
  await expect(page.getByTestId('form-screen')).toBeVisible();
  await expect(page.getByTestId('applicant-summary')).toContainText(uscc);
  // The unit's code on the form is the applicant's, not typed again.
  await expect(page.getByTestId('field-uscc').locator('input')).toHaveValue(uscc);
}

/** Every material not answered yet is at hand: nothing is left to count silently as missing. */
export async function haveTheRest(page: Page) {
  const open = await page
    .locator('[data-testid^="material-"][data-answer=""]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid')!.replace(/^material-/, '')));
  for (const id of open) await page.getByTestId(`have-${id}`).click();
}

/** Signs the offered commitment and returns every paper printed, and the letter among them. */
export async function signCommitment(page: Page, api: Api) {
  await expect(page.getByTestId('confirm')).toBeDisabled();
  await page.getByTestId('accept-commitment').check();
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('done-screen')).toBeVisible();
  await expect(page.getByTestId('ticket-number')).toBeVisible();
  const papers = (await api.receipts()).map((receipt) => receipt.lines.join('\n'));
  const letter = papers.find((paper) => paper.includes('告知承诺书'));
  expect(letter, 'a commitment letter was printed').toBeDefined();
  // The ticket comes with the letter.
  expect(papers.some((paper) => paper.includes('排队'))).toBe(true);
  for (const paper of papers) expect(paper).not.toMatch(fullIdNumber);
  return { papers, letter: letter! };
}

/** A hotel's hygiene licence, applied for by a person at the kiosk for the company. */
export async function hygieneForCompany(page: Page, api: Api, agentCard: string) {
  await forCompany(page, api, {
    agentCard,
    search: '卫生许可',
    item: 'PUBLIC-HYGIENE-LICENCE',
    name: '北京市朝阳区悦来宾馆有限公司',
    uscc: hotelUscc,
  });
  const fill = (id: string, value: string) => fillField(page, id, value);
  await fill('premisesAddress', '北京市朝阳区建国路88号');
  await page.getByTestId('field-premisesType').getByRole('radio').first().click();
  await fill('floorArea', '320');
  await page.getByTestId('field-centralAirConditioning').getByRole('radio', { name: /否|No/ }).click();
  await fill('mobile', '13812345678');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('materials-screen')).toBeVisible();
}

/** Two non-core materials missing, the rest at hand: the case a commitment is offered for. */
export async function answerHygieneMaterials(page: Page) {
  await page.getByTestId('missing-site-plans').click();
  await page.getByTestId('missing-hygiene-inspection-report').click();
  await haveTheRest(page);
}
