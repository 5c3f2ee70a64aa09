// `npm start -- --with-central`: a reference central server next to the kiosk, for demonstrations.
// Keys, enrollment and the signed catalog are made once under .kiosk-data/central-demo/ and reused.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const kioskId = 'K-DEMO';
const port = Number(process.env.CENTRAL_DEMO_PORT ?? 8787);

function admin(root, args) {
  const output = execFileSync(process.execPath, ['--import', 'tsx', 'central/admin.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(output.trim().split('\n').pop());
}

/** The bundled catalog as one JSON value: what the central system signs and kiosks pull. */
function catalogBundle(root) {
  const dir = path.join(root, 'resources', 'catalog');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'catalog.json'), 'utf8'));
  const items = fs
    .readdirSync(path.join(dir, 'items'))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, 'items', name), 'utf8')));
  return { ...manifest, items };
}

export async function startCentralDemo(root, dataRoot) {
  const dir = path.join(dataRoot, 'central-demo');
  const db = `sqlite:${path.join(dir, 'central.db')}`;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keysFile = path.join(dir, 'keys.json');
  if (!fs.existsSync(keysFile)) {
    const keys = admin(root, ['gen-keys', '--out', path.join(dir, 'keys')]);
    const catalogFile = path.join(dir, 'catalog-bundle.json');
    fs.writeFileSync(catalogFile, JSON.stringify(catalogBundle(root)));
    const signedFile = path.join(dir, 'catalog-signed.json');
    admin(root, [
      'sign-catalog',
      '--key',
      keys.privateKey,
      '--version',
      '1',
      '--in',
      catalogFile,
      '--out',
      signedFile,
    ]);
    admin(root, ['publish', '--db', db, '--in', signedFile]);
    const enrollment = admin(root, [
      'register-kiosk',
      '--db',
      db,
      '--id',
      kioskId,
      '--hall',
      'demo-hall',
      '--valid-hours',
      '87600',
    ]);
    fs.writeFileSync(
      keysFile,
      JSON.stringify({ publicKeyBase64: keys.publicKeyBase64, enrollmentToken: enrollment.enrollmentToken }),
    );
  }
  const { publicKeyBase64, enrollmentToken } = JSON.parse(fs.readFileSync(keysFile, 'utf8'));

  const central = spawn(
    process.execPath,
    ['--import', 'tsx', 'central/main.ts', '--port', String(port), '--db', db, '--log-level', 'warn'],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise((resolve, reject) => {
    let seen = '';
    central.stdout.on('data', (chunk) => {
      seen += chunk.toString();
      const match = /"url":"([^"]+)"/.exec(seen);
      if (match) resolve(match[1]);
    });
    central.once('exit', (code) =>
      reject(new Error(`The central server stopped (exit ${code}); is port ${port} free?`)),
    );
  });
  console.log(`Central server (demo) at ${url}, kiosk ${kioskId}`);
  return {
    child: central,
    env: {
      KIOSK_ID: kioskId,
      KIOSK_CENTRAL_URL: url,
      KIOSK_ENROLLMENT_TOKEN: enrollmentToken,
      KIOSK_CATALOG_PUBLIC_KEY: publicKeyBase64,
    },
  };
}
