import type { Page } from '@playwright/test';
import { expect, kioskApi, launchKiosk, test, type KioskProcess } from './fixtures.ts';
import { allDayHall } from './hall-helpers.ts';

let kiosk: KioskProcess;
test.beforeEach(async () => {
  kiosk = await launchKiosk({ KIOSK_HALL_CONFIG: allDayHall() });
});
// Playwright reads the fixture list from this destructuring, so it must be written out, empty.
// eslint-disable-next-line no-empty-pattern
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) console.log(kiosk.output().slice(-3000));
  await kiosk.stop();
});

/** As at a kiosk with a touch screen only: touch a field, type on the keypad under it. */
async function loginOnKeypad(page: Page, staffId: string, pin: string) {
  const keypad = page.getByTestId('staff-keypad');
  await page.getByTestId('staff-id').click();
  for (const digit of staffId) await keypad.getByTestId(`staff-keypad-${digit}`).click();
  await page.getByTestId('staff-pin').click();
  for (const digit of pin) await keypad.getByTestId(`staff-keypad-${digit}`).click();
  await expect(page.getByTestId('staff-id')).toHaveValue(staffId);
  await expect(page.getByTestId('staff-pin')).toHaveValue(pin);
  await page.getByTestId('staff-login-submit').click();
}

async function login(page: Page, staffId: string, pin: string) {
  await page.getByTestId('staff-id').fill(staffId);
  await page.getByTestId('staff-pin').fill(pin);
  await page.getByTestId('staff-login-submit').click();
}

test('staff issue a green-channel number, reprint it, void another; the paper shows each', async ({
  page,
}) => {
  const api = await kioskApi(kiosk);
  await page.goto(kiosk.url);
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  await page.getByTestId('staff-entry').click();
  // Voiding a citizen's ticket needs a supervisor (9001 holds desk and supervisor).
  await loginOnKeypad(page, '9001', '112233');
  await expect(page.getByTestId('staff-who')).toHaveText('工号 9001');

  await page.getByTestId('staff-line').selectOption('A');
  await page.getByTestId('staff-lane-elderly').check();
  await page.getByTestId('staff-issue-submit').click();
  await expect(page.getByTestId('staff-message')).toHaveText('已取号 A1-001，凭条已打印。');

  await page.getByTestId('staff-lane-ordinary').check();
  await page.getByTestId('staff-issue-submit').click();
  await expect(page.getByTestId('staff-message')).toHaveText('已取号 A1-002，凭条已打印。');

  const green = page.getByTestId('staff-ticket-A1-001');
  await expect(green).toContainText('老年人绿色通道');
  await green.getByTestId('staff-reprint').click();
  await expect(page.getByTestId('staff-message')).toHaveText('已补打 A1-001。');
  await expect(green).toHaveAttribute('data-print', 'reprinted');

  const other = page.getByTestId('staff-ticket-A1-002');
  await other.getByTestId('staff-void').click();
  await other.getByTestId('staff-void-reason').fill('重复取号');
  await other.getByTestId('staff-void-confirm').click();
  await expect(page.getByTestId('staff-message')).toHaveText('已作废 A1-002。');
  await expect(other).toHaveAttribute('data-status', 'voided');
  await expect(page.getByTestId('staff-count-A')).toContainText(/A 综合受理\s*2\s*1\s*0\s*1/);

  await page.getByTestId('staff-summary').click();
  await expect(page.getByTestId('staff-message')).toHaveText('当日汇总已打印。');

  await expect.poll(async () => (await api.receipts()).length, { timeout: 15_000 }).toBe(4);
  const [first, second, reprint, summary] = (await api.receipts()).map((receipt) => ({
    ...receipt,
    text: receipt.lines.join('\n'),
  }));
  expect(first!.text).toContain('A1-001');
  expect(first!.text).toContain('【绿色通道】');
  expect(first!.text).not.toContain('补打');
  expect(second!.text).toContain('A1-002');
  expect(reprint!.text).toContain('A1-001');
  expect(reprint!.text).toMatch(/【补打】第 2 次打印/);
  expect(reprint!.text).toContain('【绿色通道】');
  expect(summary!.text).toContain('当日业务汇总');
  expect(summary!.text).toMatch(/A 综合受理\s+2\s+0\s+1\s+1/);
  expect(summary!.text).toContain('9001');
  for (const receipt of [first, second, reprint, summary])
    expect(receipt!.complete && receipt!.cut).toBe(true);

  await page.getByTestId('staff-close').click();
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  api.close();
});

test('ten wrong PINs over any accounts lock the desk, even against the right PIN', async ({ page }) => {
  await page.goto(kiosk.url);
  await page.getByTestId('staff-entry').click();
  // Spread over accounts (each stays under its own limit of five): the terminal's count locks it.
  const ids = ['1001', '1001', '1001', '1001', '1002', '1002', '1002', '1002', '9001'];
  for (const [index, staffId] of ids.entries()) {
    await login(page, staffId, '000000');
    await expect(page.getByTestId('staff-login-error')).toContainText(
      `工号或密码不正确。 还可尝试 ${10 - (index + 1)} 次。`,
    );
  }
  await login(page, '9001', '000000');
  await expect(page.getByTestId('staff-locked')).toContainText('服务台已锁定');
  await expect(page.getByTestId('staff-pin')).toBeDisabled();
  await expect(page.getByTestId('staff-keypad-1')).toBeDisabled();

  // The lock is the service's, not the screen's: a fresh screen and the right PIN are refused too.
  await page.goto('about:blank');
  await page.goto(kiosk.url);
  await page.getByTestId('staff-entry').click();
  await expect(page.getByTestId('staff-locked')).toBeVisible();
  const api = await kioskApi(kiosk);
  const reply = await api.invoke('staff:login', { staffId: '1001', pin: '246810' });
  expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  api.close();
});

test('staff issue a number for the person whose card is on the reader; a second one is refused', async ({
  page,
}) => {
  const api = await kioskApi(kiosk);
  await page.goto(kiosk.url);
  await page.getByTestId('staff-entry').click();
  await login(page, '1001', '246810');
  await page.getByTestId('staff-line').selectOption('C');

  await page.getByTestId('staff-use-card').check();
  await page.getByTestId('staff-issue-submit').click();
  await expect(page.getByTestId('staff-message')).toHaveText('读卡区没有身份证。');

  await api.invoke('dev:placeCard', { cardId: 'resident-long-term' });
  await expect
    .poll(async () => ((await api.invoke('session:get')).value as { card: unknown }).card, {
      timeout: 10_000,
    })
    .toBeTruthy();
  await expect(page.getByTestId('staff-who')).toHaveText('工号 1001');
  await page.getByTestId('staff-use-card').check();
  await page.getByTestId('staff-issue-submit').click();
  await expect(page.getByTestId('staff-message')).toHaveText(/^已取号 C1-001/);

  await page.getByTestId('staff-use-card').check();
  await page.getByTestId('staff-issue-submit').click();
  await expect(page.getByTestId('staff-message')).toContainText('C1-001');
  await expect(page.getByTestId('staff-message')).not.toContainText('C1-002');
  api.close();
});
