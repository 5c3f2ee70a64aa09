// The hall's configuration from the central system, through the real path (#16 items 1 and 2):
// signed for a hall with the admin tool, served by the hall-scoped central server to that hall's
// kiosks only, verified and put in force by the kiosk — name, hotline, lines and notices on its
// screens — and in force again after a restart. And the kiosk's own check: a document signed for
// another hall is refused even when a central server (or its database) hands it over.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HallStatusView } from '../../../common/hall.ts';
import type { SystemInfo } from '../../../common/contract/system.ts';
import type { Kiosk } from '../../../main/kiosk.ts';
import {
  admin,
  call,
  documentsOf,
  must,
  startCentralWorld,
  syncUntil,
  type CentralWorld,
} from './central-world.ts';

let world: CentralWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

const shippedHall = () =>
  JSON.parse(fs.readFileSync(path.resolve('resources', 'hall', 'hall.json'), 'utf8')) as Record<
    string,
    unknown
  > & { lines: Array<Record<string, unknown> & { name: Record<string, string> }> };

function hallDocument(hallId: string, hallName: string, hotline: string, lineName: string, notice: string) {
  const hall = shippedHall();
  hall.lines[0]!.name = { 'zh-CN': lineName, en: 'General services (central)' };
  return {
    ...hall,
    version: `2026.11.${hallId.length}`,
    hallId,
    hallName,
    hotline,
    notices: [{ id: 'water', level: 'warning', text: { 'zh-CN': notice, en: 'Water off this afternoon.' } }],
  };
}

const status = (kiosk: Kiosk) => must<HallStatusView>(kiosk, 'hall:getStatus');
const info = (kiosk: Kiosk) => must<SystemInfo>(kiosk, 'system:getInfo');

describe('hall configuration from the hall-scoped central system', () => {
  it('reaches only its own hall’s kiosks, is in force on screen at once, and again after a restart', async () => {
    world = await startCentralWorld('kiosk-hall-');
    const token = await world.enroll('kiosk-02', 'demo-hall');
    await world.enroll('kiosk-03', 'other-hall');
    await world.publish(
      'hall-config',
      1,
      hallDocument(
        'demo-hall',
        '九龙坡区政务服务中心',
        '023-68780000',
        '综合受理（中心下发）',
        '今日下午停水，洗手间暂停使用。',
      ),
      'demo-hall',
    );
    // Another hall's, with a higher version: it must never reach a kiosk of demo-hall.
    await world.publish(
      'hall-config',
      2,
      hallDocument('other-hall', '别的大厅', '023-99999999', '别的大厅的窗口', '别的大厅的通知'),
      'other-hall',
    );

    const first = await world.startKiosk('kiosk-02', token);
    // The factory default before anything came.
    expect((await info(first)).hallName).toBe('政务服务大厅');
    expect((await status(first)).lines[0]!.name['zh-CN']).toBe('综合受理');

    const error = await syncUntil(first, () => first.sync.health().documents['hall-config'] !== undefined);
    expect(error, JSON.stringify(first.sync.health())).toBeNull();
    const check = async (kiosk: Kiosk) => {
      expect((await documentsOf(kiosk))['hall-config']).toMatchObject({
        source: 'central',
        version: '1',
        problem: null,
      });
      const shown = await info(kiosk);
      expect(shown.hallName).toBe('九龙坡区政务服务中心');
      expect(shown.hallPhone).toBe('023-68780000');
      const hall = await status(kiosk);
      expect(hall.lines[0]!.name['zh-CN']).toBe('综合受理（中心下发）');
      expect(hall.notices.map((notice) => notice.text['zh-CN'])).toEqual(['今日下午停水，洗手间暂停使用。']);
      expect(JSON.stringify(hall)).not.toContain('别的大厅');
    };
    await check(first);

    // Restart on the same data folder: applied again before anything is served.
    await world.stopKiosk(first);
    const second = await world.startKiosk('kiosk-02', token);
    await check(second);
    // The paper the desk prints names the hall as the central system configures it.
    const { token: desk } = await must<{ token: string }>(second, 'staff:login', {
      staffId: '1001',
      pin: '246810',
    });
    await must(second, 'staff:issue', { token: desk, line: 'A', lane: 'ordinary' });
    const state = await must<{ printer: { receipts: Array<{ lines: string[] }> } }>(second, 'dev:getState');
    const paper = state.printer.receipts.at(-1)!.lines.join('\n');
    expect(paper).toContain('九龙坡区政务服务中心');
    expect(paper).toContain('023-68780000');
    // Offered again, nothing is refused and nothing rolls back.
    expect((await second.sync.syncNow()).error).toBeNull();
    await check(second);
  }, 90_000);

  it('a staff list signed for another hall is refused by the kiosk even when the central hands it over', async () => {
    world = await startCentralWorld('kiosk-foreign-');
    const token = await world.enroll('kiosk-02', 'demo-hall');
    // Signed for other-hall; then published with its hall label removed, as a central server
    // that lost its scoping (or an operator's mistake) would serve it: city-wide, to every kiosk.
    const signedFile = await world.sign('staff', 1, { schemaVersion: 1, accounts: [] }, 'other-hall');
    const signed = JSON.parse(fs.readFileSync(signedFile, 'utf8')) as Record<string, unknown>;
    delete signed.hall;
    fs.writeFileSync(signedFile, JSON.stringify(signed));
    await admin('publish', '--db', world.db, '--in', signedFile);

    const kiosk = await world.startKiosk('kiosk-02', token);
    await kiosk.sync.syncNow();
    const health = kiosk.sync.health();
    expect(health.key).toBe('health.sync.documentRefused');
    expect(JSON.stringify(health)).toContain('signed for hall other-hall');
    expect((await documentsOf(kiosk)).staff).toMatchObject({ source: 'factory', version: 'dev-seed' });
    // The desk still signs in with the kiosk's own list: the foreign (empty) one is not in force.
    const signedIn = await call(kiosk, 'staff:login', { staffId: '1002', pin: '135790' });
    expect(signedIn.ok).toBe(true);
  }, 60_000);
});
