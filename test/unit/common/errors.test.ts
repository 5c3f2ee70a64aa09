// One error base: every error class of the kiosk, its devices and the central store extends AppError,
// keeps the error it wraps as `cause`, and names itself. Lint refuses `extends Error` elsewhere; this
// proves both the classes and the rule.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { PublishError } from '../../../central/store/types.ts';
import { AppError, errorChain } from '../../../common/errors.ts';
import { ReaderCommandError } from '../../../hardware/idcard/reader.ts';
import { PrinterQueryError } from '../../../hardware/printer/driver.ts';
import { PortClosedError, PortTimeoutError } from '../../../hardware/serial/errors.ts';
import { ConfigError } from '../../../main/config/config.ts';
import { KioskError } from '../../../main/errors.ts';
import { ConfigWriteError } from '../../../main/maintenance/config-writer.ts';
import { HallConfigError } from '../../../main/queue/hall-config.ts';
import { StoreError } from '../../../main/store/database.ts';
import { KeyFileError } from '../../../main/sync/crypto.ts';
import { OutboxError } from '../../../main/sync/outbox.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const cause = new Error('disk full');

describe('one error base', () => {
  it.each([
    ['ConfigError', new ConfigError('x', { cause })],
    ['HallConfigError', new HallConfigError('x', { cause })],
    ['ConfigWriteError', new ConfigWriteError('x', { cause })],
    ['StoreError', new StoreError('x', { cause })],
    ['KeyFileError', new KeyFileError('x', { cause })],
    ['OutboxError', new OutboxError('x', { cause })],
    ['PortTimeoutError', new PortTimeoutError('x', { cause })],
    ['PortClosedError', new PortClosedError('x', { cause })],
    ['PublishError', new PublishError('x', { cause })],
    ['KioskError', new KioskError('internal', 'x', undefined, { cause })],
    ['ReaderCommandError', new ReaderCommandError('garbled', 'x', { cause })],
    ['PrinterQueryError', new PrinterQueryError('no-answer', 'x', { cause })],
  ])('%s extends AppError, names itself and keeps its cause', (name, error) => {
    expect(error).toBeInstanceOf(AppError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.cause).toBe(cause);
    expect(errorChain(error)).toBe('x ← disk full');
  });

  it('lint refuses an error class that extends Error directly, in every shipped folder', async () => {
    const eslint = new ESLint({ cwd: root });
    for (const folder of ['main/sync', 'hardware/serial', 'central/store', 'domain/identity', 'protocol']) {
      const [result] = await eslint.lintText('export class OwnError extends Error {}\n', {
        filePath: path.join(root, folder, 'probe.ts'),
      });
      const refused = result!.messages.some((message) => message.message.includes('AppError'));
      expect({ folder, refused }).toEqual({ folder, refused: true });
    }
  }, 30_000);
});
