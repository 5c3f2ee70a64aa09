// 好差评 end to end: a rating given while the central system is unreachable is kept on the kiosk
// and reaches the real central server (central/, on loopback) once it comes up — exactly once.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildCentralServer, sha256 } from '../../central/server.ts';
import { generateSigningKeys } from '../../protocol/signing.ts';
import { openCentralStore } from '../../central/store/open.ts';
import { fillSocialSecurityForm, placeCard } from './citizen-helpers.ts';
import { expect, kioskApi, launchKiosk, test } from './fixtures.ts';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('an evaluation given offline reaches the central server once, later', async ({ page }) => {
  test.setTimeout(150_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-eval-central-'));
  const store = await openCentralStore(`sqlite:${path.join(dir, 'central.db')}`);
  const kioskId = 'kiosk-eval-e2e';
  const token = crypto.randomBytes(24).toString('base64url');
  await store.createEnrollment(kioskId, sha256(token), new Date(Date.now() + 3_600_000).toISOString());
  const port = await freePort();
  // The kiosk knows the central address, but nothing listens there yet: it is offline.
  const kiosk = await launchKiosk({
    KIOSK_ID: kioskId,
    KIOSK_CENTRAL_URL: `http://127.0.0.1:${port}`,
    KIOSK_SYNC_START_SPREAD_SECONDS: '0',
    KIOSK_ENROLLMENT_TOKEN: token,
    KIOSK_CATALOG_PUBLIC_KEY: generateSigningKeys().publicKeyBase64,
  });
  const api = await kioskApi(kiosk);
  const app = await buildCentralServer({ store });
  try {
    await page.goto(kiosk.url);
    await placeCard(api);
    await fillSocialSecurityForm(page);
    await page.getByTestId('next').click();
    await page.getByTestId('missing-photo-receipt').click();
    await page.getByTestId('review').click();
    const reference = /YS\d{8}[A-Z2-9]{6}/.exec((await page.locator('.reference').textContent()) ?? '')?.[0];
    expect(reference).toBeTruthy();
    await page.getByTestId('confirm').click();
    await expect(page.getByTestId('done-screen')).toBeVisible();
    await page.getByTestId('finish').click();
    await page.getByTestId('rating-2').click();
    await page.getByTestId('reason-too-slow').click();
    await page.getByTestId('reason-device-fault').click();
    await page.getByTestId('evaluation-submit').click();
    await expect(page.getByTestId('evaluation-thanks')).toBeVisible();
    expect(await store.events(kioskId)).toEqual([]);

    // The network comes back.
    await app.listen({ host: '127.0.0.1', port });
    const evaluations = async () =>
      (await store.events(kioskId)).filter((event) => event.type === 'evaluation');
    await expect
      .poll(async () => (await evaluations()).length, { timeout: 120_000, intervals: [500] })
      .toBe(1);
    // A few more sync cycles change nothing: it arrived once.
    await page.waitForTimeout(6_000);
    const arrived = await evaluations();
    expect(arrived).toHaveLength(1);
    expect(arrived[0]!.payload).toMatchObject({
      caseRef: reference,
      kioskId,
      itemCode: 'SOCIAL-SECURITY-CARD',
      outcome: 'notice',
      rating: 2,
      reasons: ['too-slow', 'device-fault'],
    });
    // Nothing about the person travels with a rating.
    expect(arrived[0]!.personal).toBeNull();
    expect(JSON.stringify(arrived[0]!.payload)).not.toMatch(/张三|\d{17}[\dX]/);
  } finally {
    api.close();
    await kiosk.stop();
    await app.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
