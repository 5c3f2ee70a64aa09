// English slips (issue 15): a citizen who switches the kiosk to English gets their paper in English —
// the queue ticket, the one-time notification with missing materials, the commitment letter, and at
// night the next-day voucher — read off the printer emulator's paper; the ID number masked as on
// Chinese paper; and a staff reprint of an English slip is English too. Each paper's decoded text is
// printed once in the test output, to be read as a person would.
import type { Page } from '@playwright/test';
import {
  setMode,
  type Api,
  type Kiosk,
  fillSocialSecurityForm,
  passSocialSecurity,
  placeCard,
  withKioskApi,
} from './citizen-helpers.ts';
import { expect, test } from './fixtures.ts';
import { allDayHall, closedTodayHall } from './hall-helpers.ts';
import { answerHygieneMaterials, fullIdNumber, hygieneForCompany } from './prereview-helpers.ts';

/** Chinese characters outside names and the Chinese legal citations: none on English paper. */
const CHINESE_WORDS = /凭条|排队|前面|等候|告知单|承诺书|申请人|证件号码|预审编号|咨询电话|补打|请/;

const withKiosk = (hall: string, run: (kiosk: Kiosk, api: Api) => Promise<void>) =>
  withKioskApi({ KIOSK_HALL_CONFIG: hall }, run);

/** The citizen switches the screen to English (the language resets when a session ends). */
async function english(page: Page) {
  const html = page.locator('html');
  if ((await html.getAttribute('lang')) !== 'en') await page.getByTestId('lang-switch').click();
  await expect(html).toHaveAttribute('lang', 'en');
}

/** The paper printed after `before` receipts, complete; its text printed once in the test output. */
async function nextPaper(api: Api, before: number, what: string): Promise<string> {
  await expect.poll(async () => (await api.receipts()).length, { timeout: 15_000 }).toBeGreaterThan(before);
  const receipt = (await api.receipts()).at(-1)!;
  expect(receipt.complete, `${what}: printed to its end`).toBe(true);
  const text = receipt.lines.join('\n');
  console.log(`\n──── ${what} ────\n${text}\n`);
  expect(text, `${what}: no full ID number`).not.toMatch(fullIdNumber);
  return text;
}

const flat = (text: string) => text.replace(/\s+/g, ' ');

/** The paper without what is Chinese on purpose: each basis's Chinese original (up to the next
 *  English line or rule) and the letter's Chinese title under its English one. */
const withoutCitations = (text: string) =>
  text
    .replace(/依据 \(Chinese original\):[^]*?(?=\n[-A-Za-z]|$)/g, '')
    .replace(/^\([\u3400-\u9fff]+\)$/m, '');

/** English chosen on the attract screen before the card, 社会保障卡申领 passed and confirmed: the
 *  done screen shows. Returns the printer's receipt count before the confirming tap. */
async function englishSocialSecurityConfirmed(page: Page, kiosk: Kiosk, api: Api): Promise<number> {
  await page.goto(kiosk.url);
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  await english(page);
  await placeCard(api, 'resident-zhang-san');
  await expect(page.getByTestId('greeting')).toContainText('张三');
  await passSocialSecurity(page);
  const before = (await api.receipts()).length;
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('done-screen')).toBeVisible();
  return before;
}

async function endSession(page: Page, api: Api) {
  await api.invoke('session:end', { reason: 'user' });
  await expect(page.getByTestId('attract-screen')).toBeVisible();
}

