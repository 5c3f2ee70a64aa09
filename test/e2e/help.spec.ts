// Help that reaches a person (issue 15, item 1): a citizen's call shows at once on the staff desk
// (a second page, as a desk screen elsewhere in the hall), with the kiosk, the time and the screen
// the person was on, and a chime; the desk answers and closes it, and the person sees each step.
// Without a listening desk, or at night, the person is told the truth: hotline, next opening,
// never "staff notified".
import { expect, kioskApi, launchKiosk, test } from './fixtures.ts';
import { forMyself, placeCard } from './citizen-helpers.ts';
import { signInDesk } from './desk-helpers.ts';
import { allDayHall, closedTodayHall } from './hall-helpers.ts';

test('a call reaches the signed-in desk at once, is answered and closed there', async ({ browser }) => {
  const kiosk = await launchKiosk({ KIOSK_HALL_CONFIG: allDayHall() });
  const api = await kioskApi(kiosk);
  const citizen = await browser.newPage();
  const desk = await browser.newPage();
  try {
    await citizen.goto(kiosk.url);
    await desk.goto(kiosk.url);
    await expect(citizen.getByTestId('attract-screen')).toBeVisible();
    const maint = await api.invoke('maint:login', { accountId: '8001', pin: '246810' });
    const token = (maint.value as { token: string }).token;
    const backlog = async () =>
      ((await api.invoke('maint:getOverview', { token })).value as { sync: { backlog: number } }).sync
        .backlog;
    const backlogBefore = await backlog();

    // Nobody at the desk yet: the person is not told staff were notified.
    await placeCard(api);
    await forMyself(citizen);
    await citizen.getByTestId('help-entry').click();
    await expect(citizen.getByTestId('help-unreached')).toHaveAttribute('data-reason', 'no-desk');
    await expect(citizen.getByTestId('help-unreached')).toContainText('12345');
    await expect(citizen.locator('body')).not.toContainText('已通知工作人员');
    await expect(citizen.locator('body')).not.toContainText('已收到您的呼叫');

    // The desk signs in (the card on the reader does not close a signed-in desk) and sees that call.
    await signInDesk(desk);
    await expect(desk.getByTestId('help-call-open')).toHaveCount(1);
    await expect(desk.getByTestId('help-call-open')).toContainText('选择事项');

    // A new person, a new call: now a desk is listening, so it reaches someone.
    await desk.getByTestId('help-close').click();
    await expect(desk.getByTestId('help-call-open')).toHaveCount(0);
    const firstGreeting = (await citizen.getByTestId('greeting').textContent()) ?? '';
    await placeCard(api, 'resident-long-term');
    await expect(citizen.getByTestId('greeting')).not.toHaveText(firstGreeting);
    await expect(desk.getByTestId('staff-who')).toBeVisible();
    const chimesBefore = Number((await desk.locator('html').getAttribute('data-chimes')) ?? '0');
    const calledAt = Date.now();
    await citizen.getByTestId('help-entry').click();
    await expect(citizen.getByTestId('staff-called')).toContainText('服务台已收到您的呼叫');
    const call = desk.getByTestId('help-call-open');
    await expect(call).toBeVisible({ timeout: 2_000 });
    console.log(`call on the desk ${Date.now() - calledAt} ms after the tap`);
    await expect(call).toContainText('选择事项');
    await expect(call).toContainText(/\d{2}:\d{2}/);
    await expect(desk.locator('html')).toHaveAttribute('data-chimes', String(chimesBefore + 1));

    await call.getByTestId('help-answer').click();
    await expect(desk.getByTestId('help-call-answered')).toContainText('已应答（工号 1001）');
    await expect(citizen.getByTestId('staff-called')).toHaveText('工作人员已应答，正在过来，请稍候。');

    await desk.getByTestId('help-call-answered').getByTestId('help-close').click();
    await expect(desk.getByTestId('help-call-closed').first()).toBeVisible();
    await expect(citizen.getByTestId('staff-called')).toHaveText('本次呼叫已处理完毕。');

    // Each step went to the outbox for the central system: two calls, one answer, two closes.
    expect((await backlog()) - backlogBefore).toBeGreaterThanOrEqual(5);
  } finally {
    api.close();
    await citizen.close();
    await desk.close();
    await kiosk.stop();
  }
});

test('at night the call says nobody is on duty, gives the hotline and the next opening', async ({ page }) => {
  const { file, today } = closedTodayHall();
  const kiosk = await launchKiosk({ KIOSK_HALL_CONFIG: file });
  try {
    await page.goto(kiosk.url);
    await page.getByTestId('no-card').click();
    await expect(page.getByTestId('no-card-screen')).toBeVisible();
    await page.getByTestId('call-staff').click();
    const said = page.getByTestId('help-unreached');
    await expect(said).toHaveAttribute('data-reason', 'after-hours');
    await expect(said).toContainText('12345');
    await expect(said).toContainText('08:30');
    const nextDay = (await said.textContent())!.match(/\d{4}-\d{2}-\d{2}/)?.[0];
    expect(nextDay && nextDay > today).toBe(true);
    await expect(page.getByTestId('staff-called')).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText('已通知工作人员');
    await expect(page.locator('body')).not.toContainText('工作人员马上过来');

    // Out of service at night: no closed window to go to now, no claim that staff were told.
    await page.getByTestId('no-card-back').click();
    const api = await kioskApi(kiosk);
    await api.invoke('dev:unplugPrinter', {});
    const out = page.getByTestId('out-of-service');
    await expect(out).toBeVisible({ timeout: 20_000 });
    await expect(out).toHaveAttribute('data-night', 'true');
    await expect(page.getByTestId('out-of-service-hint')).toContainText('12345');
    await expect(page.getByTestId('out-of-service-hint')).toContainText('08:30');
    await expect(out).not.toContainText('请到人工窗口办理');
    await expect(out).not.toContainText('工作人员已收到');
    api.close();
  } finally {
    await kiosk.stop();
  }
});
