// Security checks against the running kiosk (the web host process, as `npm start` runs it): after a
// full citizen session nothing personal is in the logs or readable in the raw database file; the
// API refuses other origins and missing tokens; the technician's requests need a technician.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { expect, kioskApi, test } from './fixtures.ts';

const person = {
  idNumber: '110101198503120017',
  name: '张三',
  address: '北京市东城区景山前街4号',
  mobile: '13912345678',
};

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

test('after a full session: no personal data in the logs, none readable in the raw database file', async ({
  page,
  kiosk,
}) => {
  const api = await kioskApi(kiosk);
  await page.goto(kiosk.url);
  await api.invoke('dev:placeCard', { cardId: 'resident-zhang-san' });
  await page.getByTestId('whom-self').click();
  await expect(page.getByTestId('items-screen')).toBeVisible();
  await page.getByTestId('item-search').fill('sbk');
  await page.getByTestId('item-SOCIAL-SECURITY-CARD').click();
  await expect(page.getByTestId('form-screen')).toBeVisible();
  await page.getByTestId('field-mobile').locator('input').fill(person.mobile);
  await page.getByTestId('field-bank').getByRole('radio', { name: '工商银行' }).click();
  await page.getByTestId('field-alreadyHasLocalCard').getByRole('radio', { name: '否' }).click();
  await page.getByTestId('next').click();
  await expect(page.getByTestId('materials-screen')).toBeVisible();
  await api.invoke('flow:setMaterial', { materialId: null, answer: 'have' });
  // One material missing: the notice slip carries the person's name and masked number, so the
  // personal data surely went all the way through the kiosk.
  await api.invoke('flow:setMaterial', { materialId: 'photo-receipt', answer: 'missing' });
  await page.getByTestId('review').click();
  await expect(page.getByTestId('outcome-screen')).toBeVisible();
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('done-screen')).toBeVisible({ timeout: 20_000 });
  const paper = (await api.receipts()).flatMap((receipt) => receipt.lines).join('\n');
  expect(paper).toContain('一次性告知单');
  expect(paper).toMatch(/110\*+\d{3}[\dX]/);
  await api.invoke('dev:removeCard', {});
  await api.invoke('session:end', { reason: 'user' });
  api.close();
  await kiosk.stop();

  const logs = filesUnder(path.join(kiosk.dataRoot, 'logs'));
  expect(logs.length).toBeGreaterThan(0);
  const logText = logs.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
  expect(logText).toContain('session.started');
  for (const [field, value] of Object.entries(person)) {
    expect(logText.includes(value), `${field} in the logs`).toBe(false);
  }

  // The database as a thief would read it: every byte of the file and its WAL, in UTF-8 and UTF-16.
  const database = filesUnder(path.join(kiosk.dataRoot, 'db'));
  expect(database.some((file) => file.endsWith('kiosk.db'))).toBe(true);
  const raw = Buffer.concat(database.map((file) => fs.readFileSync(file)));
  expect(raw.length).toBeGreaterThan(10_000);
  for (const [field, value] of Object.entries(person)) {
    expect(raw.includes(Buffer.from(value, 'utf8')), `${field} (UTF-8) in the database file`).toBe(false);
    expect(raw.includes(Buffer.from(value, 'utf16le')), `${field} (UTF-16) in the database file`).toBe(false);
  }
});

test('the API refuses other origins (even with the token) and a page without the token', async ({
  page,
  kiosk,
}) => {
  const token = kiosk.token;
  const port = new URL(kiosk.origin).port;
  // Another web page on this machine (a different origin) tries to reach the kiosk's API.
  const foreign = http.createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>elsewhere</title>');
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', () => resolve()));
  const foreignPort = (foreign.address() as AddressInfo).port;
  await page.goto(`http://127.0.0.1:${foreignPort}/`);
  const attempt = (url: string) =>
    page.evaluate(
      (address) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(address);
          socket.onopen = () => resolve('open');
          socket.onerror = () => resolve('refused');
        }),
      url,
    );
  expect(await attempt(`ws://127.0.0.1:${port}/api?token=${token}`)).toBe('refused');
  foreign.close();

  // Our own origin without the token, and with a wrong one.
  await page.goto(kiosk.origin);
  expect(await attempt(`ws://127.0.0.1:${port}/api`)).toBe('refused');
  expect(await attempt(`ws://127.0.0.1:${port}/api?token=${token.slice(0, -2)}xx`)).toBe('refused');
  expect(await attempt(`ws://127.0.0.1:${port}/api?token=${token}`)).toBe('open');
});

test("the technician's requests need a technician's session", async ({ kiosk }) => {
  const api = await kioskApi(kiosk);
  const forged = 'x'.repeat(32);
  for (const [channel, args] of [
    ['maint:getOverview', { token: forged }],
    ['maint:exportBundle', { token: forged, target: { kind: 'usb', path: '/tmp' } }],
    [
      'maint:configurePort',
      { token: forged, device: 'printer', port: { path: '/dev/null' }, baudRate: 9600 },
    ],
    ['maint:printTestPage', { token: forged }],
  ] as const) {
    const reply = await api.invoke(channel, args);
    expect(reply.ok, channel).toBe(false);
    expect(reply.error?.code, channel).toBe('forbidden');
  }
  // A staff desk session is not a technician's session.
  const missing = await api.invoke('maint:getOverview', {});
  expect(missing.error?.code).toBe('bad-request');
  api.close();
});
