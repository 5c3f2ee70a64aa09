import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { PortState } from '../serial/index.ts';
import { printDocumentSchema, type PrintDocument } from './document.ts';
import { PrinterQueryError, TicketPrinter, type PrintOutcome } from './driver.ts';
import { DEFAULT_PRINTER_PROFILE, parsePrinterProfile, type PrinterProfile } from './profile.ts';
import { canPrint, describeStatus, type PrinterStatus } from './status.ts';
import { renderTestPage } from './test-page.ts';

// `kiosk-diag printer status|test|print-file FILE --port PATH [--baud N] [--json]` for maintenance
// staff and scripts. Exit codes: 0 done, 1 the printer cannot print (paper, cover, cutter, offline)
// or the job did not finish, 2 wrong usage, 3 no connection or no answer. A printer that cannot print
// is sent nothing but status queries.

const USAGE = `usage: kiosk-diag printer status|test|print-file FILE --port PATH [--baud N] [--json] [--profile FILE]
  status       read the printer's status
  test         print the test page (status, character sets, QR code, barcode, column ruler)
  print-file   print FILE: .json = a PrintDocument, .bin/.prn/.escpos = raw ESC/POS bytes, else UTF-8 text
  --baud N     line speed, default 9600
  --profile F  printer profile (JSON), default: ${DEFAULT_PRINTER_PROFILE.name}`;

export const EXIT_OK = 0;
export const EXIT_CANNOT_PRINT = 1;
export const EXIT_USAGE = 2;
export const EXIT_NO_CONNECTION = 3;

interface CliArgs {
  command: 'status' | 'test' | 'print-file';
  file?: string;
  port: string;
  baud: number;
  json: boolean;
  profilePath?: string;
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export function parseCliArgs(argv: readonly string[]): CliArgs | string {
  const positional: string[] = [];
  let port: string | undefined;
  let baud = 9600;
  let json = false;
  let profilePath: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string | undefined => argv[++i];
    if (arg === '--port') port = value();
    else if (arg === '--baud') {
      const raw = value();
      baud = Number(raw);
      if (!Number.isInteger(baud) || baud <= 0)
        return `--baud needs a positive whole number, got "${raw ?? ''}"`;
    } else if (arg === '--json') json = true;
    else if (arg === '--profile') profilePath = value();
    else if (arg === '--help' || arg === '-h') return 'help';
    else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else positional.push(arg);
  }
  const [command, file] = positional;
  if (command !== 'status' && command !== 'test' && command !== 'print-file') {
    return command ? `unknown command "${command}"` : 'missing command';
  }
  if (command === 'print-file' && !file) return 'print-file needs a FILE';
  if (!port) return '--port PATH is required';
  return {
    command,
    port,
    baud,
    json,
    ...(file && command === 'print-file' ? { file } : {}),
    ...(profilePath ? { profilePath } : {}),
  };
}

function waitForConnection(printer: TicketPrinter, timeoutMs: number): Promise<PortState> {
  return new Promise((resolve) => {
    const port = printer.serialPort;
    const done = (state: PortState): void => {
      clearTimeout(timer);
      port.off('state', onState);
      resolve(state);
    };
    const onState = (state: PortState): void => {
      if (state === 'open' || state === 'backoff') done(state);
    };
    const timer = setTimeout(() => done(port.state), timeoutMs);
    port.on('state', onState);
    if (port.state === 'open') done('open');
  });
}

async function loadProfile(path: string | undefined): Promise<PrinterProfile | string> {
  if (!path) return DEFAULT_PRINTER_PROFILE;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    return `cannot read profile ${path}: ${error instanceof Error ? error.message : String(error)}`;
  }
  const parsed = parsePrinterProfile(raw);
  return parsed.ok ? parsed.profile : parsed.message;
}

/** Reads a file to print: a PrintDocument (JSON), raw ESC/POS, or plain text (one block per line, then a cut). */
export async function loadPrintFile(
  path: string,
): Promise<
  | { kind: 'document'; document: PrintDocument }
  | { kind: 'raw'; bytes: Buffer }
  | { kind: 'error'; message: string }
