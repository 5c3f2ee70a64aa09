// The central console and the reference window page in real Chromium, against a real central
// server on loopback: kiosks of a hall push what happened, the window page calls and serves a
// number, the console shows the hall's figures (with a tidal alert), the fleet and follow-ups, and a
// follow-up is closed with a note. axe checks both pages; SCREENSHOTS=1 writes docs/console/*.png.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import { expect, test, type Page } from '@playwright/test';
import { runAdmin } from '../../central/admin.ts';
import { openFleetStore, type FleetStore } from '../../central/fleet/fleet-store.ts';
import { staticKeys } from '../../central/sealing.ts';
import { buildCentralServer, sha256 } from '../../central/server.ts';
import { openCentralStore } from '../../central/store/open.ts';
import type { CentralStore } from '../../central/store/types.ts';

test.describe.configure({ mode: 'serial' });
// Several axe passes on a loaded CI machine: more than the default minute.
test.setTimeout(180_000);

const shots = process.env.SCREENSHOTS === '1';
const shotDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/console');
const keys = staticKeys([crypto.randomBytes(32)]);
const clock = new Date('2026-03-10T04:00:00.000Z');

let store: CentralStore;
let fleet: FleetStore;
let app: FastifyInstance;
let base: string;
let location: string;
const tokens: Record<string, string> = {};

async function admin(args: string[]): Promise<string> {
  const lines: string[] = [];
  await runAdmin([...args, '--db', location], (line) => lines.push(line), { keys });
  return JSON.parse(lines[0]!).token as string;
}

test.beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-'));
  fs.mkdirSync(path.join(dir, 'db'));
  location = `sqlite:${path.join(dir, 'db', 'central.db')}`;
  store = await openCentralStore(location, { keys });
  fleet = await openFleetStore(location);
  // A fixed clock (noon in the hall): the figures' day and the queue's business day are known.
  app = await buildCentralServer({ store, fleet: { store: fleet }, now: () => clock });
  base = await app.listen({ host: '127.0.0.1', port: 0 });

  const now = clock.getTime();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  const day = '2026-03-10';
  for (const kioskId of ['K-XIHU-1', 'K-XIHU-2']) {
    const token = crypto.randomBytes(24).toString('base64url');
    await store.createEnrollment(
      kioskId,
      sha256(token),
      new Date(Date.now() + 3_600_000).toISOString(),
      'xihu',
    );
    const reply = await app.inject({
      method: 'POST',
      url: '/v1/register',
      payload: { kioskId, enrollmentToken: token },
    });
    const auth = `Bearer ${kioskId}.${reply.json().credential}`;
    const mark = kioskId.endsWith('1') ? '1' : '2';
    const records: Array<Record<string, unknown>> = [];
    const items = [
      'SOCIAL-SECURITY-CARD',
      'PUBLIC-HYGIENE-LICENCE',
      'ID-CARD-RENEWAL',
      'CONSTRUCTION-PERMIT',
    ];
    const outcomes = [
      'ticket',
      'ticket',
      'notice',
      'commitment',
      'ticket',
      'not-accepted',
      'notice',
      'ticket',
    ];
    outcomes.forEach((outcome, index) =>
      records.push({
        type: 'prereview',
        occurredAt: at(90 - index * 5),
        payload: { itemCode: items[index % items.length], outcome },
      }),
    );
    for (let n = 1; n <= 6; n += 1) {
      const line = n <= 4 ? 'A' : 'B';
      records.push({
        type: 'ticket',
        occurredAt: at(80 - n * 6),
        payload: {
          action: 'issued',
          kind: 'ticket',
          number: `${line}${mark}-00${n}`,
          line,
          lanePriority: 0,
          businessDay: day,
          issuedAt: at(80 - n * 6),
        },
      });
    }
    records.push(
      {
        type: 'evaluation',
        occurredAt: at(20),
        payload: {
          caseRef: `R-${mark}`,
          itemCode: items[0],
          rating: mark === '1' ? 2 : 5,
          reasons: ['too-slow'],
        },
      },
      {
        type: 'device-health',
        occurredAt: at(3),
        payload: {
          kioskId,
          version: '0.2.0',
          at: at(3),
          overall: 'ok',
          devices: [
            { id: 'idcard', level: 'ok', key: 'health.idcard.ok' },
            {
              id: 'printer',
              level: mark === '2' ? 'warning' : 'ok',
              key: mark === '2' ? 'health.printer.paperNearEnd' : 'health.printer.ok',
            },
          ],
          paperNearEnd: mark === '2',
          sync: { level: 'ok', key: 'health.sync.ok', backlog: mark === '2' ? 3 : 0 },
          documents: { catalog: 7, staff: 2, 'hall-config': 3 },
        },
      },
    );
    const numbered = records.map((record, index) => ({
      ...record,
      seq: index + 1,
      key: crypto.randomUUID(),
    }));
    const pushed = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { authorization: auth },
      payload: { records: numbered },
    });
    expect(pushed.statusCode, pushed.body).toBe(200);
  }
  tokens.caller = await admin(['add-caller', '--hall', 'xihu', '--name', '西湖大厅叫号']);
  tokens.console = await admin(['add-console', '--hall', 'xihu', '--name', '西湖大厅主任']);
  // Line A's people waited long (called now), line B's briefly: a tidal alert on A.
  for (const number of ['A1-001', 'A2-001', 'A1-002', 'A2-002'])
    await app.inject({
      method: 'POST',
      url: '/v1/calls',
      headers: { authorization: `Bearer fleet.${tokens.caller}` },
      payload: { number, line: 'A', action: 'called', window: '1号窗口' },
    });
  for (const [number, minutesAgo] of [
    ['B1-005', 48],
    ['B2-005', 48],
    ['B1-006', 41],
  ] as const)
    await app.inject({
      method: 'POST',
      url: '/v1/calls',
      headers: { authorization: `Bearer fleet.${tokens.caller}` },
      payload: { number, line: 'B', action: 'called', window: '2号窗口', at: at(minutesAgo) },
    });
});

