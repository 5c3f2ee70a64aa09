// A technician's visit, end to end in Chromium against the real web host and the emulators: the
// printer is out of paper, the technician sees why in plain words, fixes it, prints a test page
// (read back from the emulator's paper), unplugs and replugs the reader and watches it recover, and
// exports a diagnostic bundle that holds no ID number.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { DECK } from '../../hardware/emulators/idcard/deck.ts';
import { expect, kioskApi, test } from './fixtures.ts';

test('technician: paper out → fix → test page; reader unplug/replug; bundle without ID numbers', async ({
  page,
  kiosk,
}) => {
  test.setTimeout(90_000);
  const api = await kioskApi(kiosk);
  await page.goto(kiosk.url);
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  // The start-up self-test has run and its summary sits in the corner for staff.
  await expect(page.getByTestId('maint-entry')).toHaveAttribute('data-level', 'ok');

  // A citizen session first, so that the logs have a card read in them.
  await api.invoke('dev:placeCard', { cardId: 'resident-zhang-san' });
  await expect(page.getByTestId('whom-screen')).toBeVisible();
  await api.invoke('dev:removeCard', {});
  await api.invoke('session:end', { reason: 'user' });
  await expect(page.getByTestId('attract-screen')).toBeVisible();

  // The paper runs out: the kiosk sends people to a window.
  await api.invoke('dev:setPrinterFault', { fault: 'paper-out' });
  await expect(page.getByTestId('out-of-service')).toBeVisible({ timeout: 15_000 });

  await page.getByTestId('maint-entry').click();
  await page.getByTestId('maint-account-input').fill('8001');
  await page.getByTestId('maint-pin-input').fill('000000');
  await page.getByTestId('maint-login').click();
  await expect(page.getByTestId('maint-login-error')).toHaveText('账号或密码不正确。');
  await page.getByTestId('maint-pin-input').fill('246810');
  await page.getByTestId('maint-login').click();
  await expect(page.getByTestId('maint-account')).toContainText('8001');

  const printer = page.getByTestId('maint-device-printer');
  await expect(printer).toHaveAttribute('data-level', 'fault');
  await expect(page.getByTestId('maint-device-printer-sentence')).toHaveText('缺纸');
  await expect(page.getByTestId('maint-device-printer-baud')).toHaveText('115200');
  await expect(page.getByTestId('maint-device-printer-port')).toContainText('printer-host');
  // The live byte log shows the status queries and the printer's answers.
  await expect(page.getByTestId('maint-printer-bytes')).toContainText('DLE EOT 1 (printer status)');

  // A test page is refused while there is no paper, with the reason.
  await page.getByTestId('maint-printer-test-page').click();
  await expect(page.getByTestId('maint-printer-result')).toHaveAttribute('data-ok', 'false');
  await expect(page.getByTestId('maint-printer-result')).toContainText('缺纸');

  // Paper loaded.
  await api.invoke('dev:setPrinterFault', { fault: null });
  await api.invoke('dev:clearReceipts', {});
  await page.getByTestId('maint-printer-status').click();
  await expect(printer).toHaveAttribute('data-level', 'ok', { timeout: 10_000 });
  await expect(page.getByTestId('maint-device-printer-sentence')).toHaveText('正常');
  await page.getByTestId('maint-printer-test-page').click();
  await expect(page.getByTestId('maint-printer-result')).toHaveAttribute('data-ok', 'true', {
    timeout: 20_000,
  });
  const receipts = await api.receipts();
  expect(receipts).toHaveLength(1);
  expect(receipts[0]!.lines.join('\n')).toContain('打印机测试页');
  expect(receipts[0]!.complete).toBe(true);
  expect(receipts[0]!.cut).toBe(true);

  // The reader is unplugged: the screen says so, with the port's own words; replugged, it recovers.
  const reader = page.getByTestId('maint-device-idcard');
  await expect(reader).toHaveAttribute('data-level', 'ok');
  await api.invoke('dev:unplugReader', {});
  await expect(reader).toHaveAttribute('data-level', 'fault', { timeout: 15_000 });
  await expect(page.getByTestId('maint-device-idcard-sentence')).toHaveText('未连接或无响应');
  await expect(page.getByTestId('maint-device-idcard-state')).not.toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('maint-device-idcard-error')).not.toHaveText('无');
  await api.invoke('dev:replugReader', {});
  await expect(reader).toHaveAttribute('data-level', 'ok', { timeout: 15_000 });
  await expect(page.getByTestId('maint-device-idcard-state')).toHaveAttribute('data-state', 'open');
  await page.getByTestId('maint-idcard-sam').click();
  await expect(page.getByTestId('maint-idcard-result')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('maint-idcard-bytes')).toContainText('SAM status');

  // The self-test on demand passes now.
  await page.getByTestId('maint-run-selftest').click();
  await expect(page.getByTestId('maint-serviceable')).toHaveAttribute('data-serviceable', 'true');

  // The diagnostic bundle on a "USB stick".
  const stick = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-usb-'));
  await page.getByTestId('maint-bundle-path').fill(stick);
  await page.getByTestId('maint-bundle-usb').click();
  await expect(page.getByTestId('maint-bundle-result')).toContainText(stick);
  const [file] = fs.readdirSync(stick);
  expect(file).toMatch(/^kiosk-diag-.+\.json\.gz$/);
  const text = zlib.gunzipSync(fs.readFileSync(path.join(stick, file!))).toString('utf8');
  const bundle = JSON.parse(text) as {
    logs: Array<{ lines: unknown[] }>;
    byteLogs: unknown;
    config: unknown;
  };
  expect(bundle.logs.flatMap((log) => log.lines).length).toBeGreaterThan(10);
  expect(text).toContain('idcard.card-read');
  for (const card of DECK) {
    expect(text).not.toContain(card.fields.idNumber);
    const name = 'name' in card.fields ? card.fields.name : undefined;
    if (typeof name === 'string' && name.length > 1) expect(text).not.toContain(name);
  }
  expect(text).not.toMatch(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/);

  await page.getByTestId('maint-close').click();
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  api.close();
  fs.rmSync(stick, { recursive: true, force: true });
});

