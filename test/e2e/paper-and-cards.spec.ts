// Issue 15 items 5 and 8, in a real browser against the real kiosk process and its emulators:
// a slip cut short by the paper says what happens next and is reprinted from the desk (paper read
// back); a swapped card is noticed; the desk sees a card lying on the reader.
import { expect, kioskApi, test } from './fixtures.ts';
import { placeCard } from './citizen-helpers.ts';
import { toNoticeOutcome } from './desk-helpers.ts';

test('a notice cut short by the paper: the person is told it is kept; the desk reprints it, marked 补打', async ({
  page,
  kiosk,
}) => {
  const api = await kioskApi(kiosk);
  await page.goto(kiosk.url);
  await toNoticeOutcome(page, api);

  await api.invoke('dev:setPrinterFault', { fault: 'paper-out-mid-job' });
  await page.getByTestId('confirm').click();
  // Not 「缺纸」: what happens next (no desk is signed in, so it sends the person to the desk).
  await expect(page.getByTestId('print-error')).toContainText('单据已为您保存');
  await expect(page.getByTestId('print-error')).not.toHaveText('缺纸');
  const cut = (await api.receipts()).at(-1)!;
  expect(cut.complete).toBe(false);

  await api.invoke('dev:setPrinterFault', { fault: null });
  await api.invoke('session:end', { reason: 'user' });
  await page.getByTestId('staff-entry').click();
  await page.getByTestId('staff-id').fill('1001');
  await page.getByTestId('staff-pin').fill('246810');
  await page.getByTestId('staff-login-submit').click();
  const row = page.getByTestId('staff-paper-notice');
  await expect(row).toHaveAttribute('data-print', 'failed');
  await row.getByTestId('staff-paper-reprint').click();
  await expect(page.getByTestId('staff-message')).toHaveText('已补打一次性告知单。');
  await expect(row).toHaveAttribute('data-print', 'printed');

  await expect.poll(async () => (await api.receipts()).length).toBeGreaterThan(1);
  const copy = (await api.receipts()).at(-1)!;
  const text = copy.lines.join('\n');
  expect(copy.complete).toBe(true);
  expect(text).toMatch(/【补打】第 2 次打印/);
  expect(text).toContain('一次性告知单');
  expect(text).toContain('社会保障卡数码相片回执');
  api.close();
});

test('a card swapped for another within a second is noticed and read', async ({ page, kiosk }) => {
  const api = await kioskApi(kiosk);
  await page.goto(kiosk.url);
  await placeCard(api, 'resident-zhang-san');
  await expect(page.getByTestId('greeting')).toContainText('张三');
  // Swapped at once: no moment without a card that a poll could see.
  await api.invoke('dev:placeCard', { cardId: 'resident-long-term' });
  await expect(page.getByTestId('greeting')).toContainText('马秀兰', { timeout: 2_000 });
  // And back, through a gap shorter than a second.
  await api.invoke('dev:removeCard', {});
  await new Promise((resolve) => setTimeout(resolve, 150));
  await api.invoke('dev:placeCard', { cardId: 'resident-zhang-san' });
  await expect(page.getByTestId('greeting')).toContainText('张三', { timeout: 2_000 });
  api.close();
});

test('the desk uses the card lying on the reader, also after its citizen session ended', async ({
  page,
  kiosk,
}) => {
  const api = await kioskApi(kiosk);
  await page.goto(kiosk.url);
  await placeCard(api, 'resident-long-term');
  await expect(page.getByTestId('greeting')).toContainText('马秀兰');
  // The person walks away from the screen; the card stays on the reader.
  await api.invoke('session:end', { reason: 'user' });
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  await page.getByTestId('staff-entry').click();
  await page.getByTestId('staff-id').fill('1001');
  await page.getByTestId('staff-pin').fill('246810');
  await page.getByTestId('staff-login-submit').click();
  await page.getByTestId('staff-line').selectOption('C');
  await page.getByTestId('staff-use-card').check();
  await page.getByTestId('staff-issue-submit').click();
  await expect(page.getByTestId('staff-message')).not.toHaveText('读卡区没有身份证。');
  await expect(page.getByTestId('staff-message')).toContainText(/C1-001|N\d{4}-C1-001/);
  api.close();
});