test.afterAll(async () => {
  await app?.close();
  await fleet?.close();
  await store?.close();
});

async function accessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const bad = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.nodes
          .map((node) => node.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
  expect(bad, `axe on ${what}`).toEqual([]);
}

test('the window page calls the next number in the hall-wide order and marks it served', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${base}/window`);
  await accessible(page, 'window login');
  await page.getByLabel('叫号凭据').fill(tokens.caller!);
  await page.getByRole('button', { name: '登录' }).click();
  const callB = page.locator('[data-line="B"]');
  // B1-005, B2-005 and B1-006 were called; the next waiting is the earliest issued of the rest.
  await expect(callB).toHaveText('叫号 B2-006');
  await callB.click();
  await expect(page.getByRole('status')).toContainText('请 B2-006 号到 1 号窗口');
  await page.getByRole('button', { name: '已办结' }).click();
  await expect(page.locator('[data-line="B"]')).toHaveText('无人等候');
  await accessible(page, 'window queue');
  if (shots) await page.screenshot({ path: path.join(shotDir, 'window.png'), fullPage: true });
});

test('the console shows the hall figures with a tidal alert, the fleet and the follow-ups', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`${base}/console`);
  await accessible(page, 'console login');
  await page.getByLabel('管理凭据').fill('wrong-token-wrong-token-wrong');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toContainText('凭据无效');
  await page.getByLabel('管理凭据').fill(tokens.console!);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  await expect(page.locator('.kpi').first()).toContainText('16');
  await expect(page.locator('.alert')).toContainText('潮汐预警：A 线');
  await accessible(page, 'console figures');
  if (shots) await page.screenshot({ path: path.join(shotDir, 'figures.png'), fullPage: true });

  await page.getByRole('button', { name: '终端概况' }).click();
  await expect(page.locator('#fleet tbody tr')).toHaveCount(2);
  await expect(page.locator('#fleet')).toContainText('将尽');
  await expect(page.locator('#fleet')).toContainText('catalog v7');
  await accessible(page, 'console fleet');
  if (shots) await page.screenshot({ path: path.join(shotDir, 'fleet.png'), fullPage: true });

  await page.getByRole('button', { name: '跟进事项' }).click();
  const row = page.locator('#followups tbody tr', { hasText: '差评回访' });
  await expect(row).toHaveCount(1);
  await row.getByLabel('办结说明').fill('已电话回访，说明等候原因并致歉');
  await accessible(page, 'console follow-ups');
  if (shots) await page.screenshot({ path: path.join(shotDir, 'followups.png'), fullPage: true });
  await row.getByRole('button', { name: '办结' }).click();
  await expect(page.locator('#followups tbody tr', { hasText: '差评回访' })).toContainText('已办结');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '大厅指标' }).click();
  await page.getByRole('link', { name: '导出 CSV' }).click();
  const csv = fs.readFileSync(await (await download).path(), 'utf8');
  expect(csv).toContain('SOCIAL-SECURITY-CARD');
});
