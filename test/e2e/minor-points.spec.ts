// Issue 15's minor points, each where a person sees it, in a real browser against the real kiosk
// process and its emulators: "already has a number" says which number; the done screen says to take
// the card and how many are ahead (as the ticket does); a floor area is a number in 平方米, typed on
// a keypad with a decimal point, never refused as 「应为金额」.
import type { Page } from '@playwright/test';
import { usccCheckCharacter } from '../../main/prereview/validate.ts';
import { expect, kioskApi, launchKiosk, test } from './fixtures.ts';
import { fillSocialSecurityForm, placeCard, type Api } from './citizen-helpers.ts';
import { allDayHall } from './hall-helpers.ts';

/** The social security card with everything at hand: a pass, printed on confirm. */
async function socialSecurityPass(page: Page, api: Api, cardId: string, name: string) {
  await placeCard(api, cardId);
  await expect(page.getByTestId('greeting')).toContainText(name);
  await fillSocialSecurityForm(page);
  await page.getByTestId('next').click();
  await expect(page.getByTestId('materials-screen')).toBeVisible();
  await page.getByTestId('all-have').click();
  await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'pass');
  await page.getByTestId('confirm').click();
}

test('done screen: take the card, and the people ahead as the ticket says; a second number for the same item names the one already held', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const kiosk = await launchKiosk({ KIOSK_HALL_CONFIG: allDayHall() });
  const api = await kioskApi(kiosk);
  try {
    await page.goto(kiosk.url);
    await socialSecurityPass(page, api, 'resident-zhang-san', '张三');
    await expect(page.getByTestId('done-screen')).toBeVisible();
    await expect(page.getByTestId('take-card')).toHaveText('请取回您的身份证。');
    await expect(page.getByTestId('people-ahead')).toHaveText('您前面没有人等候，请留意叫号。');
    const number = (await page.getByTestId('ticket-number').textContent())!.replace(/^.*：/, '').trim();
    expect(number).toMatch(/^[A-Z]/);
    const ticket = (await api.receipts()).at(-1)!.lines.join('\n');
    expect(ticket).toContain('前面没有人等候');

    // A second person in the same line: one ahead, on screen as on paper.
    await socialSecurityPass(page, api, 'resident-long-term', '马秀兰');
    await expect(page.getByTestId('done-screen')).toBeVisible();
    await expect(page.getByTestId('people-ahead')).toHaveText('您前面约有 1 人在等候。');
    expect((await api.receipts()).at(-1)!.lines.join('\n')).toContain('前面还有 1 人等候');

    // 张三 again, the same item the same day: refused, and told which number he holds.
    const printed = (await api.receipts()).length;
    await socialSecurityPass(page, api, 'resident-zhang-san', '张三');
    const said = page.getByTestId('print-error');
    await expect(said).toContainText(`已有排队号 ${number}`);
    await expect(page.getByTestId('registered-number')).toContainText(number);
    expect((await api.receipts()).length).toBe(printed);

    // In English too, with the number.
    await page.getByTestId('lang-switch').click();
    await expect(said).toContainText(`You already hold number ${number}`);
  } finally {
    api.close();
    await kiosk.stop();
  }
});

const uscc17 = '91110105MA01ABCD1';
const hotelUscc = uscc17 + usccCheckCharacter(uscc17)!;

test('a floor area is typed in 平方米 on a keypad with a decimal point; a wrong one is never called 「金额」', async ({
  page,
  kiosk,
}) => {
  const api = await kioskApi(kiosk);
  try {
    await page.goto(kiosk.url);
    await placeCard(api, 'resident-long-term');
    await page.getByTestId('whom-other').click();
    await page.getByTestId('item-search').fill('卫生许可');
    await page.getByTestId('item-PUBLIC-HYGIENE-LICENCE').click();
    await page.getByTestId('applicant-way-company').click();
    await page.getByTestId('applicant-name').fill('北京市朝阳区悦来宾馆有限公司');
    await page.getByTestId('applicant-number').fill(hotelUscc);
    await page.getByTestId('applicant-confirm').click();
    await expect(page.getByTestId('form-screen')).toBeVisible();

    const area = page.getByTestId('field-floorArea');
    await expect(area.getByTestId('field-floorArea-unit')).toHaveText('平方米');
    await expect(area.locator('input')).toHaveAttribute('inputmode', 'decimal');
    await area.locator('input').focus();
    const keypad = area.getByTestId('field-floorArea-keypad');
    await expect(keypad.getByTestId('field-floorArea-keypad-extra')).toHaveText('.');
    for (const key of ['8', '5', 'extra', '5', '5', '5'])
      await keypad.getByTestId(`field-floorArea-keypad-${key}`).click();
    await expect(area.locator('input')).toHaveValue('85.555');
    const error = area.getByRole('alert');
    await expect(error).toHaveText('「营业面积」应为数字（单位：平方米），最多两位小数');
    await expect(page.locator('body')).not.toContainText('金额');

    await page.getByTestId('lang-switch').click();
    await expect(area.getByTestId('field-floorArea-unit')).toHaveText('m²');
    await expect(error).toHaveText('Floor area: must be a number (in m²) with at most two decimals');
    await page.getByTestId('lang-switch').click();

    await keypad.getByTestId('field-floorArea-keypad-back').click();
    await keypad.getByTestId('field-floorArea-keypad-back').click();
    await expect(area.locator('input')).toHaveValue('85.5');
    await expect(area.getByRole('alert')).toHaveCount(0);
  } finally {
    api.close();
  }
});
