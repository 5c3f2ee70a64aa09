import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  PRINTER_FAULT_DESCRIPTIONS,
  PRINTER_FAULT_NAMES,
  startPrinterEmulator,
  type PrinterEmulator,
  type PrinterFaultInjection,
  type PrinterFaultName,
} from './emulator.ts';
import type { Receipt } from './receipt-model.ts';
import { renderReceiptSvg } from './render-svg.ts';

// `npx tsx hardware/emulators/printer/cli.ts [--dir D] [--baud N] [--svg-dir D]`: runs an emulated
// printer, prints the path the driver should open, and takes commands on stdin.

const HELP = `commands:
  fault <name> [n]   set the fault (replacing others), one of the faults below
                     (paper-out-mid-job n = lines before the paper runs out; slow n = slowdown factor)
  also <name> [n]    add a fault to the active ones
  clear [name]       clear one fault, or all
  faults             list active faults
  unplug | replug    pull / reconnect the cable
  receipts           print the receipts so far as text
  forget             forget the receipts
  help | quit
faults:
${PRINTER_FAULT_NAMES.map((name) => `  ${name.padEnd(18)} ${PRINTER_FAULT_DESCRIPTIONS[name]}`).join('\n')}`;

function describeReceipt(receipt: Receipt): string {
  const state = receipt.complete
    ? receipt.cut
      ? 'cut'
      : 'not cut'
    : `NOT FINISHED (${receipt.interruption ?? 'stopped'})`;
  const body = receipt.lines.map((line) => `  | ${line}`).join('\n');
  const extras = [
    ...receipt.qrPayloads.map((qr) => `  [QR] ${qr}`),
    ...receipt.barcodes.map((code) => `  [barcode] ${code}`),
    // A user-defined character (￼ in the lines) as the dots it was defined with.
    ...receipt.userGlyphs.map(
      (glyph) =>
        `  [FS 2 ${glyph.code}, line ${glyph.line + 1}]\n${glyph.dots.map((row) => `    ${row}`).join('\n')}`,
    ),
  ].join('\n');
  return `receipt #${receipt.id} — ${receipt.lines.length} lines, ${state}\n${body}${extras ? `\n${extras}` : ''}`;
}

async function handle(
  emulator: PrinterEmulator,
  line: string,
  say: (text: string) => void,
): Promise<boolean> {
  const [command, arg, number] = line.trim().split(/\s+/);
  switch (command) {
    case undefined:
    case '':
      return true;
    case 'fault':
    case 'also': {
      if (!arg || !(PRINTER_FAULT_NAMES as readonly string[]).includes(arg)) {
        say(`unknown fault "${arg ?? ''}"; one of: ${PRINTER_FAULT_NAMES.join(', ')}`);
        return true;
      }
      const n = number === undefined ? undefined : Number(number);
      const fault: PrinterFaultInjection =
        arg === 'paper-out-mid-job' && n !== undefined
          ? { name: arg, afterLines: n }
          : arg === 'slow' && n !== undefined
            ? { name: arg, factor: n }
            : (arg as PrinterFaultName);
      if (command === 'also') emulator.addFault(fault);
      else emulator.setFault(fault);
      say(`faults: ${emulator.faults().join(', ') || 'none'}`);
      return true;
    }
    case 'clear':
      if (arg) emulator.clearFault(arg as PrinterFaultName);
      else emulator.setFault(null);
      say(`faults: ${emulator.faults().join(', ') || 'none'}`);
      return true;
    case 'faults':
      say(`faults: ${emulator.faults().join(', ') || 'none'}`);
      return true;
    case 'unplug':
      await emulator.unplug();
      say('unplugged');
      return true;
    case 'replug':
      await emulator.replug();
      say(`plugged in at ${emulator.hostPath}`);
      return true;
    case 'receipts': {
      const receipts = emulator.receipts();
      say(receipts.length === 0 ? 'no receipts yet' : receipts.map(describeReceipt).join('\n'));
      return true;
    }
    case 'forget':
      emulator.clearReceipts();
      say('receipts forgotten');
      return true;
    case 'help':
      say(HELP);
      return true;
    case 'quit':
    case 'exit':
      return false;
    default:
      say(`unknown command "${command}"\n${HELP}`);
      return true;
  }
}

async function main(argv: string[]): Promise<number> {
  let dir = join(tmpdir(), 'kiosk-printer-emulator');
  let baudRate = 9600;
  let svgDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dir') dir = argv[++i] ?? dir;
    else if (arg === '--baud') baudRate = Number(argv[++i]);
    else if (arg === '--svg-dir') svgDir = argv[++i];
    else {
      process.stderr.write(`usage: cli.ts [--dir D] [--baud N] [--svg-dir D]\n`);
      return 2;
    }
  }
  if (!Number.isInteger(baudRate) || baudRate <= 0) {
    process.stderr.write('--baud needs a positive whole number\n');
    return 2;
  }
  const emulator = await startPrinterEmulator({ dir, baudRate });
  const say = (text: string): void => {
    process.stdout.write(`${text}\n`);
  };
  say(emulator.hostPath);
  say(`printer emulator at ${baudRate} baud; open ${emulator.hostPath} (type "help")`);
  emulator.on('receipt', (receipt: Receipt) => {
    say(describeReceipt(receipt));
    if (svgDir) {
      const target = join(svgDir, `receipt-${receipt.id}.svg`);
      void mkdir(svgDir, { recursive: true })
        .then(() => writeFile(target, renderReceiptSvg(receipt)))
        .then(() => say(`  picture: ${target}`));
    }
  });

  const input = createInterface({ input: process.stdin });
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    input.close();
    await emulator.stop();
  };
  const signalled = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  let quit = false;
  const commands = (async () => {
    for await (const line of input) {
      const keepGoing = await handle(emulator, line, say).catch((error: unknown) => {
        say(`error: ${error instanceof Error ? error.message : String(error)}`);
        return true;
      });
      if (!keepGoing) {
        quit = true;
        break;
      }
    }
    // Without a terminal (stdin at end of file) the emulator keeps running until it is signalled.
    if (!quit) await signalled;
  })();
  await Promise.race([commands, signalled]);
  await stop();
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
