// `npm run bench:central-scale [-- --kiosks 500 --records 240 --batch 40 --pool-size 8 --max-in-flight 8
//   --warm-up-kiosks 20 --start-spread-seconds 5 --herd --no-kill]`
//
// The central system at city scale (#16 item 7): a throwaway PostgreSQL cluster (fsync on), two
// central instances sharing it, and 500 simulated kiosks that all start pushing together, each with
// its own backlog, through a round-robin "load balancer" (kiosk i starts on instance i % 2 and
// fails over to the other when its instance stops answering). The simulated kiosks pace themselves
// with the kiosk's own code (main/sync/retry.ts): the first push at a random moment within the
// kiosk's start spread, and after a 429 or a dropped connection the kiosk's wait (Retry-After plus
// full jitter). `--herd` drops the start spread: all 500 first pushes in the same millisecond. When about a third of the records
// are in, instance A is killed with SIGKILL. At the end the rows are counted in PostgreSQL: every
// record exactly once, each kiosk's sequence complete. Prints ingest rate and push latencies.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { EventRecord, PushResponse } from '../protocol/contract.ts';
import { sha256 } from '../central/server.ts';
import { staticKeys } from '../central/sealing.ts';
import { openCentralStore } from '../central/store/open.ts';
import { defaultStartSpreadSeconds } from '../main/config/config.ts';
import { retryDelay, startDelay } from '../main/sync/retry.ts';
import { defaultSyncTuning } from '../main/sync/sync-service.ts';
import { startPgCluster } from '../test/integration/sync/pg-cluster.ts';

const { values } = parseArgs({
  options: {
    kiosks: { type: 'string', default: '500' },
    records: { type: 'string', default: '240' },
    batch: { type: 'string', default: '40' },
    'no-kill': { type: 'boolean', default: false },
    'pool-size': { type: 'string', default: '8' },
    // As many as the pool: an admitted push never waits for a connection, and beyond it the kiosks
    // get a quick 429 and come back after Retry-After instead of queueing. On 2 cores, 8 gave the
    // best rate and latency of 6, 8, 12 and 32 (by Little's law every admitted push beyond what
    // the cores can work on only adds its wait to the others').
    'max-in-flight': { type: 'string', default: '8' },
    // Kiosks that push their backlog before the clock starts: a central instance runs for months,
    // so the figures are taken on warm processes (compiled code, pools open), not on their first second.
    'warm-up-kiosks': { type: 'string', default: '20' },
    // The kiosk's own default (config sync.startSpreadSeconds): a fleet powered on together.
    'start-spread-seconds': { type: 'string', default: String(defaultStartSpreadSeconds) },
    // Every first push in the same instant: the worst case, which no kiosk fleet produces.
    herd: { type: 'boolean', default: false },
  },
});
const kioskCount = Number(values.kiosks);
const recordsPerKiosk = Number(values.records);
const batchSize = Number(values.batch);
const total = kioskCount * recordsPerKiosk;
const warmUpKiosks = Number(values['warm-up-kiosks']);
/** Measured kiosks are 0 … kioskCount-1; the warm-up ones follow them. */
const allKiosks = kioskCount + warmUpKiosks;
const allRecords = allKiosks * recordsPerKiosk;
const startSpreadMs = values.herd ? 0 : Number(values['start-spread-seconds']) * 1000;
const backoff = { baseMs: defaultSyncTuning.backoffBaseMs, capMs: defaultSyncTuning.backoffCapMs };
const root = path.resolve(import.meta.dirname, '..');
const dataKey = crypto.randomBytes(32).toString('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Instance {
  name: string;
  url: string;
  child: ChildProcess;
  alive: boolean;
}

