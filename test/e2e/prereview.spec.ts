import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, kioskApi, launchKiosk, test as base, type KioskProcess } from './fixtures.ts';
import { onePaperNoTicket } from './prereview-helpers.ts';

/** A hall open round the clock, so the pass and commitment journeys end with a live number
 *  whatever the hour the tests run at (the night voucher has tests of its own). */
function roundTheClockHall(): string {
  const hall = JSON.parse(fs.readFileSync('resources/hall/hall.json', 'utf8')) as Record<string, unknown>;
  const allDay = ['00:00-24:00'];
  hall.hours = { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay };
  hall.closedDates = [];
  hall.lastIssueBeforeCloseMinutes = 0;
  for (const line of hall.lines as Array<Record<string, unknown>>) delete line.hours;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-hall-')), 'hall.json');
  fs.writeFileSync(file, JSON.stringify(hall));
  return file;
}

const test = base.extend<{ openHallKiosk: KioskProcess }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture list from this pattern
  openHallKiosk: async ({}, use) => {
    const kiosk = await launchKiosk({ KIOSK_HALL_CONFIG: roundTheClockHall() });
    await use(kiosk);
    await kiosk.stop();
  },
});

/** Counts the taps a person makes after the card is placed (typing on the keypad is not a tap). */
function tapCounter() {
  let taps = 0;
  return {
    async tap(target: ReturnType<Page['getByTestId']>) {
      taps += 1;
      await target.click();
    },
    get count() {
      return taps;
    },
  };
}

const fullIdNumber = /\d{17}[\dX]/;

async function placeCard(page: Page, label: RegExp, answerForMyself = true) {
  await page.getByTestId('dev-open').click();
  await page.getByRole('button', { name: label }).click();
  await page.getByTestId('dev-close').click();
  await expect(page.getByTestId('whom-screen')).toBeVisible();
  if (!answerForMyself) return;
  // The first question after the card: for myself.
  await page.getByTestId('whom-self').click();
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
  // Typed on the keypad that opens under the field (the kiosk has no keyboard); it stays open while used.
  const mobile = page.getByTestId('field-mobile');
  await mobile.locator('input').click();
  const keypad = page.getByTestId('field-mobile-keypad');
  for (const digit of '12345') await keypad.getByTestId(`field-mobile-keypad-${digit}`).click();
  await expect(mobile.getByRole('alert')).toBeVisible();
  await keypad.getByTestId('field-mobile-keypad-clear').click();
  for (const digit of '13912345678') await keypad.getByTestId(`field-mobile-keypad-${digit}`).click();
  await expect(mobile.locator('input')).toHaveValue('13912345678');
  await expect(mobile.getByRole('alert')).toHaveCount(0);
  // Eleven digits is a whole mobile number: no key types a twelfth.
  await expect(keypad.getByTestId('field-mobile-keypad-1')).toBeDisabled();
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

  const paper = await onePaperNoTicket(page, api);
  expect(paper).toContain('一次性告知单');
  expect(paper).toContain('社会保障卡数码相片回执');
  expect(paper).toMatch(/110\*+\d{3}[\dX]/);
  api.close();
});

test('everything at hand → ticket with the pre-review reference in its QR, in at most 6 taps', async ({
  page,
  openHallKiosk: kiosk,
}) => {
  const api = await kioskApi(kiosk);
  await page.goto(kiosk.url);
  await placeCard(page, /李晓明 · 已过期/, false);
  const taps = tapCounter();

  // "For myself" and the item in one tap: the first question costs no extra tap.
  await taps.tap(page.getByTestId('whom-item-ID-CARD-RENEWAL'));
  await expect(page.getByTestId('form-screen')).toBeVisible();
  await taps.tap(page.getByTestId('field-photoOnSite').getByRole('radio').first());
  await taps.tap(page.getByTestId('field-delivery').getByRole('radio').first());
  // Collected at the window: no mobile number is asked (only postal delivery needs one).
  await expect(page.getByTestId('field-mobile')).toHaveCount(0);
  // Nothing else to bring (renewing away from the place of registration): the review is next.
  await taps.tap(page.getByTestId('form-all-have'));
  await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'pass');
  const reference = (await page.locator('.reference').textContent())!.replace(/^.*?(YS\w+).*$/, '$1');
  await taps.tap(page.getByTestId('confirm'));

  await expect(page.getByTestId('done-screen')).toBeVisible();
  await expect(page.getByTestId('ticket-number')).toBeVisible();
  expect(taps.count).toBeLessThanOrEqual(6);

  const receipts = await api.receipts();
  expect(receipts).toHaveLength(1);
  const ticket = receipts[0]!;
  expect(ticket.complete).toBe(true);
  expect(ticket.cut).toBe(true);
  expect(ticket.lines.join('\n')).toContain('排队');
  expect(ticket.qr.join(' ')).toContain(reference);
  const number = (await page.getByTestId('ticket-number').textContent())!.replace(/^[^A-Z]*/, '').trim();
  expect(ticket.lines.join('\n').replace(/\s+/g, '')).toContain(number.replace(/\s+/g, ''));
  expect(ticket.lines.join('\n')).not.toMatch(fullIdNumber);
  api.close();
});
