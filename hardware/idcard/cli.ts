// `kiosk-diag idcard status|read|watch`: the reader, checked from a shell by maintenance staff and scripts.
// Results go to stdout, one-line reasons to stderr; exit 0 when all is well, 1 when the reader or card
// is at fault, 2 for a wrong command line.
import { AppError } from '../../common/errors.ts';
import { parseArgs } from 'node:util';
import type { PortLocator } from '../serial/index.ts';
import { CARD_KIND_LABELS, type IdCard, cardValidity } from '../../domain/identity/card.ts';
import { READER_FAULT_DESCRIPTIONS, type ReaderFault } from './faults.ts';
import { maskIdNumber } from '../../domain/identity/mask.ts';
import { SUPPORTED_BAUD_RATES } from './protocol.ts';
import { type CardTiming, IdCardReader, ReaderCommandError, type ReaderStatus } from './reader.ts';
import { regionLabel } from '../../domain/identity/region.ts';

export const IDCARD_CLI_USAGE = `usage: kiosk-diag idcard status|read|watch (--port PATH | --usb VID:PID[:SERIAL]) [options]
  status          SAM id and SAM status of the reader
  read            read the card on the reader once and print it as JSON
  watch           print every card placed and removed, and every fault, until Ctrl-C
options:
  --baud N        ${SUPPORTED_BAUD_RATES.join(' | ')} (default 115200)
  --json          one JSON object per line (status, watch; read always prints JSON)
  --reveal        print ID and pass numbers in full (default: masked, e.g. 110***********1234)
  --wait MS       read: keep trying this long for a card to be placed (default 0: one attempt)
  --timeout MS    how long to wait for the port to open (default 3000)
exit status: 0 ok, 1 the reader did not answer or reported a fault, 2 usage error`;

export interface CliStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Ends `watch`; default: SIGINT / SIGTERM. */
  signal?: AbortSignal;
}

interface CliOptions {
  command: 'status' | 'read' | 'watch';
  locator: PortLocator;
  baudRate: number;
  json: boolean;
  reveal: boolean;
  waitMs: number;
  openTimeoutMs: number;
}

class UsageError extends AppError {}

function parseCommandLine(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        usb: { type: 'string' },
        baud: { type: 'string', default: '115200' },
        json: { type: 'boolean', default: false },
        reveal: { type: 'boolean', default: false },
        wait: { type: 'string', default: '0' },
        timeout: { type: 'string', default: '3000' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) throw new UsageError('');
  const [command, ...extra] = positionals;
  if (command !== 'status' && command !== 'read' && command !== 'watch') {
    throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const baudRate = Number(values.baud);
  if (!SUPPORTED_BAUD_RATES.includes(baudRate)) {
    throw new UsageError(`--baud must be one of ${SUPPORTED_BAUD_RATES.join(', ')}`);
  }
  const number = (name: string, text: string) => {
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0)
      throw new UsageError(`--${name} must be a number of milliseconds`);
    return value;
  };
  let locator: PortLocator;
  if (values.port) {
    locator = { path: values.port };
  } else if (values.usb) {
    const [vendorId, productId, serialNumber] = values.usb.split(':');
    if (!vendorId || !productId) throw new UsageError('--usb must be VID:PID or VID:PID:SERIAL (hex ids)');
    locator = { usb: { vendorId, productId, ...(serialNumber && { serialNumber }) } };
  } else {
    throw new UsageError('--port PATH or --usb VID:PID is required');
  }
  return {
    command,
    locator,
    baudRate,
    json: values.json,
    reveal: values.reveal,
    waitMs: number('wait', values.wait),
    openTimeoutMs: number('timeout', values.timeout),
  };
}

/** The card as printed: personal numbers masked unless revealed, validity as of now. */
export function cardForOutput(card: IdCard, reveal: boolean, now = new Date()): Record<string, unknown> {
  const masked: Record<string, unknown> = { ...card };
  if (!reveal) {
    masked.idNumber = maskIdNumber(card.idNumber);
    if (card.kind === 'hk-macao-taiwan') masked.passNumber = maskIdNumber(card.passNumber);
  }
  return { ...masked, validity: cardValidity(card, now) };
}

function describeCard(card: IdCard, reveal: boolean): string {
  const id = reveal ? card.idNumber : maskIdNumber(card.idNumber);
  const validity = cardValidity(card, new Date());
  const state = validity.expired ? 'expired' : validity.notYetValid ? 'not yet valid' : 'valid';
  const region = card.region ? `, ${regionLabel(card.region)}` : '';
  return `${CARD_KIND_LABELS[card.kind].en}: ${id} (${state}${region})`;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export async function runIdcardCli(argv: string[], streams: CliStreams = process): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) streams.stderr.write(`kiosk-diag idcard: ${error.message}\n`);
    streams.stderr.write(`${IDCARD_CLI_USAGE}\n`);
    return 2;
  }
  const fail = (reason: string): number => {
    streams.stderr.write(`kiosk-diag idcard: ${oneLine(reason)}\n`);
    return 1;
  };

  const reader = new IdCardReader({
    locator: options.locator,
    baudRate: options.baudRate,
    polling: options.command === 'watch',
    // One attempt to open is what a shell user wants; `watch` keeps reconnecting like the kiosk does.
    backoff: { initialMs: 200, maxMs: options.command === 'watch' ? 5000 : 1000 },
  });
  reader.start();
  try {
    try {
      await reader.whenOpen(options.openTimeoutMs);
    } catch (error) {
      return fail(reasonOf(error));
    }
    switch (options.command) {
      case 'status':
        return await runStatus(reader, options, streams, fail);
      case 'read':
        return await runRead(reader, options, streams, fail);
      case 'watch':
        return await runWatch(reader, options, streams);
    }
  } finally {
    await reader.stop();
  }
}

