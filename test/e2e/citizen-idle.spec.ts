// Idle reset: a visible countdown, then back to the attract screen with the person's data gone
// from the DOM and from the renderer's React state; never while paper is printing; and, when
// configured, at once when the card is taken away.
import type { Page } from '@playwright/test';
import { expect, kioskApi, launchKiosk, test } from './fixtures.ts';
import {
  expectAccessible,
  fillSocialSecurityForm,
  forMyself,
  modes,
  placeCard,
  setMode,
} from './citizen-helpers.ts';

const name = '张三';
const fullIdNumber = '110101198503120017';
const maskedIdNumber = '110***********0017';
const mobile = '13987654321';

/** Everything the React tree holds now: each fiber's props and hook states (the current tree and
 *  its alternate), serialised. DOM nodes and functions are skipped; cycles are cut. */
async function reactState(page: Page): Promise<string> {
  return page.evaluate(() => {
    // Runs in the page; the test project is type-checked without the DOM library.
    const page = globalThis as unknown as { document: { getElementById(id: string): unknown } };
    const container = page.document.getElementById('root') as Record<string, unknown>;
    const key = Object.keys(container).find((candidate) => candidate.startsWith('__reactContainer$'));
    if (!key) throw new Error('no React root found');
    type Fiber = {
      child: Fiber | null;
      sibling: Fiber | null;
      alternate: Fiber | null;
      memoizedProps: unknown;
      memoizedState: unknown;
    };
    const seen = new WeakSet<object>();
    const parts: string[] = [];
    const visit = (value: unknown, depth: number): void => {
      if (depth > 12 || value === null || value === undefined) return;
      if (typeof value === 'string') return void parts.push(value);
      if (typeof value === 'number' || typeof value === 'boolean') return;
      if (typeof value !== 'object') return;
      const isDomNode = typeof (value as { nodeType?: unknown }).nodeType === 'number';
      if (isDomNode || seen.has(value)) return;
      seen.add(value);
      // Fibers reached through props (children elements are plain objects; _owner points to fibers).
      for (const [field, inner] of Object.entries(value as Record<string, unknown>)) {
        if (field === '_owner' || field === 'return' || field === 'stateNode') continue;
        visit(inner, depth + 1);
      }
    };
    const walked = new WeakSet<object>();
    const walk = (fiber: Fiber | null): void => {
      for (let node = fiber; node; node = node.sibling) {
        for (const version of [node, node.alternate]) {
          if (!version || walked.has(version)) continue;
          walked.add(version);
          visit(version.memoizedProps, 0);
          visit(version.memoizedState, 0);
        }
        walk(node.child);
      }
    };
    walk((container[key] as Fiber).child);
    return parts.join('\n');
  });
}

function personalIn(text: string): string[] {
  return [name, fullIdNumber, maskedIdNumber, mobile].filter((needle) => text.includes(needle));
}

test('idle reset: countdown, then the attract screen with no name or ID number in DOM or state', async ({
  page,
}) => {
  const kiosk = await launchKiosk({ KIOSK_IDLE_SECONDS: '6', KIOSK_IDLE_COUNTDOWN_SECONDS: '4' });
  const api = await kioskApi(kiosk);
  try {
    await page.goto(kiosk.url);
    await placeCard(api);
    await expect(page.getByTestId('greeting')).toHaveText(`您好，${name}`);
    await fillSocialSecurityForm(page, mobile);
    await expect(page.getByTestId('field-mobile').locator('input')).toHaveValue(mobile);
    // The probes see the person while the session runs (so they can fail).
    expect(personalIn(await page.content())).toContain(name);
    expect(personalIn(await reactState(page))).toEqual(
      expect.arrayContaining([name, maskedIdNumber, mobile]),
    );

    await expect(page.getByTestId('idle-countdown')).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId('idle-countdown')).toContainText('秒后将返回首页');
    await expect(page.getByTestId('attract-screen')).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId('idle-countdown')).toHaveCount(0);

    expect(personalIn(await page.content())).toEqual([]);
    expect(personalIn(await reactState(page))).toEqual([]);
    const stored = await page.evaluate(() => {
      const storage = globalThis as unknown as { sessionStorage: object; localStorage: object };
      return JSON.stringify({ ...storage.sessionStorage }) + JSON.stringify({ ...storage.localStorage });
    });
    expect(personalIn(stored)).toEqual([]);
    // The services forgot the person too: a new look at the session finds nobody.
    const session = (await api.invoke('session:get')).value as { id: string | null; card: unknown };
    expect(session).toMatchObject({ id: null, card: null });
  } finally {
    api.close();
    await kiosk.stop();
  }
});

