// Issue 15, item 5 (paper): a slip cut short by the paper calls staff for real. In a real browser
// against the real kiosk process and its printer emulator (fault injection: paper out mid-job): the
// citizen's screen says staff were called and the slip waits; a second page, the staff desk, shows
// the call naming the slip, with a chime; once the paper is back the desk reprints it (paper read
// back). At night nobody is on duty: the citizen is told so, with the hotline and the next opening.
import { expect, kioskApi, launchKiosk, test } from './fixtures.ts';
import { signInDesk, toNoticeOutcome } from './desk-helpers.ts';
import { allDayHall, closedTodayHall } from './hall-helpers.ts';

test('paper out mid-slip: the citizen is told staff were called, the desk sees which slip, and reprints it once the paper is back', async ({
  browser,
}) => {
  const kiosk = await launchKiosk({ KIOSK_HALL_CONFIG: allDayHall() });
  const api = await kioskApi(kiosk);
  const citizen = await browser.newPage();
  const desk = await browser.newPage();
  try {
    await desk.goto(kiosk.url);
    await signInDesk(desk);
    await expect(desk.getByTestId('help-call-open')).toHaveCount(0);
    const chimesBefore = Number((await desk.locator('html').getAttribute('data-chimes')) ?? '0');

    await citizen.goto(kiosk.url);
    await toNoticeOutcome(citizen, api);
    await api.invoke('dev:setPrinterFault', { fault: 'paper-out-mid-job' });
    await citizen.getByTestId('confirm').click();

    // The citizen: staff have been called, the slip waits for reprint. Not 「缺纸」.
    const said = citizen.getByTestId('print-error');
    await expect(said).toContainText('已通知服务台的工作人员');
    await expect(said).toContainText('补打');
    await expect(said).not.toHaveText('缺纸');
    expect((await api.receipts()).at(-1)!.complete).toBe(false);

    // The desk: a call at once, naming the slip (kind and reference), with a chime.
    const call = desk.getByTestId('help-call-open');
    await expect(call).toHaveCount(1, { timeout: 5_000 });
    const slip = call.getByTestId('help-call-slip');
    await expect(slip).toContainText('一次性告知单');
    const reference = (await citizen.locator('.reference').textContent())!.match(/预审编号 (\S+)/)?.[1];
    expect(reference).toBeTruthy();
    await expect(slip).toContainText(reference!);
    await expect(call).toContainText('预审结果');
    await expect(desk.locator('html')).toHaveAttribute('data-chimes', String(chimesBefore + 1));

    // Paper back in: the desk reprints that slip, then closes the call.
    await api.invoke('dev:setPrinterFault', { fault: null });
    const row = desk.getByTestId('staff-paper-notice');
    await expect(row).toHaveAttribute('data-print', 'failed');
    const printedBefore = (await api.receipts()).length;
    await row.getByTestId('staff-paper-reprint').click();
    await expect(desk.getByTestId('staff-message')).toHaveText('已补打一次性告知单。');
    await expect(row).toHaveAttribute('data-print', 'printed');
    await expect.poll(async () => (await api.receipts()).length).toBeGreaterThan(printedBefore);
    const copy = (await api.receipts()).at(-1)!;
    expect(copy.complete).toBe(true);
    expect(copy.lines.join('\n')).toMatch(/【补打】第 2 次打印[\s\S]*一次性告知单/);
    // Chinese line breaking on the paper: no line is one lone character (「补/领」), and none starts
    // with closing punctuation.
    for (const line of copy.lines.map((text) => text.trim()).filter(Boolean)) {
      expect(line, 'a lone character on its own line').not.toMatch(/^[\u4e00-\u9fff][。，；：）」]?$/u);
      expect(line, 'a line starting with closing punctuation').not.toMatch(/^[，。；：、）」』]/u);
    }
    await call.getByTestId('help-close').click();
    await expect(desk.getByTestId('help-call-open')).toHaveCount(0);
  } finally {
    api.close();
    await citizen.close();
    await desk.close();
    await kiosk.stop();
  }
});

test('paper out mid-slip at night: no staff on duty is said, with the hotline and the next opening', async ({
  page,
}) => {
  const { file, today } = closedTodayHall();
  const kiosk = await launchKiosk({ KIOSK_HALL_CONFIG: file });
  const api = await kioskApi(kiosk);
  try {
    await page.goto(kiosk.url);
    await toNoticeOutcome(page, api);
    await api.invoke('dev:setPrinterFault', { fault: 'paper-out-mid-job' });
    await page.getByTestId('confirm').click();
    const said = page.getByTestId('print-error');
    await expect(said).toContainText('非办公时间');
    await expect(said).toContainText('12345');
    await expect(said).toContainText('08:30');
    await expect(said).toContainText('单据已为您保存');
    const nextDay = (await said.textContent())!.match(/\d{4}-\d{2}-\d{2}/)?.[0];
    expect(nextDay && nextDay > today).toBe(true);
    await expect(page.locator('body')).not.toContainText('已通知');
    await expect(page.locator('body')).not.toContainText('请在本机旁稍候');
    // The call is still made and recorded: the technician's screen lists it, naming the slip.
    const maint = await api.invoke('maint:login', { accountId: '8001', pin: '246810' });
    const token = (maint.value as { token: string }).token;
    const calls = (await api.invoke('help:observe', { token })).value as Array<{
      about?: { reason: string; paperKind: string };
    }>;
    expect(calls[0]?.about).toMatchObject({ reason: 'slip-cut-short', paperKind: 'notice' });
  } finally {
    api.close();
    await kiosk.stop();
  }
});
