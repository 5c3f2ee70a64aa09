// Administration of the reference central system:
//   gen-keys        --out DIR                         Ed25519 publisher key pair (private key stays offline)
//   gen-data-key    --out FILE                        32-byte key sealing personal fields at rest (0600)
//   sign            --key PRIV.pem --kind K --version N --in CONTENT.json --out SIGNED.json [--hall H]
//   sign-catalog    same as sign --kind catalog
//   publish         --db LOC --in SIGNED.json [--pub PUB]   store a signed document for kiosks to pull
//   publish-credit  --db LOC --key PRIV.pem --version N --in ENTRIES.json   sign + publish the
//                   city-wide credit-restrictions list (ENTRIES: the content, or [{id, until, basis}])
//   register-kiosk  --db LOC --id KIOSK --hall HALL [--valid-hours 72]   one-time enrollment token
//   revoke-kiosk    --db LOC --id KIOSK
//   list-kiosks     --db LOC
//   migrate         --db LOC                                 apply pending schema migrations
//   export          --db LOC [--kiosk KIOSK] [--hall HALL]   records as JSON lines, in arrival order
//   add-caller, add-console, sweep-commitments: the fleet views (central/fleet/admin-fleet.ts)
// Commands with --db take the data key like the server: --key-file, CENTRAL_DATA_KEY(_FILE).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  contract,
  creditSubject,
  documentKinds,
  documentScopes,
  type CreditRestrictionsContent,
  type DocumentKind,
  type SignedDocument,
} from '../protocol/contract.ts';
import { fleetCommands, runFleetAdmin } from './fleet/admin-fleet.ts';
import { createKeyFile, type DataKeyProvider } from './sealing.ts';
import { newSecret, sha256 } from './server.ts';
import { generateSigningKeys, parsePublicKey, signDocument, verifyDocument } from '../protocol/signing.ts';
import { openCentralStore } from './store/open.ts';
import type { CentralStore } from './store/types.ts';

type Out = (line: string) => void;

const hallIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
/** The content schema (openapi.json components) each kind is checked against before signing. */
const contentSchemas: Partial<Record<DocumentKind, string>> = {
  'hall-config': 'HallConfigContent',
  'credit-restrictions': 'CreditRestrictionsContent',
};

/** The credit list from either its content or a list of plain `{id, until, basis}`: the ids are
 *  hashed here, so no plain ID number reaches the central store or the kiosks. */
export function creditContent(raw: unknown): CreditRestrictionsContent {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as CreditRestrictionsContent;
  if (!Array.isArray(raw))
    throw new Error('The credit list must be the document content or a list of entries.');
  return {
    entries: raw.map(
      (entry: { id?: string; subject?: string; until?: string | null; basis?: string }, index) => {
        const subject = entry.subject ?? (entry.id ? creditSubject(entry.id) : null);
        if (!subject) throw new Error(`Entry ${index + 1} has neither an id nor a subject.`);
        return { subject, until: entry.until ?? null, basis: entry.basis ?? '' };
      },
    ),
  };
}