test('the countdown passes axe in every mode, and a tap keeps the session', async ({ page }) => {
  // Three modes, each waiting out a countdown and an idle end: more than the default minute.
  test.setTimeout(180_000);
  const kiosk = await launchKiosk({
    KIOSK_IDLE_SECONDS: '5',
    KIOSK_ELDERLY_IDLE_SECONDS: '7',
    KIOSK_IDLE_COUNTDOWN_SECONDS: '4',
  });
  const api = await kioskApi(kiosk);
  try {
    await page.goto(kiosk.url);
    for (const mode of modes) {
      await expect(page.getByTestId('attract-screen')).toBeVisible({ timeout: 15_000 });
      await setMode(page, mode);
      await placeCard(api);
      await forMyself(page);
      await expect(page.getByTestId('idle-countdown')).toBeVisible({ timeout: 10_000 });
      await expect(page.getByTestId('idle-continue')).toBeFocused();
      await expectAccessible(page, 'idle countdown', mode);
      await page.getByTestId('idle-continue').click();
      await expect(page.getByTestId('idle-countdown')).toHaveCount(0);
      await expect(page.getByTestId('items-screen')).toBeVisible();
      // Left alone again, the session ends; the person's mode goes with it.
      await expect(page.getByTestId('attract-screen')).toBeVisible({ timeout: 15_000 });
      await expect(page.locator('html')).toHaveAttribute('data-elderly', 'false');
      await expect(page.locator('html')).toHaveAttribute('data-contrast', 'normal');
    }
  } finally {
    api.close();
    await kiosk.stop();
  }
});

test('idle reset never interrupts printing; the countdown starts after the paper is out', async ({
  page,
}) => {
  // A slow mechanism at 9600 baud: the notice slip takes longer to print than the idle limit.
  const idleSeconds = 3;
  const kiosk = await launchKiosk({
    KIOSK_IDLE_SECONDS: String(idleSeconds),
    KIOSK_IDLE_COUNTDOWN_SECONDS: '2',
    KIOSK_PRINTER_BAUD: '9600',
  });
  const api = await kioskApi(kiosk);
  try {
    await page.goto(kiosk.url);
    await expect(page.getByTestId('health-printer')).toHaveAttribute('data-level', 'ok', { timeout: 15_000 });
    await api.invoke('dev:setPrinterFault', { fault: 'slow' });
    await placeCard(api);
    await fillSocialSecurityForm(page);
    await page.getByTestId('next').click();
    await page.getByTestId('missing-photo-receipt').click();
    await page.getByTestId('review').click();
    await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'notice');

    const started = Date.now();
    await page.getByTestId('confirm').click();
    await expect(page.getByTestId('confirm')).toHaveText('正在打印…');
    // Nobody touches the screen while it prints: no countdown, no reset.
    await expect(page.getByTestId('done-screen')).toBeVisible({ timeout: 30_000 });
    const printedAfterMs = Date.now() - started;
    expect(printedAfterMs).toBeGreaterThan(idleSeconds * 1000 + 500);
    const receipts = await api.receipts();
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.complete).toBe(true);
    expect(receipts[0]!.lines.join('\n')).toContain('一次性告知单');

    // The idle time starts again once the paper is out.
    await expect(page.getByTestId('idle-countdown')).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId('attract-screen')).toBeVisible({ timeout: 10_000 });
  } finally {
    api.close();
    await kiosk.stop();
  }
});

test('with end-on-card-removal configured, taking the card away ends the session', async ({ page }) => {
  const kiosk = await launchKiosk({ KIOSK_END_ON_CARD_REMOVAL: 'true' });
  const api = await kioskApi(kiosk);
  try {
    await page.goto(kiosk.url);
    await placeCard(api);
    await fillSocialSecurityForm(page, mobile);
    await api.invoke('dev:removeCard', {});
    await expect(page.getByTestId('attract-screen')).toBeVisible({ timeout: 10_000 });
    expect(personalIn(await page.content())).toEqual([]);
  } finally {
    api.close();
    await kiosk.stop();
  }
});
