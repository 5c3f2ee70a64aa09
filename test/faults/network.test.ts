// The network to the central system flaps (a loose cable, a switch rebooting) while citizens keep
// being served. The kiosk keeps working offline, says so on its health line, and — once the link is
// back and the technician presses "sync now" — the centre has every record exactly once, device
// health records included.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { sha256 } from '../../central/server.ts';
import { openCentralStore } from '../../central/store/open.ts';
import { citizenTo, sleep, startFaultKiosk, waitFor, type FaultKiosk } from './helpers.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-flap-'));
let central: ChildProcess | undefined;
let fk: FaultKiosk | undefined;
let link: FlappingLink | undefined;
afterAll(async () => {
  await fk?.stop();
  await link?.close();
  central?.kill('SIGKILL');
  fs.rmSync(work, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A TCP link that can be cut: when down, every connection is dropped and new ones are reset. */
class FlappingLink {
  up = true;
  private readonly sockets = new Set<net.Socket>();
  private readonly server: net.Server;

  constructor(private readonly upstreamPort: number) {
    this.server = net.createServer((client) => {
      if (!this.up) return client.destroy();
      const upstream = net.connect(this.upstreamPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve) =>
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as net.AddressInfo).port)),
    );
  }

  cut(): void {
    this.up = false;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.up = true;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function startCentral(port: number, dbFile: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'central/main.ts',
      '--port',
      String(port),
      '--db',
      `sqlite:${dbFile}`,
      '--log-level',
      'silent',
    ],
    { cwd: path.resolve('.'), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await waitFor(() => out.includes('central listening'), `the central system to start: ${out}`, 20_000);
  return child;
}

it('network flapping: served offline, said on the health line, and every record reaches the centre once', async () => {
  const kioskId = 'FLAP-K01';
  const centralDb = path.join(work, 'central.db');
  const enrollment = crypto.randomBytes(24).toString('base64url');
  {
    const store = await openCentralStore(`sqlite:${centralDb}`);
    await store.createEnrollment(kioskId, sha256(enrollment), new Date(Date.now() + 3_600_000).toISOString());
    await store.close();
  }
  const centralPort = await freePort();
  central = await startCentral(centralPort, centralDb);
  link = new FlappingLink(centralPort);
  const linkPort = await link.listen();

  fk = await startFaultKiosk({
    config: {
      kioskId,
      sync: {
        centralUrl: `http://127.0.0.1:${linkPort}`,
        enrollmentToken: enrollment,
        startSpreadSeconds: 0,
      },
      maintenance: { healthReportIntervalSeconds: 1 },
    },
  });
  const { kiosk } = fk;
  await waitFor(() => kiosk.sync.health().level === 'ok', 'the first sync', 30_000);
  const token = (await fk.must('maint:login', { accountId: '8001', pin: '246810' })).token;

  const levels = new Set<string>();
  const watch = setInterval(() => levels.add(kiosk.sync.health().key), 50);
  let served = 0;
  const cards = ['resident-zhang-san', 'resident-long-term', 'resident-rare-character'];
  for (let cycle = 0; cycle < 3; cycle++) {
    link.cut();
    // Citizens keep being served while the link is down; a printer hiccup makes health records too.
    await citizenTo(fk, 'outcome', { cardId: cards[cycle]!, missing: true });
    expect((await fk.must('flow:confirm', {})).flow?.printed?.ok).toBe(true);
    served += 1;
    await fk.must('dev:removeCard', {});
    await fk.must('session:end', { reason: 'user' });
    await fk.must('dev:setPrinterFault', { fault: 'paper-near-end' });
    await sleep(1200);
    link.restore();
    await fk.must('dev:setPrinterFault', { fault: null });
    await sleep(1200);
  }
  clearInterval(watch);
  expect(served).toBe(3);
  // While cut, the health line said the centre was unreachable and the kiosk worked offline.
  expect(levels.has('health.sync.offline')).toBe(true);

  // Back for good: "sync now" from the maintenance screen empties the backlog at once.
  await sleep(1500); // the last health record (rate-limited to one a second here) is queued
  const result = await fk.must('maint:syncNow', { token });
  expect(result.ok).toBe(true);
  await waitFor(() => kiosk.sync.health().backlog === 0, 'the backlog to drain', 20_000);
  expect(kiosk.sync.health().level).toBe('ok');

  const local = kiosk.db
    .prepare('SELECT idempotency_key AS key, type FROM sync_outbox ORDER BY seq')
    .all() as Array<{ key: string; type: string }>;
  const store = await openCentralStore(`sqlite:${centralDb}`);
  const events = await store.events(kioskId);
  await store.close();
  const remoteKeys = events.map((event) => event.key);
  // Exactly once: every local record is there, none twice.
  expect(new Set(remoteKeys).size).toBe(remoteKeys.length);
  expect(remoteKeys.sort()).toEqual(local.map((record) => record.key).sort());
  // Health reached the centre: paper near end and back, among the device-health records.
  const health = events.filter((event) => event.type === 'device-health');
  expect(health.length).toBeGreaterThanOrEqual(2);
  expect(events.filter((event) => event.type === 'prereview').length).toBeGreaterThanOrEqual(served);
}, 90_000);
