// Issue 15's minor points, each where a person sees it, in a real browser against the real kiosk
// process and its emulators: "already has a number" says which number; the done screen says to take
// the card and how many are ahead (as the ticket does); a floor area is a number in 平方米, typed on
// a keypad with a decimal point, never refused as 「应为金额」.
import type { Page } from '@playwright/test';
import { usccCheckCharacter } from '../../main/prereview/validate.ts';
import { expect, kioskApi, launchKiosk, test } from './fixtures.ts';
import { fillSocialSecurityForm, placeCard, setMode, type Api } from './citizen-helpers.ts';
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
    // No central system here: this kiosk's own count, said as an estimate (「约」), as on the ticket.
    await expect(page.getByTestId('people-ahead')).toContainText('您前面约有 0 人在等候');
    const number = (await page.getByTestId('ticket-number').textContent())!.replace(/^.*：/, '').trim();
    expect(number).toMatch(/^[A-Z]/);
    const ticket = (await api.receipts()).at(-1)!.lines.join('\n');
    expect(ticket).toMatch(/前面(约无人|没有人)等候/);

    // A second person in the same line: one ahead, on screen as on paper.
    await socialSecurityPass(page, api, 'resident-long-term', '马秀兰');
    await expect(page.getByTestId('done-screen')).toBeVisible();
    await expect(page.getByTestId('people-ahead')).toContainText('您前面约有 1 人在等候');
    expect((await api.receipts()).at(-1)!.lines.join('\n')).toMatch(/前面(约有|还有) 1 人等候/);

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

/** Elements of the attract screen outside the screen's area (between the top bar and the corner
 *  strip), and how far the area would have to scroll: the 1920×1080 overflow hid the no-card
 *  button, tonight's notice and the hours below the fold. */
async function outOfView(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type Box = { left: number; top: number; right: number; bottom: number; width: number };
    type Node = { getBoundingClientRect(): Box; tagName: string; className: string };
    const g = globalThis as unknown as {
      document: {
        querySelector(selector: string): (Node & { scrollHeight: number; clientHeight: number }) | null;
        querySelectorAll(selector: string): ArrayLike<Node>;
      };
      getComputedStyle(element: Node): { visibility: string };
    };
    const main = g.document.querySelector('[data-testid="app-main"]')!;
    const area = main.getBoundingClientRect();
    const out: string[] = [];
    if (main.scrollHeight > main.clientHeight + 1)
      out.push(`scrolls by ${main.scrollHeight - main.clientHeight} px`);
    for (const element of Array.from(g.document.querySelectorAll('[data-testid="attract-screen"] *'))) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || g.getComputedStyle(element).visibility === 'hidden') continue;
      if (
        rect.left < area.left - 1 ||
        rect.right > area.right + 1 ||
        rect.top < area.top - 1 ||
        rect.bottom > area.bottom + 1
      )
        out.push(
          `${element.tagName}.${element.className} bottom ${Math.round(rect.bottom)} > ${Math.round(area.bottom)}`,
        );
    }
    return out;
  });
}

/** Every button on screen is at least `min` px both ways (64 in elderly mode, 44 otherwise). */
async function expectTargets(page: Page, min: number, what: string): Promise<void> {
  const small = await page.locator('button:visible').evaluateAll(
    (buttons, least) =>
      buttons
        .map((button) => ({
          id: button.getAttribute('data-testid') ?? button.textContent,
          rect: button.getBoundingClientRect(),
        }))
        .filter(({ rect }) => rect.width < least - 0.5 || rect.height < least - 0.5)
        .map(({ id, rect }) => `${id} ${Math.round(rect.width)}×${Math.round(rect.height)}`),
    min,
  );
  expect(small, `targets under ${min} px (${what})`).toEqual([]);
}

/** The width of each curly apostrophe on screen, in em of its own text (a CJK font makes it a
 *  full-width glyph: the "gap after curly apostrophes"). */
async function apostropheWidths(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const g = globalThis as unknown as {
      document: {
        createTreeWalker(root: unknown, what: number): { nextNode(): unknown };
        body: unknown;
        createRange(): {
          setStart(node: unknown, offset: number): void;
          setEnd(node: unknown, offset: number): void;
          getBoundingClientRect(): { width: number };
        };
      };
      getComputedStyle(element: unknown): { fontSize: string };
    };
    const walker = g.document.createTreeWalker(g.document.body, 4 /* NodeFilter.SHOW_TEXT */);
    const widths: number[] = [];
    for (let node = walker.nextNode() as { data: string; parentElement: unknown } | null; node;) {
      for (let index = node.data.indexOf('’'); index >= 0; index = node.data.indexOf('’', index + 1)) {
        const range = g.document.createRange();
        range.setStart(node, index);
        range.setEnd(node, index + 1);
        const size = parseFloat(g.getComputedStyle(node.parentElement).fontSize);
        widths.push(range.getBoundingClientRect().width / size);
      }
      node = walker.nextNode() as typeof node;
    }
    return widths;
  });
}

