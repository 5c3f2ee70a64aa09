// The kiosk's issuing and printing path in a process of its own, so the crash test can SIGKILL it
// at any instant: the real store (WAL, synchronous=FULL), the real outbox, QueueService, and the
// real PrinterDevice driving the printer emulator, which lives in the parent so its paper survives.
//   node crash-child.mjs <data dir> <printer tty> <hall.json> <run|final>
import path from 'node:path';
import { PrinterDevice } from '../../../main/devices/printer-device.ts';
import { silentLogger } from '../../../common/log.ts';
import { loadHallConfig } from '../../../main/queue/hall-config.ts';
import { QueueService } from '../../../main/queue/queue-service.ts';
import { openStore } from '../../../main/store/database.ts';
import { loadOrCreateKey } from '../../../main/sync/crypto.ts';
import { enqueueEvent, openOutbox } from '../../../main/sync/outbox.ts';

const [dataDir, printerPath, hallFile, mode] = process.argv.slice(2) as [string, string, string, string];
const say = (line: string) => process.stdout.write(`${line}\n`);

say('booted');
const db = openStore(path.join(dataDir, 'kiosk.db'));
openOutbox(db, { personalKey: loadOrCreateKey(dataDir) });
const hall = loadHallConfig(hallFile);
const printer = new PrinterDevice({
  locator: { path: printerPath },
  baudRate: 115200,
  emulated: true,
  logger: silentLogger,
});
printer.start();
// The port being open is enough: the driver checks the printer's status before every job.
while (printer.printer.status().port !== 'open') await new Promise((resolve) => setTimeout(resolve, 5));
const queue = new QueueService({
  db,
  hall,
  kioskId: 'crash-kiosk',
  kioskIndex: 7,
  printer,
  events: (event) => enqueueEvent(db, event),
  resumeWithinMinutes: 24 * 60,
});
say('printer-ready');
// What recovery is about to reprint: the service marks each 'failed' before it prints it again, so a
// kill during that reprint leaves it marked for the desk — which the parent must tell apart from a
// ticket the printer refused without saying so.
const unfinished = db
  .prepare<[], { number: string }>(
    "SELECT number FROM queue_tickets WHERE print_state IN ('pending', 'printing')",
  )
  .all();
if (unfinished.length > 0) say(`recovering ${unfinished.map((row) => row.number).join(' ')}`);
const resumed = await queue.resumeUnfinished();
say(`resumed ${JSON.stringify(resumed)}`);
if (mode === 'final') {
  await printer.stop();
  db.close();
  process.exit(0);
}
const lines = hall.lines.map((line) => line.prefix);
for (let i = 0; ; i++) {
  const line = lines[Math.floor(Math.random() * lines.length)]!;
  const result = queue.issue({ line, source: 'citizen', prereviewRef: `PR-${process.pid}-${i}` });
  if (result.outcome !== 'issued') throw new Error(`unexpected ${result.outcome}`);
  say(`issued ${result.ticket.number}`);
  const printed = await queue.printTicket(result.ticket.id);
  say(`printed ${result.ticket.number} ${printed.printed ? 'ok' : `failed ${printed.failureKey}`}`);
}