test('in English: a ticket, a notice with missing materials, a commitment letter — all English on paper, the ID masked; the desk reprints the notice in English', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await withKiosk(allDayHall(), async (kiosk, api) => {
    // (a) A ticket: chosen in English at the attract screen, before the card.
    let before = await englishSocialSecurityConfirmed(page, kiosk, api);
    const number = /[A-Z]\d-\d{3}/.exec((await page.getByTestId('ticket-number').textContent())!)![0];
    const ticket = await nextPaper(api, before, 'English queue ticket');
    expect(ticket).toContain('Queue ticket');
    expect(flat(ticket)).toContain('Social and medical insurance');
    expect(ticket).toContain(number);
    expect(ticket).toMatch(/ahead of you/);
    expect(flat(ticket)).toContain('Show this code at the counter');
    expect(ticket).not.toMatch(CHINESE_WORDS);
    expect(ticket).not.toMatch(/[：，。（）「」]/);
    await endSession(page, api);

    // (b) A notice with a material missing: the language is switched during the session this time.
    await placeCard(api, 'resident-zhang-san');
    await expect(page.getByTestId('greeting')).toContainText('张三');
    await english(page);
    await fillSocialSecurityForm(page);
    await page.getByTestId('next').click();
    await page.getByTestId('missing-photo-receipt').click();
    await page.getByTestId('review').click();
    await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'notice');
    before = (await api.receipts()).length;
    await page.getByTestId('confirm').click();
    await expect(page.getByTestId('done-screen')).toBeVisible();
    const notice = await nextPaper(api, before, 'English one-time notification');
    expect(notice).toContain('One-Time Notification');
    // Its Chinese name under the English title, for the clerk.
    expect(notice).toContain('(一次性告知单)');
    expect(notice).toMatch(/ID number\s+110\*{11}0017/);
    expect(flat(notice)).toMatch(/1\. Bring: /);
    expect(flat(notice)).toContain('This is a one-time notification (一次性告知) required by law:');
    // The law that requires it, in English and by its Chinese name and article.
    expect(flat(notice)).toContain('Administrative Licensing Law art. 32');
    expect(notice.replace(/\s+/g, '')).toContain('《行政许可法》第三十二条');
    // The social security card photo receipt's basis carries the catalog's review note; the paper
    // prints the citation and the remark for the citizen, not the note (basis-text.ts).
    expect(flat(notice)).toContain('Social Security Card Measures');
    expect(flat(notice)).not.toMatch(/law library/);
    expect(notice.replace(/\s+/g, '')).not.toContain('法规库');
    expect(withoutCitations(notice)).not.toMatch(CHINESE_WORDS);
    await endSession(page, api);

    // (c) A commitment, for a company, by its legal representative.
    await english(page);
    await hygieneForCompany(page, api, 'resident-zhang-san');
    await answerHygieneMaterials(page);
    await page.getByTestId('review').click();
    await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'commitment');
    before = (await api.receipts()).length;
    await page.getByTestId('accept-commitment').check();
    await page.getByTestId('confirm').click();
    await expect(page.getByTestId('done-screen')).toBeVisible();
    await expect.poll(async () => (await api.receipts()).length).toBeGreaterThan(before + 1);
    const papers = (await api.receipts()).slice(before).map((receipt) => receipt.lines.join('\n'));
    const letter = papers.find((paper) => paper.includes('Notification and Commitment Letter'));
    expect(letter, 'an English commitment letter').toBeDefined();
    console.log(`\n──── English commitment letter ────\n${letter}\n`);
    expect(papers.some((paper) => paper.includes('Queue ticket'))).toBe(true);
    for (const paper of papers) expect(paper).not.toMatch(fullIdNumber);
    expect(letter).toMatch(/Legal representative's ID\s+110\*{11}0017/);
    // The panel's copy masks the name by its English label as it does by 法定代表人.
    expect(letter).toMatch(/Legal representative\s+张\*/);
    expect(flat(letter!)).toMatch(/Due: within \d+ months?, by \w{3} \d{1,2} \w{3} \d{4}/);
    expect(flat(letter!)).toContain('Consequences of breach:');
    expect(flat(letter!)).toContain('Legal basis:');
    expect(letter).toContain('依据 (Chinese original):');
    expect(letter).toContain("Applicant's signature or seal:");
    expect(withoutCitations(letter!)).not.toMatch(CHINESE_WORDS);
    await endSession(page, api);

    // The desk reprints the English notice: in English, its mark too.
    await page.getByTestId('staff-entry').click();
    await page.getByTestId('staff-id').fill('1001');
    await page.getByTestId('staff-pin').fill('246810');
    await page.getByTestId('staff-login-submit').click();
    const row = page.getByTestId('staff-paper-notice');
    await expect(row).toHaveAttribute('data-print', 'printed');
    before = (await api.receipts()).length;
    await row.getByTestId('staff-paper-reprint').click();
    const copy = await nextPaper(api, before, 'desk reprint of the English notice');
    expect(copy.split('\n')[0]).toMatch(/^\[REPRINT\] copy no\. 2, printed \d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(copy).toContain('One-Time Notification');
    expect(copy).toMatch(/ID number\s+110\*{11}0017/);
    expect(copy).not.toContain('补打');
  });
});

test('at night, in English: the next-day voucher is English, the day in words', async ({ page }) => {
  test.setTimeout(120_000);
  const { file } = closedTodayHall();
  await withKiosk(file, async (kiosk, api) => {
    const before = await englishSocialSecurityConfirmed(page, kiosk, api);
    const voucher = await nextPaper(api, before, 'English next-day voucher');
    // On screen, in large type, the reference stays on one line (it broke at its hyphen).
    await setMode(page, 'elderly');
    const reference = page.getByTestId('ticket-number').locator('.no-break');
    await expect(reference).toHaveText(/^N\d{4}-[A-Z]\d-\d{3}$/);
    expect(await reference.evaluate((element) => element.getClientRects().length)).toBe(1);
    expect(voucher).toContain('Appointment voucher');
    expect(voucher).toMatch(/Come back on/);
    expect(voucher).toMatch(/\w{3} \d{1,2} \w{3} \d{4}, from \d\d:\d\d/);
    expect(flat(voucher)).toContain('This voucher is not a queue number.');
    expect(voucher).toContain('Appointment no.');
    expect(voucher).not.toMatch(CHINESE_WORDS);
  });
});
