// The screen process dies (a renderer crash) in the middle of a person's form. The state lives in
// main, so the screen that comes back — a reload, or a new tab opened on the same address — shows
// the same person on the same step with what they typed. Chromium driven by playwright-core.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFaultKiosk, waitFor, type FaultKiosk } from './helpers.ts';

const rendererDir = path.resolve('dist/renderer');
let browser: Browser;
let fk: FaultKiosk;

beforeAll(async () => {
  if (!fs.existsSync(path.join(rendererDir, 'index.html')))
    throw new Error('Build the screens first: npm run build:renderer');
  fk = await startFaultKiosk({ webRendererDir: rendererDir });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
});
afterAll(async () => {
  await browser?.close();
  await fk?.stop();
});

it('a crashed screen comes back on the same step of the same session, with what was typed', async () => {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const page = await context.newPage();
  await page.goto(fk.host!.url);
  await page.getByTestId('attract-screen').waitFor();
  await fk.must('dev:placeCard', { cardId: 'resident-zhang-san' });
  await waitFor(() => fk.kiosk.session.current().id, 'the card to start a session');
  await fk.must('flow:setWhom', { whom: 'self' });
  await fk.must('flow:chooseItem', { itemCode: 'SOCIAL-SECURITY-CARD' });
  await page.getByTestId('form-screen').waitFor({ timeout: 15_000 });
  // The person types their mobile number on the screen; it reaches main as they type.
  await page.getByTestId('field-mobile').locator('input').fill('13912345678');
  await waitFor(
    () =>
      fk.kiosk.session.current().flow?.fields.find((field) => field.id === 'mobile')?.display ===
      '13912345678',
    'the typed value to reach main',
  );
  const view = fk.kiosk.session.current();

  // Kill the renderer process of this tab.
  const cdp = await context.newCDPSession(page);
  const crashed = new Promise<void>((resolve) => page.once('crash', () => resolve()));
  void cdp.send('Page.crash').catch(() => undefined);
  await crashed;

  // Recovery as the shells do it: the window is reloaded (Electron) or the kiosk browser reopens the
  // address it was started with (web host). Either way, same session, same step, same answers.
  const reopened = await context.newPage();
  await reopened.goto(fk.host!.url);
  await reopened.getByTestId('form-screen').waitFor({ timeout: 15_000 });
  expect(await reopened.getByTestId('field-mobile').locator('input').inputValue()).toBe('13912345678');
  expect(fk.kiosk.session.current().id).toBe(view.id);

  // And a plain reload of a live screen (token kept for the tab) lands on the same step too.
  await reopened.reload();
  await reopened.getByTestId('form-screen').waitFor({ timeout: 15_000 });
  expect(fk.kiosk.session.current().id).toBe(view.id);
  await context.close();
});
