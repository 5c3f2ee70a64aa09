// Administration of the reference central system:
//   gen-keys        --out DIR                         Ed25519 publisher key pair (private key stays offline)
//   sign            --key PRIV.pem --kind K --version N --in CONTENT.json --out SIGNED.json
//   sign-catalog    same as sign --kind catalog
//   publish         --db LOC --in SIGNED.json [--pub PUB]   store a signed document for kiosks to pull
//   register-kiosk  --db LOC --id KIOSK [--valid-hours 72]   prints a one-time enrollment token
//   revoke-kiosk    --db LOC --id KIOSK
//   list-kiosks     --db LOC
//   export          --db LOC [--kiosk KIOSK]                 records as JSON lines, in arrival order
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { contract, documentKinds, type DocumentKind, type SignedDocument } from '../protocol/contract.ts';
import { newSecret, sha256 } from './server.ts';
import { generateSigningKeys, parsePublicKey, signDocument, verifyDocument } from '../protocol/signing.ts';
import { openCentralStore } from './store/open.ts';
import type { CentralStore } from './store/types.ts';

type Out = (line: string) => void;

export async function runAdmin(
  argv: string[],
  out: Out = (line) => process.stdout.write(`${line}\n`),
): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      out: { type: 'string' },
      key: { type: 'string' },
      pub: { type: 'string' },
      kind: { type: 'string' },
      version: { type: 'string' },
      in: { type: 'string' },
      db: { type: 'string' },
      id: { type: 'string' },
      kiosk: { type: 'string' },
      'valid-hours': { type: 'string', default: '72' },
    },
  });
  const need = (name: keyof typeof values): string => {
    const value = values[name];
    if (typeof value !== 'string' || value === '') throw new Error(`${command} needs --${name}.`);
    return value;
  };
  const withStore = async <T>(work: (store: CentralStore) => Promise<T>): Promise<T> => {
    const store = await openCentralStore(need('db'));
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  };

  switch (command) {
    case 'gen-keys': {
      const dir = need('out');
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const keys = generateSigningKeys();
      const privateFile = path.join(dir, 'publisher.key.pem');
      fs.writeFileSync(privateFile, keys.privateKeyPem, { mode: 0o600, flag: 'wx' });
      fs.writeFileSync(path.join(dir, 'publisher.pub.pem'), keys.publicKeyPem, { flag: 'wx' });
      out(
        JSON.stringify({ privateKey: privateFile, publicKeyBase64: keys.publicKeyBase64, keyId: keys.keyId }),
      );
      return;
    }
    case 'sign':
    case 'sign-catalog': {
      const kind = (command === 'sign-catalog' ? 'catalog' : need('kind')) as DocumentKind;
      if (!documentKinds.includes(kind))
        throw new Error(`--kind must be one of ${documentKinds.join(', ')}.`);
      const version = Number(need('version'));
      if (!Number.isInteger(version) || version < 1)
        throw new Error('--version must be a whole number from 1.');
      const content: unknown = JSON.parse(fs.readFileSync(need('in'), 'utf8'));
      if (kind === 'catalog') checkCatalog(content);
      const signed = signDocument(fs.readFileSync(need('key'), 'utf8'), {
        kind,
        version,
        issuedAt: new Date().toISOString(),
        content,
      });
      fs.writeFileSync(need('out'), `${JSON.stringify(signed, null, 2)}\n`);
      out(JSON.stringify({ signed: values.out, kind, version, keyId: signed.keyId }));
      return;
    }
    case 'publish': {
      const signed = JSON.parse(fs.readFileSync(need('in'), 'utf8')) as SignedDocument;
      const shapeError = contract().checkResponse('getDocument', 200, signed);
      if (shapeError) throw new Error(`${values.in} is not a signed document: ${shapeError}.`);
      if (values.pub) {
        const verdict = verifyDocument(signed, parsePublicKey(fs.readFileSync(values.pub, 'utf8')).key);
        if (!verdict.ok) throw new Error(verdict.reason);
      }
      if (signed.kind === 'catalog')
        checkCatalog((JSON.parse(signed.document) as { content: unknown }).content);
      await withStore((store) => store.publishDocument(signed));
      out(JSON.stringify({ published: signed.kind, version: signed.version }));
      return;
    }
    case 'register-kiosk': {
      const kioskId = need('id');
      if (!/^[A-Za-z0-9-]{1,32}$/.test(kioskId))
        throw new Error('--id must be 1–32 letters, digits or dashes.');
      const hours = Number(values['valid-hours']);
      const token = newSecret(24);
      const expiresAt = new Date(Date.now() + hours * 3_600_000).toISOString();
      await withStore((store) => store.createEnrollment(kioskId, sha256(token), expiresAt));
      out(JSON.stringify({ kioskId, enrollmentToken: token, expiresAt }));
      return;
    }
    case 'revoke-kiosk': {
      const kioskId = need('id');
      const revoked = await withStore((store) => store.revokeKiosk(kioskId, new Date().toISOString()));
      if (!revoked) throw new Error(`No kiosk ${kioskId} is known.`);
      out(JSON.stringify({ revoked: kioskId }));
      return;
    }
    case 'list-kiosks': {
      for (const kiosk of await withStore((store) => store.listKiosks())) out(JSON.stringify(kiosk));
      return;
    }
    case 'export': {
      for (const event of await withStore((store) => store.events(values.kiosk))) out(JSON.stringify(event));
      return;
    }
    default:
      throw new Error(
        `Unknown command ${command ?? '(none)'}; use gen-keys, sign, sign-catalog, publish, register-kiosk, revoke-kiosk, list-kiosks or export.`,
      );
  }
}

/** A catalog that fails its own worked examples (or any load check) is never signed or published:
 *  the kiosk's checker runs in a child process (central/ may not import the kiosk's engine). */
function checkCatalog(content: unknown): void {
  const script = new URL('../scripts/check-catalog.ts', import.meta.url).pathname;
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, '-'], {
    input: JSON.stringify(content),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`catalog refused:\n${run.stderr || run.stdout}`.trim());
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  runAdmin(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`admin: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
