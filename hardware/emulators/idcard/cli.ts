// Runs the emulated ID card reader from a shell: `npx tsx hardware/emulators/idcard/cli.ts [--dir D] [--baud N]`.
// Prints the host path to give the kiosk or kiosk-diag, then takes commands on stdin, one a line.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { SUPPORTED_BAUD_RATES } from '../../idcard/protocol.ts';
import {
  READER_FAULT_INJECTIONS,
  READER_FAULT_INJECTION_DESCRIPTIONS,
  type IdCardEmulator,
  type ReaderFaultInjection,
  startIdCardEmulator,
} from './emulator.ts';

const HELP = `commands:
  deck                 list the cards
  place <cardId>       put a card on the reader
  remove               take it off
  fault <name>         inject a fault (${READER_FAULT_INJECTIONS.join(', ')})
  faults               list the faults with what they do
  clear                no fault
  unplug | replug      pull / plug back the cable
  baud <N>             change the line speed (${SUPPORTED_BAUD_RATES.join(', ')})
  status               what is on the reader now
  quit`;

function statusLine(emulator: IdCardEmulator): string {
  return [
    `card: ${emulator.currentCardId ?? '(none)'}`,
    `fault: ${emulator.currentFault ?? '(none)'}`,
    `baud: ${emulator.baudRate}`,
    emulator.plugged ? 'plugged' : 'unplugged',
  ].join('  ');
}

async function execute(emulator: IdCardEmulator, line: string): Promise<string | 'quit'> {
  const [command, argument] = line.trim().split(/\s+/);
  switch (command) {
    case undefined:
    case '':
      return '';
    case 'deck':
      return emulator
        .deck()
        .map((card) => `${card.id.padEnd(30)} ${card.label}`)
        .join('\n');
    case 'place':
      if (!argument) return 'usage: place <cardId> (see "deck")';
      emulator.placeCard(argument);
      return statusLine(emulator);
    case 'remove':
      emulator.removeCard();
      return statusLine(emulator);
    case 'fault':
      if (!argument || !READER_FAULT_INJECTIONS.includes(argument as ReaderFaultInjection)) {
        return `usage: fault <${READER_FAULT_INJECTIONS.join('|')}>`;
      }
      emulator.setFault(argument as ReaderFaultInjection);
      return statusLine(emulator);
    case 'faults':
      return READER_FAULT_INJECTIONS.map(
        (fault) => `${fault.padEnd(20)} ${READER_FAULT_INJECTION_DESCRIPTIONS[fault]}`,
      ).join('\n');
    case 'clear':
      emulator.setFault(null);
      return statusLine(emulator);
    case 'unplug':
      await emulator.unplug();
      return statusLine(emulator);
    case 'replug':
      await emulator.replug();
      return statusLine(emulator);
    case 'baud':
      emulator.setBaudRate(Number(argument));
      return statusLine(emulator);
    case 'status':
      return statusLine(emulator);
    case 'quit':
    case 'exit':
      return 'quit';
    case 'help':
      return HELP;
    default:
      return `unknown command "${command}"\n${HELP}`;
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: join(tmpdir(), 'kiosk-emulators') },
      baud: { type: 'string', default: '115200' },
    },
  });
  const baudRate = Number(values.baud);
  if (!SUPPORTED_BAUD_RATES.includes(baudRate)) {
    process.stderr.write(`--baud must be one of ${SUPPORTED_BAUD_RATES.join(', ')}\n`);
    return 2;
  }
  const emulator = await startIdCardEmulator({ dir: values.dir, baudRate });
  process.stdout.write(`ID card reader emulator at ${baudRate} baud\nhost path: ${emulator.hostPath}\n`);
  process.stdout.write('type "help" for commands\n');

  const input = createInterface({ input: process.stdin, terminal: false });
  const done = new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // Lines are handled one after another, so "unplug" then "replug" in a script happen in that order.
    let queue = Promise.resolve();
    input.on('line', (line) => {
      queue = queue.then(async () => {
        try {
          const reply = await execute(emulator, line);
          if (reply === 'quit') return stop();
          if (reply) process.stdout.write(`${reply}\n`);
        } catch (error) {
          process.stdout.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      });
    });
  });
  await done;
  input.close();
  await emulator.stop();
  return 0;
}

process.exitCode = await main();
