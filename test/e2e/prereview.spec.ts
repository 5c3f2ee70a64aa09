import type { Page } from '@playwright/test';
import { expect, kioskApi, test } from './fixtures.ts';

async function placeCard(page: Page, label: RegExp) {
  await page.getByTestId('dev-open').click();
  await page.getByRole('button', { name: label }).click();
  await page.getByTestId('dev-close').click();
  await expect(page.getByTestId('items-screen')).toBeVisible();
}

test('missing material → one-time notification slip listing it, and no ticket', async ({ page, kiosk }) => {
  const api = await kioskApi(kiosk);
  await page.goto(kiosk.url);
  await placeCard(page, /张三 · 有效/);

  await page.getByTestId('item-search').fill('sbk');
  await page.getByTestId('item-SOCIAL-SECURITY-CARD').click();
  await expect(page.getByTestId('form-screen')).toBeVisible();
  await expect(page.getByTestId('field-idNumber').locator('input')).toHaveValue(/^110\*{11}\d{3}[\dX]$/);

  // Validation as the person types: a wrong mobile number is named, a right one clears it.
  await page.getByTestId('field-mobile').locator('input').fill('12345');
  await expect(page.getByTestId('field-mobile').getByRole('alert')).toBeVisible();
  await page.getByTestId('field-mobile').locator('input').fill('13912345678');
  await expect(page.getByTestId('field-mobile').getByRole('alert')).toHaveCount(0);
  await page.getByTestId('field-bank').getByRole('radio', { name: '工商银行' }).click();
  await page.getByTestId('field-alreadyHasLocalCard').getByRole('radio', { name: '否' }).click();
  await page.getByTestId('next').click();

  await expect(page.getByTestId('materials-screen')).toBeVisible();
  // Going back keeps what was typed.
  await page.getByTestId('back').click();
  await expect(page.getByTestId('field-mobile').locator('input')).toHaveValue('13912345678');
  await page.getByTestId('next').click();

  await page.getByTestId('missing-photo-receipt').click();
  await page.getByTestId('review').click();
  await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'notice');
  await expect(page.getByTestId('problems')).toContainText('社会保障卡数码相片回执');

  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('done-screen')).toBeVisible();
  await expect(page.getByTestId('ticket-number')).toHaveCount(0);

  const receipts = await api.receipts();
  expect(receipts).toHaveLength(1);
  const paper = receipts[0]!.lines.join('\n');
  expect(paper).toContain('一次性告知单');
  expect(paper).toContain('社会保障卡数码相片回执');
  expect(paper).toMatch(/110\*+\d{3}[\dX]/);
  expect(paper).not.toMatch(/\d{17}[\dX]/);
  expect(receipts[0]!.complete).toBe(true);
  api.close();
});
