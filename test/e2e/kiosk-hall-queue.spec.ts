// Issue 16, item 4 end to end: one real central (central/main.ts, its admin tool), two real kiosk
// processes of one hall, each with its own emulated printer, and a window calling numbers through
// the calling-system API (POST /v1/calls with the hall's caller credential). A citizen at kiosk B
// then gets a ticket whose people-ahead counts kiosk A's waiting tickets and not the ones a window
// called or served — read from B's emulated paper and from B's done screen. With central down, a
// ticket says its figure is this kiosk's own estimate.
import { launchKioskProcess } from '../support/kiosk-process.ts';
import { startTestCentral } from './central-helpers.ts';
import { expect, kioskApi, test, type KioskProcess } from './fixtures.ts';
import { allDayHall } from './hall-helpers.ts';

const hallId = 'queue-hall';

type Api = Awaited<ReturnType<typeof kioskApi>>;

async function must<T>(api: Api, channel: string, args: unknown = {}): Promise<T> {
  const reply = await api.invoke(channel, args);
  if (!reply.ok) throw new Error(`${channel}: ${JSON.stringify(reply.error)}`);
  return reply.value as T;
}

/** A desk issues an ordinary number on a line, as staff 1002 (an emulated kiosk's dev account). */
async function deskIssue(api: Api, line: string): Promise<string> {
  const { token } = await must<{ token: string }>(api, 'staff:login', { staffId: '1002', pin: '135790' });
  const issued = await must<{ result: { outcome: string; ticket: { number: string } } }>(api, 'staff:issue', {
    token,
    line,
    lane: 'ordinary',
  });
  await api.invoke('staff:logout', { token });
  expect(issued.result.outcome).toBe('issued');
  return issued.result.ticket.number;
}

