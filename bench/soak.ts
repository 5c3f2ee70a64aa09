// Soak: thousands of citizen sessions, one after another, through the real web host process with
// the emulated reader and printer, as fast as the serial lines allow (no one thinks, nobody idles).
// Samples the kiosk process's resident memory and open file handles, the database and log sizes
// and the outbox backlog as it goes, and says whether memory and handles stopped growing.
//
//   npx tsx bench/soak.ts [--sessions 5000] [--warmup 500] [--sample 250] [--print-every 5] [--json FILE]
//
// Every session: card on the reader → item → form → checklist → pre-review; one in `print-every`
// also confirms and prints (a notice slip or a ticket); then the card is taken away. Linux only
// (/proc for memory and handles).
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '5000' },
    warmup: { type: 'string', default: '500' },
    sample: { type: 'string', default: '250' },
    'print-every': { type: 'string', default: '5' },
    json: { type: 'string' },
  },
});
const sessions = Number(values.sessions);
const warmup = Number(values.warmup);
const sampleEvery = Number(values.sample);
const printEvery = Number(values['print-every']);

const root = path.resolve(import.meta.dirname, '..');
const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-soak-'));
fs.writeFileSync(
  path.join(dataRoot, 'kiosk.config.json'),
  JSON.stringify({
    kioskId: 'SOAK-K01',
    hardware: { mode: 'emulated', idcard: { pollIntervalMs: 100 } },
    // Ticket caps would turn most sessions into "sold out" after a few hundred.
    queue: { resumeWithinMinutes: 0 },
  }),
);

interface Sample {
  session: number;
  seconds: number;
  rssMb: number;
  fds: number;
  dbBytes: number;
  walBytes: number;
  logBytes: number;
  backlog: number;
}

function procStatus(pid: number): { rssKb: number; fds: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const fds = fs.readdirSync(`/proc/${pid}/fd`).length;
  return { rssKb, fds };
}

const sizeOf = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);
const folderSize = (dir: string) =>
  fs.existsSync(dir) ? fs.readdirSync(dir).reduce((sum, name) => sum + sizeOf(path.join(dir, name)), 0) : 0;

