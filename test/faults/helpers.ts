// The fault suite's kiosk: the real composition root on emulated devices with a throwaway data
// folder (and an optional configuration file), driven through the same dispatch the screens use.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Reply, RequestArgs, RequestChannel } from '../../common/contract.ts';
import type { Result } from '../../common/result.ts';
import type { SessionView } from '../../common/session.ts';
import { startWebHost, type WebHost } from '../../main/host/web.ts';
import { createKiosk, type Kiosk } from '../../main/kiosk.ts';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(
  probe: () => T | Promise<T>,
  what: string,
  timeoutMs = 15_000,
  everyMs = 50,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

export interface FaultKiosk {
  kiosk: Kiosk;
  dataRoot: string;
  host: WebHost | null;
  call<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<Result<Reply<C>>>;
  /** Calls and insists on success. */
  must<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<Reply<C>>;
  stop(): Promise<void>;
}

export function makeDataRoot(config: Record<string, unknown> = {}): string {
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-fault-'));
  fs.writeFileSync(
    path.join(dataRoot, 'kiosk.config.json'),
    JSON.stringify({ kioskId: 'FAULT-K01', ...config }, null, 2),
  );
  return dataRoot;
}

export async function startFaultKiosk(
  options: {
    dataRoot?: string;
    config?: Record<string, unknown>;
    env?: NodeJS.ProcessEnv;
    resourcesDir?: string;
    webRendererDir?: string;
  } = {},
): Promise<FaultKiosk> {
  const dataRoot = options.dataRoot ?? makeDataRoot(options.config);
  const kiosk = await createKiosk({
    host: 'web',
    version: '0.0.0-faults',
    resourcesDir: options.resourcesDir ?? path.resolve('resources'),
    dataRoot,
    env: { KIOSK_HARDWARE: 'emulated', ...options.env },
    healthIntervalMs: 250,
  });
  const host = options.webRendererDir
    ? await startWebHost({
        dispatch: kiosk.dispatch,
        bus: kiosk.bus,
        logger: kiosk.logger.child('web'),
        rendererDir: options.webRendererDir,
        catalogImagesDir: path.resolve('resources/catalog/images'),
        port: 0,
      })
    : null;
  const call = <C extends RequestChannel>(channel: C, args: RequestArgs<C>) =>
    kiosk.dispatch(channel, args) as Promise<Result<Reply<C>>>;
  return {
    kiosk,
    dataRoot,
    host,
    call,
    async must(channel, args) {
      const reply = await call(channel, args);
      if (!reply.ok) throw new Error(`${channel} failed: ${reply.error.code} ${reply.error.message}`);
      return reply.value;
    },
    async stop() {
      await host?.close();
      await kiosk.shutdown();
    },
  };
}

export function deviceLevel(kiosk: Kiosk, id: 'idcard' | 'printer'): string | undefined {
  return kiosk.health.publish().devices.find((device) => device.id === id)?.level;
}

export async function waitDevice(kiosk: Kiosk, id: 'idcard' | 'printer', level: string, timeoutMs = 15_000) {
  await waitFor(() => deviceLevel(kiosk, id) === level, `${id} to be ${level}`, timeoutMs);
}

/** A person puts the card down and gets as far as `until`, answering the social security card
 *  form; `missing` leaves the photo receipt out (a notice slip instead of a ticket). */
export async function citizenTo(
  fk: FaultKiosk,
  until: 'form' | 'materials' | 'outcome',
  options: { cardId?: string; missing?: boolean } = {},
): Promise<SessionView> {
  const { kiosk } = fk;
  await waitDevice(kiosk, 'idcard', 'ok');
  // A card still seen on the reader would make the next one the same placement.
  await waitFor(() => !kiosk.devices.idcard?.status().cardPresent, 'the reader to be empty');
  const before = kiosk.session.current().id;
  await fk.must('dev:placeCard', { cardId: options.cardId ?? 'resident-zhang-san' });
  await waitFor(
    () => kiosk.session.current().id !== null && kiosk.session.current().id !== before,
    'the card to start a session',
  );
  await fk.must('flow:setWhom', { whom: 'self' });
  await fk.must('flow:chooseItem', { itemCode: 'SOCIAL-SECURITY-CARD' });
  await fk.must('flow:setField', { fieldId: 'mobile', value: '13912345678' });
  await fk.must('flow:setField', { fieldId: 'bank', value: 'icbc' });
  let view = await fk.must('flow:setField', { fieldId: 'alreadyHasLocalCard', value: 'no' });
  if (until === 'form') return view;
  view = await fk.must('flow:goto', { stage: 'materials' });
  if (until === 'materials') return view;
  await fk.must('flow:setMaterial', { materialId: null, answer: 'have' });
  if (options.missing) await fk.must('flow:setMaterial', { materialId: 'photo-receipt', answer: 'missing' });
  return fk.must('flow:review', {});
}

export function ticketCount(kiosk: Kiosk): number {
  return (kiosk.db.prepare('SELECT count(*) AS n FROM queue_tickets').get() as { n: number }).n;
}

export function outboxCount(kiosk: Kiosk): number {
  return (kiosk.db.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n;
}

export async function receipts(fk: FaultKiosk) {
  const state = await fk.must('dev:getState', {});
  return [...(state.printer?.receipts ?? [])].reverse();
}

export interface KioskChild {
  pid: number;
  dataRoot: string;
  call(channel: string, args?: unknown): Promise<Result<unknown>>;
  output(): string;
  stop(): Promise<void>;
}

/** The kiosk as `npm start` runs it (the web host process), for faults that need a process of its
 *  own: resource limits, kills. `shellPrefix` runs before `exec node …` in bash (e.g. a trap). */
export async function startKioskProcess(
  options: { dataRoot?: string; shellPrefix?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<KioskChild> {
  const { spawn } = await import('node:child_process');
  const { default: WebSocket } = await import('ws');
  const dataRoot = options.dataRoot ?? makeDataRoot();
  // The launch secret is never printed: the test chooses it and hands it over (issue #14).
  const token = (await import('node:crypto')).randomBytes(24).toString('base64url');
  const command = `${options.shellPrefix ?? ''} exec "${process.execPath}" --import tsx main/host/web-main.ts --data "${dataRoot}" --no-open`;
  const child = spawn('bash', ['-c', command], {
    cwd: path.resolve('.'),
    env: { ...process.env, KIOSK_HARDWARE: 'emulated', KIOSK_WEB_TOKEN: token, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await waitFor(
    () => /Kiosk ready at (\S+)/.exec(output)?.[1],
    'the kiosk process to start',
    30_000,
  );
  const origin = new URL(url).origin;
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/api?token=${token}`, { origin });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { kind: string; id: number; result: Result<unknown> };
    if (message.kind === 'reply') pending.get(message.id)?.(message.result);
  });
  return {
    pid: child.pid!,
    dataRoot,
    output: () => output,
    call: (channel, args = {}) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, (result) => {
          pending.delete(id);
          resolve(result);
        });
        ws.send(JSON.stringify({ id, channel, args }));
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        ws.close();
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
