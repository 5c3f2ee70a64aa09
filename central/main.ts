// `npm run central -- --port 8787 --db sqlite:central-data/central.db`
// Starts the reference central server until SIGINT/SIGTERM.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { buildCentralServer } from './server.ts';
import { openFleetStore } from './fleet/fleet-store.ts';
import { openCentralStore } from './store/open.ts';

const usage = `Usage: central/main.ts [--host 127.0.0.1] [--port 8787] [--db sqlite:FILE | postgres://…]
                       [--key-file FILE] [--pool-size 10] [--max-in-flight 64] [--max-connections-per-address 32]
                       [--auth-cache-ms 5000]
                       [--tls-cert FILE --tls-key FILE] [--log-level info|warn|error|silent]
The data key sealing personal fields: --key-file, or CENTRAL_DATA_KEY / CENTRAL_DATA_KEY_FILE; for a
SQLite store without either, a key file next to (never inside) the database folder is created.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8787' },
      db: { type: 'string', default: 'sqlite:central-data/central.db' },
      'key-file': { type: 'string' },
      'pool-size': { type: 'string', default: '10' },
      'max-in-flight': { type: 'string', default: '64' },
      'max-connections-per-address': { type: 'string', default: '32' },
      'auth-cache-ms': { type: 'string', default: '5000' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0–65535, got ${values.port}.`);
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key']))
    throw new Error('--tls-cert and --tls-key go together.');
  const https =
    values['tls-cert'] && values['tls-key']
      ? { cert: fs.readFileSync(values['tls-cert']), key: fs.readFileSync(values['tls-key']) }
      : undefined;
  const store = await openCentralStore(values.db!, {
    keyFile: values['key-file'],
    poolSize: Number(values['pool-size']),
  });
  const level = values['log-level']!;
  const app = await buildCentralServer({
    store,
    logger: level === 'silent' ? false : { level },
    https,
    maxConnectionsPerAddress: Number(values['max-connections-per-address']),
    maxInFlight: Number(values['max-in-flight']),
    authCacheMs: Number(values['auth-cache-ms']),
    fleet: { store: await openFleetStore(values.db!) },
  });
  const address = await app.listen({ host: values.host!, port });
  // One machine-readable line so scripts and tests can find a server started on port 0.
  process.stdout.write(
    `${JSON.stringify({ event: 'central listening', url: address, store: store.kind })}\n`,
  );

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`central: ${(error as Error).message}\n`);
  process.exit(1);
});