> {
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (error) {
    return {
      kind: 'error',
      message: `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const extension = extname(path).toLowerCase();
  if (['.bin', '.prn', '.escpos'].includes(extension)) return { kind: 'raw', bytes: content };
  if (extension === '.json') {
    let raw: unknown;
    try {
      raw = JSON.parse(content.toString('utf8'));
    } catch (error) {
      return {
        kind: 'error',
        message: `${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const parsed = printDocumentSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        kind: 'error',
        message:
          `${path} is not a print document: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
      };
    }
    return { kind: 'document', document: parsed.data };
  }
  const lines = content.toString('utf8').replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  return {
    kind: 'document',
    document: {
      title: `file ${extname(path) || 'text'}`,
      blocks: [...lines.map((text) => ({ kind: 'text' as const, text })), { kind: 'cut' }],
    },
  };
}

function statusJson(status: PrinterStatus): Record<string, unknown> {
  const { checkedAt, ...fields } = status;
  return { ...fields, checkedAt: new Date(checkedAt).toISOString() };
}

function reportOutcome(outcome: PrintOutcome, what: string, args: CliArgs, io: CliIo): number {
  if (args.json) {
    io.out(
      JSON.stringify(
        outcome.ok
          ? {
              ok: true,
              bytes: outcome.bytes,
              ms: Math.round(outcome.finishedAt - outcome.firstByteAt),
              status: statusJson(outcome.status),
            }
          : {
              ok: false,
              code: outcome.code,
              message: outcome.message,
              started: outcome.started,
              ...(outcome.status ? { status: statusJson(outcome.status) } : {}),
            },
      ),
    );
  } else if (outcome.ok) {
    const note = outcome.status.paperNearEnd ? ' (paper near end)' : '';
    io.out(
      `printed ${what}: ${outcome.bytes} bytes in ${Math.round(outcome.finishedAt - outcome.firstByteAt)} ms${note}`,
    );
  } else {
    io.err(`${what} not printed: ${outcome.message}`);
  }
  if (outcome.ok) return EXIT_OK;
  return outcome.code === 'disconnected' || outcome.code === 'no-answer'
    ? EXIT_NO_CONNECTION
    : EXIT_CANNOT_PRINT;
}

export async function runPrinterCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const args = parseCliArgs(argv);
  if (args === 'help') {
    io.out(USAGE);
    return EXIT_OK;
  }
  if (typeof args === 'string') {
    io.err(`${args}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const profile = await loadProfile(args.profilePath);
  if (typeof profile === 'string') {
    io.err(profile);
    return EXIT_USAGE;
  }
  const file = args.command === 'print-file' && args.file ? await loadPrintFile(args.file) : undefined;
  if (file?.kind === 'error') {
    io.err(file.message);
    return EXIT_USAGE;
  }

  const printer = new TicketPrinter({
    locator: { path: args.port },
    baudRate: args.baud,
    profile,
    heartbeatMs: 0,
    statusTimeoutMs: 1000,
  });
  printer.start();
  try {
    const state = await waitForConnection(printer, 3000);
    if (state !== 'open') {
      const reason = printer.status().lastError ?? `Port ${args.port} could not be opened`;
      if (args.json) io.out(JSON.stringify({ ok: false, code: 'disconnected', message: reason }));
      else io.err(reason);
      return EXIT_NO_CONNECTION;
    }

    if (args.command === 'status') {
      let status: PrinterStatus;
      try {
        status = await printer.queryStatus();
      } catch (error) {
        const failure =
          error instanceof PrinterQueryError ? error : new PrinterQueryError('no-answer', String(error));
        if (args.json) io.out(JSON.stringify({ ok: false, code: failure.code, message: failure.message }));
        else io.err(failure.message);
        return EXIT_NO_CONNECTION;
      }
      const verdict = canPrint(status);
      if (args.json) {
        io.out(
          JSON.stringify({
            ok: verdict.ok,
            port: args.port,
            baud: args.baud,
            profile: profile.name,
            status: statusJson(status),
            ...(verdict.ok ? {} : { code: verdict.reason.code, message: verdict.reason.message }),
          }),
        );
      } else if (verdict.ok) {
        io.out(`printer on ${args.port}: ${describeStatus(status)}`);
      } else {
        io.err(`printer on ${args.port} cannot print: ${verdict.reason.message}`);
      }
      return verdict.ok ? EXIT_OK : EXIT_CANNOT_PRINT;
    }

    if (args.command === 'test') {
      // The test page shows the status; print() checks it again right before sending.
      const status = await printer.queryStatus().catch(() => undefined);
      const document = renderTestPage({
        kioskId: 'kiosk-diag',
        printedAt: new Date(),
        profile,
        ...(status ? { status } : {}),
      });
      return reportOutcome(await printer.print(document), 'test page', args, io);
    }

    if (file?.kind === 'raw')
      return reportOutcome(await printer.printBytes(file.bytes, 'raw file'), args.file ?? 'file', args, io);
    if (file?.kind === 'document')
      return reportOutcome(await printer.print(file.document), args.file ?? 'file', args, io);
    return EXIT_USAGE;
  } finally {
    await printer.stop();
  }
}