async function runStatus(
  reader: IdCardReader,
  options: CliOptions,
  streams: CliStreams,
  fail: (reason: string) => number,
): Promise<number> {
  let samStatus;
  try {
    samStatus = await reader.readSamStatus();
  } catch (error) {
    return fail(unansweredReason(error, options));
  }
  // A SAM in trouble may refuse its id; its status is still worth printing.
  let samId: string | undefined;
  let samIdError: string | undefined;
  try {
    samId = await reader.readSamId();
  } catch (error) {
    samIdError = reasonOf(error);
  }
  const status = reader.status();
  if (options.json) {
    streams.stdout.write(
      `${JSON.stringify({ port: status.path, baudRate: status.baudRate, samId, ...(samIdError && { samIdError }), samStatus })}\n`,
    );
  } else {
    streams.stdout.write(`port:        ${status.path}\nbaud rate:   ${status.baudRate}\n`);
    streams.stdout.write(
      `SAM id:      ${samId ?? `unavailable (${samIdError})`}\nSAM status:  ${samStatus.description}\n`,
    );
  }
  if (!samStatus.ok) return fail(`SAM status: ${samStatus.description}`);
  return samId === undefined ? fail(samIdError ?? 'SAM id unavailable') : 0;
}

function unansweredReason(error: unknown, options: CliOptions): string {
  const reason = reasonOf(error);
  if (error instanceof ReaderCommandError && error.code === 'device-unreachable') {
    return `${reason} at ${options.baudRate} baud (is it switched on, and set to this baud rate?)`;
  }
  return reason;
}

async function runRead(
  reader: IdCardReader,
  options: CliOptions,
  streams: CliStreams,
  fail: (reason: string) => number,
): Promise<number> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    const result = await reader.testRead();
    if (result.ok) {
      const output = { card: cardForOutput(result.card, options.reveal), timing: roundTiming(result.timing) };
      streams.stdout.write(`${JSON.stringify(output, null, options.json ? undefined : 2)}\n`);
      return 0;
    }
    if (!result.noCard) {
      const { code, message } = result.fault;
      return fail(
        code === 'device-unreachable'
          ? unansweredReason(new ReaderCommandError(code, message), options)
          : message,
      );
    }
    if (Date.now() >= deadline) return fail(result.message);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function roundTiming(timing: CardTiming): Record<string, number> {
  return {
    readMs: Math.round(timing.parsedAt - timing.placedDetectedAt),
    wireMs: Math.round(timing.wireMs),
    bytesExchanged: timing.bytesExchanged,
  };
}

function runWatch(reader: IdCardReader, options: CliOptions, streams: CliStreams): Promise<number> {
  const print = (event: string, human: string, fields: Record<string, unknown> = {}) => {
    const at = new Date().toISOString();
    streams.stdout.write(
      options.json ? `${JSON.stringify({ at, event, ...fields })}\n` : `${at}  ${human}\n`,
    );
  };
  let lastPortState: string | undefined;
  reader.on('status', (status: ReaderStatus) => {
    if (status.portState === lastPortState) return;
    lastPortState = status.portState;
    const why = status.portState === 'open' ? '' : status.lastError ? ` (${status.lastError})` : '';
    print('port', `port ${status.portState}${why}`, {
      portState: status.portState,
      lastError: status.lastError,
    });
  });
  reader.on('card', (card: IdCard, timing: CardTiming) =>
    print('card', `card: ${describeCard(card, options.reveal)}`, {
      card: cardForOutput(card, options.reveal),
      timing: roundTiming(timing),
    }),
  );
  reader.on('removed', () => print('removed', 'card removed'));
  reader.on('fault', (fault: ReaderFault) =>
    print('fault', `fault ${fault.code}: ${fault.message} — ${READER_FAULT_DESCRIPTIONS[fault.code]}`, {
      fault,
    }),
  );
  print('port', `watching ${reader.status().path} at ${options.baudRate} baud; Ctrl-C to stop`, {
    portState: reader.status().portState,
  });
  return new Promise((resolve) => {
    const finish = () => {
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      resolve(0);
    };
    if (streams.signal) {
      if (streams.signal.aborted) finish();
      else streams.signal.addEventListener('abort', finish, { once: true });
    } else {
      process.once('SIGINT', finish);
      process.once('SIGTERM', finish);
    }
  });
}
