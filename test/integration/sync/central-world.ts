// A real central server and real kiosks for end-to-end tests of what crosses between them: keys,
// enrollments and documents made with the admin tool (central/admin.ts) the way a city's operators
// do it, the server on a free port, kiosks composed by the one composition root on their own data
// folders. Nothing the flow computes is injected.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { runAdmin } from '../../../central/admin.ts';
import { buildCentralServer } from '../../../central/server.ts';
import { openCentralStore } from '../../../central/store/open.ts';
import type { CentralStore } from '../../../central/store/types.ts';
import type { DocumentStatusView } from '../../../common/maintenance.ts';
import { createKiosk, type Kiosk } from '../../../main/kiosk.ts';

export type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; key?: string } };

export const call = (kiosk: Kiosk, channel: string, args: unknown = {}) =>
  kiosk.dispatch(channel, args) as Promise<Reply>;

export async function must<T>(kiosk: Kiosk, channel: string, args: unknown = {}): Promise<T> {
  const reply = await call(kiosk, channel, args);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.key ?? reply.error.code}`);
  return reply.value as T;
}

/** Runs the admin tool in-process and answers its last line (each command prints JSON). */
export async function admin(...argv: string[]): Promise<Record<string, unknown>> {
  const lines: string[] = [];
  await runAdmin(argv, (line) => lines.push(line));
  return JSON.parse(lines.at(-1)!) as Record<string, unknown>;
}

export interface CentralWorld {
  dir: string;
  db: string;
  url: string;
  store: CentralStore;
  publicKeyBase64: string;
  /** Enrolls a kiosk into a hall; answers its one-time enrollment token. */
  enroll(kioskId: string, hall: string): Promise<string>;
  /** Signs a document with the admin tool (for one hall, or city-wide without `hall`) and answers
   *  the signed file; `publish` also publishes it. */
  sign(kind: string, version: number, content: unknown, hall?: string): Promise<string>;
  publish(kind: string, version: number, content: unknown, hall?: string): Promise<string>;
  /** A kiosk of this central on emulated hardware; shut down by `close`. */
  startKiosk(kioskId: string, token: string, extraEnv?: Record<string, string>): Promise<Kiosk>;
  /** Shuts a kiosk down (to start it again on the same data folder). */
  stopKiosk(kiosk: Kiosk): Promise<void>;
  close(): Promise<void>;
}

export async function startCentralWorld(prefix = 'central-world-'): Promise<CentralWorld> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const db = `sqlite:${path.join(dir, 'central.db')}`;
  const store = await openCentralStore(db);
  const app: FastifyInstance = await buildCentralServer({ store });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const keys = await admin('gen-keys', '--out', path.join(dir, 'keys'));
  const kiosks: Kiosk[] = [];

  const sign = async (kind: string, version: number, content: unknown, hall?: string) => {
    const input = path.join(dir, `${kind}-${hall ?? 'city'}-${version}.json`);
    const signed = path.join(dir, `${kind}-${hall ?? 'city'}-${version}.signed.json`);
    fs.writeFileSync(input, JSON.stringify(content));
    await admin(
      'sign',
      '--key',
      String(keys.privateKey),
      '--kind',
      kind,
      '--version',
      String(version),
      '--in',
      input,
      '--out',
      signed,
      ...(hall ? ['--hall', hall] : []),
    );
    return signed;
  };

  return {
    dir,
    db,
    url,
    store,
    publicKeyBase64: String(keys.publicKeyBase64),
    async enroll(kioskId, hall) {
      const { enrollmentToken } = await admin('register-kiosk', '--db', db, '--id', kioskId, '--hall', hall);
      return String(enrollmentToken);
    },
    sign,
    async publish(kind, version, content, hall) {
      const signed = await sign(kind, version, content, hall);
      await admin('publish', '--db', db, '--in', signed);
      return signed;
    },
    async startKiosk(kioskId, token, extraEnv = {}) {
      const kiosk = await createKiosk({
        host: 'web',
        version: '0.0.0-test',
        resourcesDir: path.resolve('resources'),
        dataRoot: path.join(dir, `kiosk-${kioskId}`),
        env: {
          KIOSK_HARDWARE: 'emulated',
          KIOSK_ID: kioskId,
          KIOSK_CENTRAL_URL: url,
          // First sync at once, not within the product's 5 s start spread: tests wait for it.
          KIOSK_SYNC_START_SPREAD_SECONDS: '0',
          KIOSK_ENROLLMENT_TOKEN: token,
          KIOSK_CATALOG_PUBLIC_KEY: String(keys.publicKeyBase64),
          ...extraEnv,
        },
      });
      kiosks.push(kiosk);
      return kiosk;
    },
    async stopKiosk(kiosk) {
      kiosks.splice(kiosks.indexOf(kiosk), 1);
      await kiosk.shutdown();
    },
    async close() {
      for (const kiosk of kiosks.splice(0).reverse()) await kiosk.shutdown();
      await app.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Syncs until the documents of `kinds` arrived (the central's connection limits may cut a
 *  connection; sync resumes where it was). Answers the last run's error, null when none. */
export async function syncUntil(kiosk: Kiosk, done: () => boolean): Promise<string | null> {
  let result = await kiosk.sync.syncNow();
  for (let attempt = 0; attempt < 3 && (result.error || !done()); attempt++)
    result = await kiosk.sync.syncNow();
  return result.error;
}

/** The maintenance screen's document list, signed in as the emulated kiosk's technician. */
export async function documentsOf(kiosk: Kiosk): Promise<Record<string, DocumentStatusView>> {
  const { token } = await must<{ token: string }>(kiosk, 'maint:login', { accountId: '8001', pin: '246810' });
  const list = await must<DocumentStatusView[]>(kiosk, 'maint:listDocuments', { token });
  await call(kiosk, 'maint:logout', { token });
  return Object.fromEntries(list.map((entry) => [entry.kind, entry]));
}
