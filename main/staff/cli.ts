// Makes a PIN hash for resources/hall/staff.json or the central system's staff document:
//   npx tsx main/staff/cli.ts hash-pin 123456
import { hashPin, pinPattern } from './pin.ts';

async function main(argv: string[]): Promise<number> {
  const [command, pin] = argv;
  if (command !== 'hash-pin' || !pin || !pinPattern.test(pin)) {
    process.stderr.write('usage: staff-cli hash-pin <6–12 digit PIN>\n');
    return 2;
  }
  process.stdout.write(`${await hashPin(pin)}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
