// The follow-up of a commitment across the whole chain (#16 item 5, #17 item 5), through the real
// path: a company signs a commitment at the kiosk → the kiosk syncs it to the central system → the
// administrator's nightly sweep, judging the day after the grace period, puts the company on a new
// signed credit list → the kiosk pulls and verifies that list → the same company, back at the kiosk,
// is no longer offered a commitment and gets the notice of what to bring instead. Nothing along the
// way is injected: the due date is read from the paper the kiosk printed.
import type { Page } from '@playwright/test';
import { startTestCentral } from './central-helpers.ts';
import { allDayHall } from './hall-helpers.ts';
import { answerHygieneMaterials, hotelUscc, hygieneForCompany, kioskLog } from './prereview-helpers.ts';
import { expect, kioskApi, launchKiosk, test } from './fixtures.ts';

/** A date `days` after YYYY-MM-DD, as YYYY-MM-DD (calendar arithmetic in UTC, no time zone). */
function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

async function review(page: Page) {
  await answerHygieneMaterials(page);
  await page.getByTestId('review').click();
}

test('an overdue commitment puts the company on the credit list, and the kiosk then refuses it a commitment', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const central = await startTestCentral();
  const kiosk = await launchKiosk({ ...central.kioskEnv, KIOSK_HALL_CONFIG: allDayHall() });
  const api = await kioskApi(kiosk);
  try {
    await page.goto(kiosk.url);

    // 1. The hotel's agent signs a commitment for two non-core materials.
    await hygieneForCompany(page, api, 'resident-long-term');
    await expect(page.getByTestId('promisable-site-plans')).toBeVisible();
    await review(page);
    await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'commitment');
    await page.getByTestId('accept-commitment').check();
    await page.getByTestId('confirm').click();
    await expect(page.getByTestId('done-screen')).toBeVisible();
    const letter = (await api.receipts())
      .map((receipt) => receipt.lines.join('\n'))
      .find((paper) => paper.includes('告知承诺书'));
    expect(letter, 'the commitment letter was printed').toBeDefined();
    const due = /补交期限：.*?(\d{4})年(\d{1,2})月(\d{1,2})日前/.exec(letter!);
    expect(due, letter).not.toBeNull();
    const dueDate = `${due![1]}-${due![2]!.padStart(2, '0')}-${due![3]!.padStart(2, '0')}`;

    // 2. The record reaches the central system (the kiosk's backlog drains).
    await expect
      .poll(
        async () => {
          const health = (await api.invoke('system:getHealth')).value as {
            sync: { backlog: number; key: string };
          };
          return health.sync.backlog;
        },
        { timeout: 60_000, message: 'the kiosk pushed the commitment to the central system' },
      )
      .toBe(0);

    // 3. The nightly sweep. On the last day of the grace period (15 days) nobody is restricted;
    //    the day after, the company is, on a new signed list.
    expect(central.sweepCommitments(addDays(dueDate, 15))).toMatchObject({ added: 0, published: false });
    expect(central.sweepCommitments(addDays(dueDate, 16))).toMatchObject({ added: 1, published: true });

    // 4. The kiosk pulls and verifies the list: a technician's "sync now", so the test does not
    //    wait out the kiosk's own cadence.
    const { token: tech } = (await api.invoke('maint:login', { accountId: '8001', pin: '246810' })).value as {
      token: string;
    };
    expect((await api.invoke('maint:syncNow', { token: tech })).ok).toBe(true);
    await api.invoke('maint:logout', { token: tech });
    await expect
      .poll(() => kioskLog(kiosk.dataRoot), { timeout: 60_000 })
      .toContain('credit.restrictions-applied');

    // 5. The same company comes back: no 可容缺, the notice of what to bring instead.
    await hygieneForCompany(page, api, 'resident-long-term');
    await expect(page.locator('[data-testid^="promisable-"]')).toHaveCount(0);
    await review(page);
    await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'notice');
    await expect(page.getByTestId('commitment')).toHaveCount(0);
    expect((await page.getByTestId('outcome-screen').textContent()) ?? '').not.toMatch(/名单/);
    await page.getByTestId('confirm').click();
    await expect(page.getByTestId('done-screen')).toBeVisible();
    const notice = (await api.receipts()).map((receipt) => receipt.lines.join('\n')).at(-1)!;
    expect(notice).toContain('一次性告知单');
    expect(notice).toContain(hotelUscc);
    expect(notice).not.toContain('承诺书');
    expect(notice).not.toMatch(/名单/);
  } finally {
    api.close();
    await kiosk.stop();
    await central.stop();
  }
});
