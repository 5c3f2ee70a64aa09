// The diagnostic bundle: everything a technician or the vendor needs to understand a kiosk's
// trouble, in one gzip'd JSON file — logs, configuration without secrets, health history,
// self-tests, byte logs, ports, store facts. Nothing personal: log lines were written redacted,
// and every string is passed through the redaction again here, because a bundle leaves the kiosk.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { redactFields, redactText } from '../../common/log.ts';
import type { KioskConfig } from '../config/config.ts';

export const bundleFormat = 'gov-kiosk-diagnostics/1';

export interface BundleParts {
  kioskId: string;
  version: string;
  config: KioskConfig;
  logsDir: string;
  /** Named sections (health, self-tests, byte logs, ports, store…), already free of personal data. */
  sections: Record<string, unknown>;
  /** Bytes of log text taken, newest first; default 8 MB. */
  maxLogBytes?: number;
  now?: Date;
}

/** The configuration as it may leave the kiosk: secrets replaced by whether they are set. */
export function configWithoutSecrets(config: KioskConfig): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
  const sync = copy.sync as Record<string, unknown> | undefined;
  if (sync && 'enrollmentToken' in sync) sync.enrollmentToken = sync.enrollmentToken ? '[set]' : null;
  const maintenance = copy.maintenance as { accounts?: Array<{ accountId: string }> } | undefined;
  if (maintenance?.accounts)
    (maintenance as Record<string, unknown>).accounts = maintenance.accounts.map((account) => ({
      accountId: account.accountId,
      pinHash: '[set]',
    }));
  return copy;
}

/** Redacts every string at any depth (redactFields stops at a depth; a bundle is deeper). */
export function scrub(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(scrub);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = scrub(item);
    return out;
  }
  return value;
}

/** Log files oldest first (kiosk.N.log … kiosk.1.log, kiosk.log). */
function logFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const numbered = fs
    .readdirSync(dir)
    .map((name) => /^kiosk\.(\d+)\.log$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]))
    .map((match) => match[0]);
  const current = fs.existsSync(path.join(dir, 'kiosk.log')) ? ['kiosk.log'] : [];
  return [...numbered, ...current];
}

/** The newest `maxBytes` of the logs, each line re-redacted. */
export function collectLogs(dir: string, maxBytes: number): Array<{ file: string; lines: unknown[] }> {
  const result: Array<{ file: string; lines: unknown[] }> = [];
  let budget = maxBytes;
  for (const name of logFiles(dir).reverse()) {
    if (budget <= 0) break;
    const file = path.join(dir, name);
    const size = fs.statSync(file).size;
    const start = Math.max(0, size - budget);
    const buffer = Buffer.alloc(size - start);
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, buffer, 0, buffer.length, start);
    } finally {
      fs.closeSync(fd);
    }
    budget -= buffer.length;
    let text = buffer.toString('utf8');
    if (start > 0) text = text.slice(text.indexOf('\n') + 1); // drop the partial first line
    const lines = text
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => {
        try {
          return redactFields(JSON.parse(line));
        } catch {
          // A line that is not JSON is still redacted, as text: nothing leaves unredacted and nothing is dropped.
          return redactText(line);
        }
      });
    result.unshift({ file: name, lines });
  }
  return result;
}

export interface BuiltBundle {
  name: string;
  gzip: Buffer;
  parts: string[];
}

export function buildBundle(parts: BundleParts): BuiltBundle {
  const now = parts.now ?? new Date();
  const logs = collectLogs(parts.logsDir, parts.maxLogBytes ?? 8_000_000);
  const document = scrub({
    format: bundleFormat,
    createdAt: now.toISOString(),
    kioskId: parts.kioskId,
    version: parts.version,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    config: configWithoutSecrets(parts.config),
    ...parts.sections,
    logs,
  });
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return {
    name: `kiosk-diag-${parts.kioskId}-${stamp}.json.gz`,
    gzip: zlib.gzipSync(JSON.stringify(document), { level: 9 }),
    parts: ['config', ...Object.keys(parts.sections), 'logs'],
  };
}

/** Writes the bundle into a folder (a USB stick's mount point), flushed to the medium before the
 *  technician pulls it. */
export function writeBundle(bundle: BuiltBundle, dir: string): string {
  if (!path.isAbsolute(dir)) throw new Error(`${dir} is not an absolute path.`);
  const stats = fs.statSync(dir, { throwIfNoEntry: false });
  if (!stats?.isDirectory()) throw new Error(`${dir} is not a folder (is the USB stick plugged in?).`);
  const file = path.join(dir, bundle.name);
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    fs.writeSync(fd, bundle.gzip);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

/** Folders where a USB stick is usually mounted on Linux (udisks: /media/USER/LABEL,
 *  /run/media/USER/LABEL; by hand: /mnt/X), that exist and can be written now. */
export function usbTargets(roots = ['/media', '/run/media', '/mnt']): string[] {
  const found: string[] = [];
  const writable = (dir: string) => {
    try {
      fs.accessSync(dir, fs.constants.W_OK);
      return true;
    } catch {
      // Not writable is the answer to the question asked.
      return false;
    }
  };
  const children = (dir: string) => {
    try {
      return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => path.join(dir, entry.name));
    } catch {
      // A folder that cannot be listed offers no USB stick to write to: no candidates from it.
      return [];
    }
  };
  for (const root of roots) {
    for (const first of children(root)) {
      const second = children(first);
      // /media/USER/LABEL has a second level; /mnt/usb is the stick itself.
      const candidates = root === '/mnt' ? [first] : second.length > 0 ? second : [first];
      for (const candidate of candidates) if (writable(candidate)) found.push(candidate);
    }
  }
  return found;
}