export async function runAdmin(
  argv: string[],
  out: Out = (line) => process.stdout.write(`${line}\n`),
  /** For tests and embedding: the data keys of the store, and the clock. */
  embedding: { keys?: DataKeyProvider; now?: () => Date } = {},
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
      hall: { type: 'string' },
      'key-file': { type: 'string' },
      'valid-hours': { type: 'string', default: '72' },
      name: { type: 'string' },
      'grace-days': { type: 'string' },
      months: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'as-of': { type: 'string' },
    },
  });
  const need = (name: keyof typeof values): string => {
    const value = values[name];
    if (typeof value !== 'string' || value === '') throw new Error(`${command} needs --${name}.`);
    return value;
  };
  const withStore = async <T>(work: (store: CentralStore) => Promise<T>): Promise<T> => {
    const store = await openCentralStore(need('db'), { keyFile: values['key-file'], keys: embedding.keys });
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  };

  /** Signs after checking the scope rules and the content's shape, so a bad document never leaves
   *  the publisher's machine. */
  const signChecked = (kind: DocumentKind, content: unknown): SignedDocument => {
    const version = Number(need('version'));
    if (!Number.isInteger(version) || version < 1)
      throw new Error('--version must be a whole number from 1.');
    const hall = values.hall;
    if (hall !== undefined && !hallIdPattern.test(hall))
      throw new Error('--hall must be 1–64 letters, digits, dashes or underscores.');
    const scopes = documentScopes[kind];
    if (hall === undefined && !scopes.includes('city'))
      throw new Error(`A ${kind} document is for one hall: give --hall.`);
    if (hall !== undefined && !scopes.includes('hall'))
      throw new Error(`A ${kind} document is city-wide: leave out --hall.`);
    const shape = contentSchemas[kind];
    if (shape) {
      const problem = contract().checkSchema(shape, content);
      if (problem) throw new Error(`The ${kind} content does not match ${shape}: ${problem}.`);
    }
    if (kind === 'hall-config' && (content as { hallId?: string }).hallId !== hall)
      throw new Error(
        `The hall configuration names hall ${String((content as { hallId?: string }).hallId)}, not --hall ${hall}.`,
      );
    return signDocument(fs.readFileSync(need('key'), 'utf8'), {
      kind,
      version,
      issuedAt: new Date().toISOString(),
      ...(hall !== undefined ? { hall } : {}),
      content,
    });
  };

  if ((fleetCommands as readonly string[]).includes(command ?? ''))
    return runFleetAdmin(command!, {
      values,
      need: (name) => need(name as keyof typeof values),
      withStore,
      out,
      now: embedding.now,
    });

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
    case 'gen-data-key': {
      const file = createKeyFile(need('out'));
      out(JSON.stringify({ dataKeyFile: file }));
      return;
    }
    case 'sign':
    case 'sign-catalog': {
      const kind = (command === 'sign-catalog' ? 'catalog' : need('kind')) as DocumentKind;
      if (!documentKinds.includes(kind))
        throw new Error(`--kind must be one of ${documentKinds.join(', ')}.`);
      const content: unknown = JSON.parse(fs.readFileSync(need('in'), 'utf8'));
      if (kind === 'catalog') checkCatalog(content);
      const signed = signChecked(kind, content);
      fs.writeFileSync(need('out'), `${JSON.stringify(signed, null, 2)}\n`);
      out(
        JSON.stringify({
          signed: values.out,
          kind,
          version: signed.version,
          hall: signed.hall,
          keyId: signed.keyId,
        }),
      );
      return;
    }
    case 'publish-credit': {
      const raw: unknown = JSON.parse(fs.readFileSync(need('in'), 'utf8'));
      const signed = signChecked('credit-restrictions', creditContent(raw));
      await withStore((store) => store.publishDocument(signed));
      out(
        JSON.stringify({
          published: signed.kind,
          version: signed.version,
          entries: (JSON.parse(signed.document) as { content: CreditRestrictionsContent }).content.entries
            .length,
        }),
      );
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
      const hall = need('hall');
      if (!hallIdPattern.test(hall))
        throw new Error('--hall must be 1–64 letters, digits, dashes or underscores.');
      const hours = Number(values['valid-hours']);
      if (!(hours > 0) || hours > 87_600)
        throw new Error('--valid-hours must be more than 0 and at most 87600 (ten years).');
      const token = newSecret(24);
      const expiresAt = new Date(Date.now() + hours * 3_600_000).toISOString();
      await withStore((store) => store.createEnrollment(kioskId, sha256(token), expiresAt, hall));
      out(JSON.stringify({ kioskId, hall, enrollmentToken: token, expiresAt }));
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
    case 'migrate': {
      const version = await withStore((store) => store.schemaVersion());
      out(JSON.stringify({ schemaVersion: version }));
      return;
    }
    case 'export': {
      const filter = {
        ...(values.kiosk ? { kioskId: values.kiosk } : {}),
        ...(values.hall ? { hallId: values.hall } : {}),
      };
      for (const event of await withStore((store) => store.events(filter))) out(JSON.stringify(event));
      return;
    }
    default:
      throw new Error(
        `Unknown command ${command ?? '(none)'}; use gen-keys, gen-data-key, sign, sign-catalog, publish, publish-credit, register-kiosk, revoke-kiosk, list-kiosks, migrate, export, add-caller, add-console or sweep-commitments.`,
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