async function main(): Promise<void> {
  // The launch secret is never printed: the bench chooses it and hands it over (issue #14).
  const token = randomBytes(24).toString('base64url');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'main/host/web-main.ts', '--data', dataRoot, '--no-open'],
    {
      cwd: root,
      env: { ...process.env, KIOSK_HARDWARE: 'emulated', KIOSK_WEB_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /Kiosk ready at (\S+)/.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 50);
    child.once('exit', (code) => reject(new Error(`kiosk exited (${code}): ${output}`)));
  });
  const origin = new URL(url).origin;
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/api?token=${token}`, { origin });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<
    number,
    (result: { ok: boolean; value?: unknown; error?: { message: string } }) => void
  >();
  const sessionWaiters: Array<(view: { id: string | null; stage: string }) => boolean> = [];
  let removals = 0;
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as {
      kind: string;
      id: number;
      channel: string;
      payload: { id: string | null; stage: string };
      result: never;
    };
    if (message.kind === 'reply') pending.get(message.id)?.(message.result);
    if (message.kind === 'event' && message.channel === 'idcard:removed') removals += 1;
    if (message.kind === 'event' && message.channel === 'session:changed') {
      for (let i = sessionWaiters.length - 1; i >= 0; i--)
        if (sessionWaiters[i]!(message.payload)) sessionWaiters.splice(i, 1);
    }
  });
  const call = (channel: string, args: unknown = {}) =>
    new Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>((resolve) => {
      const id = nextId++;
      pending.set(id, (result) => {
        pending.delete(id);
        resolve(result);
      });
      ws.send(JSON.stringify({ id, channel, args }));
    });
  const must = async (channel: string, args: unknown = {}) => {
    const reply = await call(channel, args);
    if (!reply.ok) throw new Error(`${channel}: ${reply.error?.message}`);
    return reply.value;
  };
  const sessionWhere = (test: (view: { id: string | null; stage: string }) => boolean, ms = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('session did not change in time')), ms);
      sessionWaiters.push((view) => {
        if (!test(view)) return false;
        clearTimeout(timer);
        resolve();
        return true;
      });
    });

  // Wait for both devices.
  for (;;) {
    const health = (await must('system:getHealth')) as { devices: Array<{ level: string }> };
    if (health.devices.every((device) => device.level === 'ok')) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const maintToken = ((await must('maint:login', { accountId: '8001', pin: '246810' })) as { token: string })
    .token;
  const cards = [
    'resident-zhang-san',
    'resident-long-term',
    'resident-rare-character',
    'resident-abolished-district',
  ];
  const samples: Sample[] = [];
  const started = performance.now();
  let printed = 0;
  let failures = 0;

  const sample = async (session: number) => {
    const { rssKb, fds } = procStatus(child.pid!);
    const overview = (await must('maint:getOverview', { token: maintToken })) as {
      sync: { backlog: number };
    };
    // (the outbox keeps every record until a central system takes it: this kiosk has none)
    const db = path.join(dataRoot, 'db', 'kiosk.db');
    const entry: Sample = {
      session,
      seconds: Math.round((performance.now() - started) / 1000),
      rssMb: Math.round(rssKb / 102.4) / 10,
      fds,
      dbBytes: sizeOf(db) + sizeOf(`${db}-wal`),
      walBytes: sizeOf(`${db}-wal`),
      logBytes: folderSize(path.join(dataRoot, 'logs')),
      backlog: overview.sync.backlog,
    };
    samples.push(entry);
    process.stdout.write(
      `${String(session).padStart(6)} sessions ${String(entry.seconds).padStart(5)} s  rss ${entry.rssMb.toFixed(1).padStart(6)} MB  fds ${String(fds).padStart(3)}  db+wal ${(entry.dbBytes / 1e6).toFixed(2)} MB  of which wal ${(entry.walBytes / 1e6).toFixed(2)} MB  logs ${(entry.logBytes / 1e6).toFixed(2)} MB  backlog ${entry.backlog}\n`,
    );
  };

  await sample(0);
  for (let n = 1; n <= sessions; n++) {
    const cardId = cards[n % cards.length]!;
    try {
      const began = sessionWhere((view) => view.id !== null && view.stage === 'identified');
      await must('dev:placeCard', { cardId });
      await began;
      await must('flow:setWhom', { whom: 'self' });
      await must('flow:chooseItem', { itemCode: 'SOCIAL-SECURITY-CARD' });
      await must('flow:setField', { fieldId: 'mobile', value: '13912345678' });
      await must('flow:setField', { fieldId: 'bank', value: 'icbc' });
      await must('flow:setField', { fieldId: 'alreadyHasLocalCard', value: 'no' });
      await must('flow:goto', { stage: 'materials' });
      await must('flow:setMaterial', { materialId: null, answer: 'have' });
      // Most people have forgotten the photo receipt: a notice slip, no ticket (no daily cap).
      if (n % 3 !== 0) await must('flow:setMaterial', { materialId: 'photo-receipt', answer: 'missing' });
      await must('flow:review');
      if (n % printEvery === 0) {
        await must('flow:confirm', {});
        printed += 1;
        if (printed % 20 === 0) await must('dev:clearReceipts', {});
      }
    } catch (error) {
      failures += 1;
      if (failures <= 5) process.stderr.write(`session ${n}: ${(error as Error).message}\n`);
    }
    const removalsBefore = removals;
    await must('dev:removeCard', {});
    await call('session:end', { reason: 'user' });
    // The reader must see the card gone before the next one counts as a new placement.
    const deadline = Date.now() + 5000;
    while (removals === removalsBefore && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    if (n % sampleEvery === 0) await sample(n);
  }

  const afterWarmup = samples.find((entry) => entry.session >= warmup) ?? samples[0]!;
  const last = samples.at(-1)!;
  const tail = samples.filter((entry) => entry.session >= warmup);
  const maxRss = Math.max(...tail.map((entry) => entry.rssMb));
  const rssGrowth = (last.rssMb - afterWarmup.rssMb) / afterWarmup.rssMb;
  const maxRssGrowth = (maxRss - afterWarmup.rssMb) / afterWarmup.rssMb;
  const fdGrowth = last.fds - afterWarmup.fds;
  const elapsed = (performance.now() - started) / 1000;
  const result = {
    sessions,
    printed,
    failures,
    seconds: Math.round(elapsed),
    sessionsPerSecond: Math.round((sessions / elapsed) * 10) / 10,
    warmupSession: afterWarmup.session,
    rssAfterWarmupMb: afterWarmup.rssMb,
    rssFinalMb: last.rssMb,
    rssMaxAfterWarmupMb: maxRss,
    rssGrowthPercent: Math.round(rssGrowth * 1000) / 10,
    rssMaxGrowthPercent: Math.round(maxRssGrowth * 1000) / 10,
    fdsAfterWarmup: afterWarmup.fds,
    fdsFinal: last.fds,
    dbBytesPerSession: Math.round(
      (last.dbBytes - afterWarmup.dbBytes) / Math.max(1, last.session - afterWarmup.session),
    ),
    logBytesFinal: last.logBytes,
    samples,
  };
  process.stdout.write(
    `\n${sessions} sessions (${printed} printed, ${failures} failed) in ${result.seconds} s\n` +
      `resident memory after warm-up (${afterWarmup.session}) ${afterWarmup.rssMb} MB → final ${last.rssMb} MB ` +
      `(${result.rssGrowthPercent}%; highest ${maxRss} MB, ${result.rssMaxGrowthPercent}%)\n` +
      `open handles after warm-up ${afterWarmup.fds} → final ${last.fds} (${fdGrowth >= 0 ? '+' : ''}${fdGrowth})\n` +
      `database grows ${result.dbBytesPerSession} bytes per session; logs ${(last.logBytes / 1e6).toFixed(1)} MB (rotated)\n` +
      `verdict: memory ${rssGrowth < 0.1 ? 'steady (< 10% growth)' : 'GROWING'}, handles ${fdGrowth <= 0 ? 'steady' : 'GROWING'}\n`,
  );
  if (values.json) fs.writeFileSync(values.json, JSON.stringify(result, null, 2));
  ws.close();
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  fs.rmSync(dataRoot, { recursive: true, force: true });
  process.exitCode = rssGrowth < 0.1 && fdGrowth <= 0 && failures === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
});