async function startInstance(name: string, db: string): Promise<Instance> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'central/main.ts',
      '--port',
      '0',
      '--db',
      db,
      '--log-level',
      'silent',
      '--pool-size',
      values['pool-size']!,
      '--max-in-flight',
      values['max-in-flight']!,
      // Every simulated kiosk connects from 127.0.0.1: the per-address limit belongs on the edge.
      '--max-connections-per-address',
      '0',
    ],
    { cwd: root, env: { ...process.env, CENTRAL_DATA_KEY: dataKey }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /"url":"([^"]+)"/.exec(seen);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`central ${name} exited (${code})`)));
  });
  const instance: Instance = { name, url, child, alive: true };
  child.once('exit', () => (instance.alive = false));
  return instance;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  console.log(
    `central-scale: ${kioskCount} kiosks × ${recordsPerKiosk} records (batches of ${batchSize}) = ${total} records, 2 instances, PostgreSQL (fsync on)`,
  );
  const cluster = await startPgCluster({ durable: true });
  const instances: Instance[] = [];
  try {
    const keys = staticKeys([Buffer.from(dataKey, 'hex')]);
    const admin = await openCentralStore(cluster.url, { keys, poolSize: 4 });
    const tokens: string[] = [];
    const expires = new Date(Date.now() + 3_600_000).toISOString();
    for (let index = 0; index < allKiosks; index += 1) {
      const token = crypto.randomBytes(24).toString('base64url');
      tokens.push(token);
      await admin.createEnrollment(kioskId(index), sha256(token), expires, `hall-${index % 25}`);
    }
    instances.push(await startInstance('A', cluster.url), await startInstance('B', cluster.url));

    // Enrollment (not timed): each kiosk through its own instance.
    const credentials: string[] = new Array(allKiosks);
    for (let start = 0; start < allKiosks; start += 8) {
      await Promise.all(
        Array.from({ length: Math.min(8, allKiosks - start) }, async (_, offset) => {
          const index = start + offset;
          const response = await fetch(`${instances[index % 2]!.url}/v1/register`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ kioskId: kioskId(index), enrollmentToken: tokens[index] }),
          });
          if (response.status !== 200) throw new Error(`register ${kioskId(index)}: ${response.status}`);
          credentials[index] =
            `Bearer ${kioskId(index)}.${((await response.json()) as { credential: string }).credential}`;
        }),
      );
    }

    const latencies: number[] = [];
    const counts = {
      pushes: 0,
      busy: 0,
      retried: 0,
      failovers: 0,
      networkErrors: 0,
      duplicates: 0,
      applied: 0,
    };
    let killedAt: number | null = null;

    // Every batch's body is built before the clock starts: 500 simulated kiosks share this one
    // process (and the machine's two cores with both centrals and PostgreSQL), and building and
    // serialising 120,000 records while timing made the simulator itself the queue — its event loop
    // lagged 600–800 ms, which the latencies then counted as central's.
    const bodies: string[][] = Array.from({ length: allKiosks }, (_, index) => {
      const records: EventRecord[] = Array.from({ length: recordsPerKiosk }, (_, n) => ({
        seq: n + 1,
        key: crypto.randomUUID(),
        type: n % 3 === 0 ? 'prereview' : 'ticket',
        occurredAt: new Date().toISOString(),
        payload: {
          kioskId: kioskId(index),
          number: `A${index % 99}-${String(n + 1).padStart(3, '0')}`,
          line: 'A',
        },
        ...(n % 3 === 0 ? { personal: { name: '张某某', idNumber: '11010519491231002X' } } : {}),
      }));
      return Array.from({ length: Math.ceil(recordsPerKiosk / batchSize) }, (_, b) =>
        JSON.stringify({ records: records.slice(b * batchSize, (b + 1) * batchSize) }),
      );
    });
    // Plain node:http with keep-alive, one connection per kiosk as a kiosk has: lighter than fetch.
    const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
    const post = (url: string, authorization: string, body: string) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
        const request = http.request(
          `${url}/v1/events`,
          {
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              authorization,
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                headers: response.headers,
                text: Buffer.concat(chunks).toString(),
              }),
            );
            response.on('error', reject);
          },
        );
        request.on('error', reject);
        request.end(body);
      });

    /** [second of the run the push was sent in, its latency]: where in the run the tail is. */
    const bySecond: Array<[number, number]> = [];
    let loadBefore = os.loadavg()[0]!;
    let started = performance.now();

    async function kiosk(index: number, measured = true): Promise<void> {
      const batches = bodies[index]!;
      let acked = 0;
      let target = index % 2;
      /** Consecutive failures, as the kiosk counts them for its back-off. */
      let failures = 0;
      if (measured) await sleep(startDelay(startSpreadMs));
      while (acked < recordsPerKiosk) {
        const instance = instances[target]!;
        const body = batches[Math.floor(acked / batchSize)]!;
        const sentAt = performance.now();
        let response: Awaited<ReturnType<typeof post>>;
        try {
          response = await post(instance.url, credentials[index]!, body);
        } catch {
          // The load balancer's health check: that instance is gone, go to the other one and
          // send the same batch again (its keys make a repeat harmless).
          counts.networkErrors += 1;
          counts.failovers += 1;
          target = 1 - target;
          failures += 1;
          await sleep(retryDelay(failures, backoff, undefined));
          continue;
        }
        if (response.status === 200) {
          failures = 0;
          if (measured) {
            latencies.push(performance.now() - sentAt);
            bySecond.push([Math.floor((sentAt - started) / 1000), performance.now() - sentAt]);
          }
          const answer = JSON.parse(response.text) as PushResponse;
          if (measured) {
            counts.pushes += 1;
            for (const receipt of answer.receipts)
              counts[receipt.status === 'applied' ? 'applied' : 'duplicates'] += 1;
          }
          acked = answer.lastSeq;
        } else if (response.status === 429) {
          counts.busy += 1;
          failures += 1;
          const seconds = Number(response.headers['retry-after'] ?? '1');
          await sleep(retryDelay(failures, backoff, seconds * 1000));
        } else if (response.status === 409) {
          const problem = JSON.parse(response.text) as { expectedSeq?: number };
          if (problem.expectedSeq === undefined) throw new Error(`kiosk ${index}: sequence conflict`);
          acked = problem.expectedSeq - 1;
        } else if (response.status === 408 || response.status >= 500) {
          // Timed out on the way in, or failed: the kiosk sends the same batch again later.
          counts.retried += 1;
          failures += 1;
          await sleep(retryDelay(failures, backoff, undefined));
        } else {
          throw new Error(`kiosk ${index}: ${response.status} ${response.text}`);
        }
      }
    }

    await Promise.all(Array.from({ length: warmUpKiosks }, (_, n) => kiosk(kioskCount + n, false)));
    counts.busy = 0;
    counts.retried = 0;
    loadBefore = os.loadavg()[0]!;
    started = performance.now();

    const killer = (async () => {
      if (values['no-kill']) return;
      while (counts.applied < total / 3) await sleep(10);
      instances[0]!.child.kill('SIGKILL');
      killedAt = performance.now() - started;
    })();
    await Promise.all(Array.from({ length: kioskCount }, (_, index) => kiosk(index)));
    const seconds = (performance.now() - started) / 1000;
    await killer;

    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    const { rows } = await client.query<{ rows: string; distinct_keys: string; kiosks: string; bad: string }>(
      `SELECT count(*) AS rows,
              count(DISTINCT (kiosk_id, idempotency_key)) AS distinct_keys,
              count(DISTINCT kiosk_id) AS kiosks,
              (SELECT count(*) FROM (SELECT kiosk_id FROM events GROUP BY kiosk_id
                 HAVING count(*) <> ${recordsPerKiosk} OR min(seq) <> 1 OR max(seq) <> ${recordsPerKiosk}) AS x) AS bad
       FROM events`,
    );
    const receipts = await client.query<{ n: string }>('SELECT count(*) AS n FROM receipts');
    const plain = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM events WHERE personal IS NOT NULL OR personal_sealed LIKE '%11010519491231002X%'",
    );
    await client.end();
    await admin.close();

    const sorted = [...latencies].sort((a, b) => a - b);
    const perSecond = new Map<number, number[]>();
    for (const [second, latency] of bySecond)
      perSecond.set(second, [...(perSecond.get(second) ?? []), latency]);
    console.log('push latency by the second it was sent in (p50 / p99 ms):');
    for (const [second, values] of [...perSecond].sort((a, b) => a[0] - b[0])) {
      values.sort((a, b) => a - b);
      console.log(
        `  ${String(second).padStart(3)} s: ${String(values.length).padStart(4)} pushes, ${percentile(values, 50).toFixed(0)} / ${percentile(values, 99).toFixed(0)}`,
      );
    }
    const figures = {
      kiosks: kioskCount,
      startSpreadSeconds: startSpreadMs / 1000,
      records: total,
      warmUpKiosks,
      seconds: Number(seconds.toFixed(2)),
      recordsPerSecond: Math.round(total / seconds),
      pushes: counts.pushes,
      pushP50ms: Number(percentile(sorted, 50).toFixed(1)),
      pushP99ms: Number(percentile(sorted, 99).toFixed(1)),
      pushMaxMs: Number(sorted[sorted.length - 1]!.toFixed(1)),
      busy429: counts.busy,
      timedOutOrFailedRetried: counts.retried,
      instanceKilledAtSeconds: killedAt === null ? null : Number((killedAt / 1000).toFixed(2)),
      failovers: counts.failovers,
      duplicateReceipts: counts.duplicates,
      rowsInPostgres: Number(rows[0]!.rows),
      distinctKeys: Number(rows[0]!.distinct_keys),
      receiptsInPostgres: Number(receipts.rows[0]!.n),
      kiosksWithIncompleteSequence: Number(rows[0]!.bad),
      plainPersonalRows: Number(plain.rows[0]!.n),
      // The machine is shared: the figures mean little without how busy it was.
      cpus: os.cpus().length,
      loadAverageBefore: Number(loadBefore.toFixed(1)),
      loadAverageAfter: Number(os.loadavg()[0]!.toFixed(1)),
    };
    console.log(JSON.stringify(figures, null, 2));
    const exactlyOnce =
      figures.rowsInPostgres === allRecords &&
      figures.distinctKeys === allRecords &&
      figures.receiptsInPostgres === allRecords &&
      figures.kiosksWithIncompleteSequence === 0 &&
      Number(rows[0]!.kiosks) === allKiosks;
    const verdicts = [
      [`ingest ≥ 5,000 records/s`, figures.recordsPerSecond >= 5_000],
      [`p99 of one accepted push < 200 ms`, figures.pushP99ms < 200],
      [`exactly once (rows = keys = receipts = ${allRecords}, every sequence complete)`, exactlyOnce],
      [`no plain personal field in PostgreSQL`, figures.plainPersonalRows === 0],
    ] as const;
    for (const [what, ok] of verdicts) console.log(`${ok ? 'PASS' : 'FAIL'}  ${what}`);
    if (!exactlyOnce) process.exitCode = 1;
  } finally {
    for (const instance of instances) if (instance.alive) instance.child.kill('SIGTERM');
    await sleep(300);
    cluster.stop();
  }
}

function kioskId(index: number): string {
  return `K${String(index).padStart(4, '0')}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