test('1920×1080: the attract screen fits without scrolling in every mode, in Chinese and in English (elderly too), targets at least 64 px in elderly mode; no full-width colon; no gap after an apostrophe', async ({
  page,
  kiosk,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(kiosk.url);
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  for (const mode of ['elderly', 'normal', 'contrast'] as const) {
    await setMode(page, mode);
    expect(await outOfView(page), `zh-CN, ${mode}`).toEqual([]);
  }
  await page.getByTestId('lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('attract-screen')).toContainText('foreigner’s');
  // English in elderly mode too (it scrolled before: the longest text at the largest size).
  for (const mode of ['elderly', 'normal', 'contrast'] as const) {
    await setMode(page, mode);
    expect(await outOfView(page), `en, ${mode}`).toEqual([]);
    await expectTargets(page, mode === 'elderly' ? 64 : 44, `en, ${mode}`);
  }
  await setMode(page, 'elderly');
  // English text is punctuated the English way.
  const text = await page.locator('body').innerText();
  expect(text.match(/[A-Za-z][^\n]{0,40}[：，。；（）]/g) ?? []).toEqual([]);
  // A curly apostrophe is a narrow Latin glyph, not a full-width CJK one.
  const widths = await apostropheWidths(page);
  expect(widths.length).toBeGreaterThan(0);
  for (const width of widths) expect(width).toBeLessThan(0.45);
});

test('1080×1920: the attract screen fits in every mode in Chinese and in English (elderly too), targets at least 64 px in elderly mode; the prompt and the no-card button always show', async ({
  page,
  kiosk,
}) => {
  await page.goto(kiosk.url);
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  for (const mode of ['elderly', 'normal', 'contrast'] as const) {
    await setMode(page, mode);
    expect(await outOfView(page), `zh-CN, ${mode}`).toEqual([]);
  }
  await page.getByTestId('lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  for (const mode of ['elderly', 'normal', 'contrast'] as const) {
    await setMode(page, mode);
    expect(await outOfView(page), `en, ${mode}`).toEqual([]);
    await expectTargets(page, mode === 'elderly' ? 64 : 44, `en, ${mode}`);
  }
  for (const id of ['attract-prompt', 'no-card'])
    await expect(page.getByTestId(id)).toBeInViewport({ ratio: 1 });
});

test('the screen clock keeps the hall’s time zone, whatever the machine’s', async ({ browser, kiosk }) => {
  // The browser runs in New York; the hall (and its paper) in Asia/Shanghai.
  const context = await browser.newContext({
    timezoneId: 'America/New_York',
    viewport: { width: 1080, height: 1920 },
  });
  const page = await context.newPage();
  try {
    await page.goto(kiosk.url);
    const shown = (await page.getByTestId('clock-time').textContent())!.trim();
    const hall = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    const expected = [hall.format(new Date()), hall.format(new Date(Date.now() - 60_000))];
    expect(expected).toContain(shown);
    const newYork = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(new Date());
    expect(shown).not.toBe(newYork);
    // The device state's "updated" time on the same screen too (it followed the machine's zone).
    const updated = (await page.getByTestId('health-updated').textContent())!;
    const hhmm = updated.match(/(\d{2}:\d{2}):\d{2}/)?.[1];
    expect(expected).toContain(hhmm);
  } finally {
    await context.close();
  }
});

test('idle countdown as the README says: it shows for the last countdownSeconds of idleSeconds, then the attract screen', async ({
  page,
}) => {
  // README: idle for session.idleSeconds ends the session; the countdown shows for its last
  // session.countdownSeconds. Scaled down: 10 s idle, 5 s countdown.
  const kiosk = await launchKiosk({ KIOSK_IDLE_SECONDS: '10', KIOSK_IDLE_COUNTDOWN_SECONDS: '5' });
  const api = await kioskApi(kiosk);
  try {
    await page.goto(kiosk.url);
    await placeCard(api);
    await expect(page.getByTestId('whom-screen')).toBeVisible();
    await page.getByTestId('whom-self').click();
    const lastTap = Date.now();
    await expect(page.getByTestId('items-screen')).toBeVisible();
    await expect(page.getByTestId('idle-countdown')).toBeVisible({ timeout: 15_000 });
    const countdownAt = (Date.now() - lastTap) / 1000;
    await expect(page.getByTestId('attract-screen')).toBeVisible({ timeout: 15_000 });
    const resetAt = (Date.now() - lastTap) / 1000;
    console.log(
      `countdown at ${countdownAt.toFixed(1)} s, reset at ${resetAt.toFixed(1)} s after the last tap`,
    );
    expect(countdownAt).toBeGreaterThanOrEqual(4.5);
    expect(countdownAt).toBeLessThan(7);
    expect(resetAt).toBeGreaterThanOrEqual(9.5);
    expect(resetAt).toBeLessThan(12.5);
  } finally {
    api.close();
    await kiosk.stop();
  }
});
