// A real reference central server for end-to-end tests: keys made with the admin tool, the kiosk
// enrolled, documents signed and published the way a city's operators do it, the server on a free
// port. The kiosk then pulls and verifies them through its real sync service.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function admin(args: string[]): Record<string, unknown> {
  const output = execFileSync(process.execPath, ['--import', 'tsx', 'central/admin.ts', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  return JSON.parse(output.trim().split('\n').pop()!) as Record<string, unknown>;
}

export interface TestCentral {
  /** The server's address, for what a test asks of central itself (window pages, calls). */
  url: string;
  /** Environment for launchKiosk: the kiosk id, central address, enrollment token, publisher key. */
  kioskEnv: NodeJS.ProcessEnv;
  /** Enrols another kiosk of the same hall and answers its environment, like kioskEnv. */
  enrollKiosk(kioskId: string): NodeJS.ProcessEnv;
  /** Registers a calling system (a window's caller) for the hall; answers its credential. */
  addCaller(name: string): string;
  /** Signs and publishes a city-wide credit restrictions list (plain ids are hashed by the tool). */
  publishCredit(version: number, entries: Array<{ id: string; until: string | null; basis: string }>): void;
  /** The nightly sweep of the admin tool, judging the given day: overdue commitments past grace
   *  go on a new signed credit list. Answers the tool's summary ({ added, published, … }). */
  sweepCommitments(asOf: string): Record<string, unknown>;
  /** Stops the server (again is harmless) and removes its database and keys. */
  stop(): Promise<void>;
}

export async function startTestCentral(
  kioskId = 'K-E2E',
  options: { hall?: string } = {},
): Promise<TestCentral> {
  const hall = options.hall ?? 'e2e-hall';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'central-e2e-'));
  const db = `sqlite:${path.join(dir, 'central.db')}`;
  const keys = admin(['gen-keys', '--out', path.join(dir, 'keys')]);
  const enrollmentToken = (id: string) =>
    String(
      admin(['register-kiosk', '--db', db, '--id', id, '--hall', hall, '--valid-hours', '1']).enrollmentToken,
    );
  const firstToken = enrollmentToken(kioskId);
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'central/main.ts', '--port', '0', '--db', db, '--log-level', 'warn'],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`central did not start:\n${seen}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /"url":"([^"]+)"/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`central exited with ${code}:\n${seen}`)));
  });
  const envOf = (id: string, token: string): NodeJS.ProcessEnv => ({
    KIOSK_ID: id,
    KIOSK_CENTRAL_URL: url,
    // First sync at once, not within the product's 5 s start spread: tests wait for it.
    KIOSK_SYNC_START_SPREAD_SECONDS: '0',
    KIOSK_ENROLLMENT_TOKEN: token,
    KIOSK_CATALOG_PUBLIC_KEY: String(keys.publicKeyBase64),
  });
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  return {
    url,
    kioskEnv: envOf(kioskId, firstToken),
    enrollKiosk: (id) => envOf(id, enrollmentToken(id)),
    addCaller: (name) => String(admin(['add-caller', '--db', db, '--hall', hall, '--name', name]).token),
    publishCredit(version, entries) {
      const file = path.join(dir, `credit-${version}.json`);
      fs.writeFileSync(file, JSON.stringify(entries));
      admin([
        'publish-credit',
        '--db',
        db,
        '--key',
        String(keys.privateKey),
        '--version',
        String(version),
        '--in',
        file,
      ]);
    },
    sweepCommitments(asOf) {
      return admin(['sweep-commitments', '--db', db, '--key', String(keys.privateKey), '--as-of', asOf]);
    },
    async stop() {
      // A child killed by a signal has no exit code, only a signal code: either means it is gone.
      if (!exited()) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