test('a staff desk PIN does not open the maintenance screen', async ({ page, kiosk }) => {
  await page.goto(kiosk.url);
  await page.getByTestId('maint-entry').click();
  // 1001 is a desk clerk's account (resources/hall/staff.json); roles are kept apart.
  await page.getByTestId('maint-account-input').fill('1001');
  await page.getByTestId('maint-pin-input').fill('123456');
  await page.getByTestId('maint-login').click();
  await expect(page.getByTestId('maint-login-error')).toBeVisible();
  await expect(page.getByTestId('maint-device-printer')).toHaveCount(0);
});

test('technician: the reader is set to be found by its USB ids, then back by its path, without a restart', async ({
  page,
  kiosk,
}) => {
  await page.goto(kiosk.url);
  await page.getByTestId('maint-entry').click();
  // Signed in on the keypad: the technician has brought no keyboard.
  const keypad = page.getByTestId('maint-keypad');
  await page.getByTestId('maint-account-input').click();
  for (const digit of '8001') await keypad.getByTestId(`maint-keypad-${digit}`).click();
  await page.getByTestId('maint-pin-input').click();
  for (const digit of '246810') await keypad.getByTestId(`maint-keypad-${digit}`).click();
  await page.getByTestId('maint-login').click();
  const reader = page.getByTestId('maint-device-idcard');
  await expect(reader).toHaveAttribute('data-level', 'ok');
  const emulatedPath = (await page.getByTestId('maint-device-idcard-port').textContent())!;

  await page.getByTestId('maint-port-device').selectOption('idcard');
  await expect(page.getByTestId('maint-port-path')).toHaveValue(emulatedPath);
  await page.getByTestId('maint-port-by').selectOption('usb');
  // Not four hex digits: said at once, and nothing can be saved.
  await page.getByTestId('maint-port-usb-vendor').fill('1a8g');
  await page.getByTestId('maint-port-usb-product').fill('7523');
  await expect(page.getByTestId('maint-port-usb-hint')).toBeVisible();
  await expect(page.getByTestId('maint-port-save')).toBeDisabled();
  await page.getByTestId('maint-port-usb-vendor').fill('1A86');
  await page.getByTestId('maint-port-usb-serial').fill('A10K7Z');
  await expect(page.getByTestId('maint-port-usb-hint')).toHaveCount(0);
  await page.getByTestId('maint-port-save').click();
  // No such adapter on this machine: nothing is saved, the reader keeps its port, and the screen
  // says so in Chinese (never 「已保存并立即生效」 for a port that is not there).
  const result = page.getByTestId('maint-port-result');
  await expect(result).toHaveAttribute('data-ok', 'false');
  await expect(result).toContainText('本机没有这个端口');
  await expect(result).not.toContainText('已保存');
  // The system's English words are folded away under 「技术细节（英文）」, not shown as the sentence.
  expect(await result.innerText()).not.toContain('does not exist');
  await expect(page.getByTestId('maint-device-idcard-port')).toHaveText(emulatedPath);
  await expect(reader).toHaveAttribute('data-level', 'ok');

  // The path of the emulated reader, picked from the system's list: checked, probed, saved.
  await page.getByTestId('maint-ports-list').click();
  await page.getByTestId('maint-ports').getByRole('button', { name: emulatedPath, exact: true }).click();
  await expect(page.getByTestId('maint-port-by')).toHaveValue('path');
  await expect(page.getByTestId('maint-port-path')).toHaveValue(emulatedPath);
  await page.getByTestId('maint-port-save').click();
  await expect(result).toHaveAttribute('data-ok', 'true', { timeout: 15_000 });
  await expect(result).toContainText('已保存');
  await expect(reader).toHaveAttribute('data-level', 'ok', { timeout: 15_000 });
  await expect(page.getByTestId('maint-device-idcard-state')).toHaveAttribute('data-state', 'open');
});