test('two kiosks of one hall print people ahead for the whole hall once a window has called numbers', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const central = await startTestCentral('K-HALL-A', { hall: hallId });
  const envA = central.kioskEnv;
  const envB = central.enrollKiosk('K-HALL-B');
  const caller = central.addCaller('window-system');
  // Open all day, and the business day turning at midnight like central's, whatever the hour.
  const hallFile = allDayHall({ dailyResetAt: '00:00' });
  const kiosks: KioskProcess[] = [];
  const launch = async (env: NodeJS.ProcessEnv, index: number, dataRoot?: string) => {
    const kiosk = await launchKioskProcess({
      env: { ...env, KIOSK_INDEX: String(index), KIOSK_HALL_CONFIG: hallFile },
      ...(dataRoot ? { dataRoot } : {}),
    });
    kiosks.push(kiosk);
    return kiosk;
  };
  try {
    const kioskA = await launch(envA, 1);
    const kioskB = await launch(envB, 2);
    const apiA = await kioskApi(kioskA);
    const apiB = await kioskApi(kioskB);

    // Kiosk A: four people take numbers in line D (身份证 business) at the desk.
    const numbersA: string[] = [];
    for (let i = 0; i < 4; i += 1) numbersA.push(await deskIssue(apiA, 'D'));
    expect(numbersA[0]).toMatch(/^D1-\d{3}$/);

    // They reach central through A's real sync; the window page's data shows them waiting.
    const windowQueue = async () => {
      const response = await fetch(`${central.url}/window/api/queue`, {
        headers: { authorization: `Bearer fleet.${caller}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as {
        lines: Array<{ line: string; waiting: number; next: string | null }>;
      };
    };
    await expect
      .poll(async () => (await windowQueue()).lines.find((line) => line.line === 'D')?.waiting, {
        timeout: 30_000,
      })
      .toBe(4);

    // A window calls the first two numbers and serves the first (the calling-system API).
    const call = async (number: string, action: 'called' | 'served' | 'no-show') => {
      const response = await fetch(`${central.url}/v1/calls`, {
        method: 'POST',
        headers: { authorization: `Bearer fleet.${caller}`, 'content-type': 'application/json' },
        body: JSON.stringify({ number, line: 'D', action, window: 'W03' }),
      });
      expect(response.status).toBe(202);
    };
    await call(numbersA[0]!, 'called');
    await call(numbersA[0]!, 'served');
    await call(numbersA[1]!, 'called');
    expect((await windowQueue()).lines.find((line) => line.line === 'D')?.waiting).toBe(2);

    // Kiosk B pulls the hall queue (its technician's "sync now"; it also pulls on its own cadence).
    const { token: tech } = await must<{ token: string }>(apiB, 'maint:login', {
      accountId: '8001',
      pin: '246810',
    });
    await must(apiB, 'maint:syncNow', { token: tech });
    await apiB.invoke('maint:logout', { token: tech });

    // A citizen at kiosk B: card, ID card renewal (line D), everything at hand → a number.
    await page.goto(kioskB.url);
    // The screen is connected before the card arrives.
    await expect(page.getByTestId('attract-screen')).toBeVisible();
    await must(apiB, 'dev:placeCard', { cardId: 'resident-expired' });
    await expect(page.getByTestId('whom-screen')).toBeVisible({ timeout: 15_000 });
    await page.getByTestId('whom-item-ID-CARD-RENEWAL').click();
    await expect(page.getByTestId('form-screen')).toBeVisible();
    await page.getByTestId('field-photoOnSite').getByRole('radio').first().click();
    // Picked up at the window: no mobile number is asked (only postal delivery needs one).
    await page.getByTestId('field-delivery').getByRole('radio').first().click();
    // Everything at hand, said on the form itself.
    await page.getByTestId('form-all-have').click();
    await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'pass');
    await page.getByTestId('confirm').click();
    await expect(page.getByTestId('done-screen')).toBeVisible();
    await expect(page.getByTestId('ticket-number')).toContainText('D2-001');

    // Two of A's four wait (one served, one called): B's own count would have said 0.
    const paper = (await apiB.receipts()).at(-1)!;
    expect(paper.complete).toBe(true);
    expect(paper.lines).toContain('前面还有 2 人等候');
    expect(paper.lines.join('\n')).not.toContain('本机估算');
    await expect(page.getByTestId('people-ahead')).toHaveText('您前面还有 2 人在等候。');

    // Back at kiosk A, once B's ticket is at central: A's next two numbers count the whole hall —
    // A's two waiting, B's one, and then A's own new one exactly once, whether it reached central
    // before A's next pull (counted there) or not (added from A's own rows).
    await expect
      .poll(async () => (await windowQueue()).lines.find((line) => line.line === 'D')?.waiting, {
        timeout: 30_000,
      })
      .toBe(3);
    const { token: techA } = await must<{ token: string }>(apiA, 'maint:login', {
      accountId: '8001',
      pin: '246810',
    });
    await must(apiA, 'maint:syncNow', { token: techA });
    await apiA.invoke('maint:logout', { token: techA });
    await apiA.invoke('dev:clearReceipts', {});
    await deskIssue(apiA, 'D');
    await deskIssue(apiA, 'D');
    const [fifth, sixth] = (await apiA.receipts()).slice(-2);
    expect(fifth!.lines).toContain('前面还有 3 人等候');
    expect(sixth!.lines).toContain('前面还有 4 人等候');

    // Central goes down, and kiosk B restarts (on the same data folder): it has no hall figure, so
    // the next ticket prints its own count and says so.
    await central.stop();
    apiB.close();
    await kioskB.stop();
    const kioskB2 = await launch(envB, 2, kioskB.dataRoot);
    const apiB2 = await kioskApi(kioskB2);
    const offline = await deskIssue(apiB2, 'D');
    expect(offline).toBe('D2-002');
    const offlinePaper = (await apiB2.receipts()).at(-1)!;
    // B's own count: its own D2-001 still waits as far as B knows.
    expect(offlinePaper.lines).toContain('前面约有 1 人等候');
    expect(offlinePaper.lines).toContain('（未连接中心，为本机估算）');
    apiB2.close();
    apiA.close();
  } finally {
    for (const kiosk of kiosks) await kiosk.stop();
    await central.stop();
  }
});
