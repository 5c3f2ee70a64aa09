// English paper end to end below the screen (issue 15): the session keeps the language the citizen
// chose; a ticket or voucher keeps it in its row (migration 8), so every copy — the citizen's, the
// desk's 补打 — is in it; a flow slip keeps it in its archived document, so the desk's reprint is
// English too. Paper read back from the bytes (encoded, decoded by the emulator's ESC/POS parser).
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../common/log.ts';
import { PaperArchive } from '../../../main/queue/paper-archive.ts';
import { renderCorrectionSlip } from '../../../main/prereview/slips/outcome-slips.ts';
import { EventBus } from '../../../main/services/event-bus.ts';
import { SessionService } from '../../../main/services/session.ts';
import { print } from '../../support/receipt.ts';
import {
  RecordingPrinter,
  hall,
  personA,
  personB,
  queueOn,
  sh,
  tempStore,
  type TestStore,
} from '../queue/helpers.ts';

const stores: TestStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});
function store(): TestStore {
  const created = tempStore('english');
  stores.push(created);
  return created;
}
const paperOf = (printer: RecordingPrinter, index: number) =>
  print(printer.documents[index]!).lines.join('\n');

describe('English paper keeps its language', () => {
  it('the session keeps the chosen language until it ends, then the kiosk default', () => {
    const session = new SessionService(new EventBus(), silentLogger, { tickMs: 0, defaultLocale: 'zh-CN' });
    // Chosen at the attract screen, before a card: kept for the session that starts.
    session.touch({ locale: 'en' });
    session.beginWithoutCard();
    expect(session.locale()).toBe('en');
    session.touch({ elderly: true });
    expect(session.locale()).toBe('en');
    session.end('user');
    expect(session.locale()).toBe('zh-CN');
    session.stop();
  });

  it('an English ticket and its desk reprint are English; a Chinese one next to it stays Chinese', async () => {
    const s = store();
    const printer = new RecordingPrinter();
    const queue = queueOn(s, { now: () => sh('2025-06-10T09:00:00'), printer });
    const english = await queue.issueAndPrint({
      line: 'A',
      source: 'citizen',
      personKey: personA,
      prereviewRef: 'YS20250610ABCDEF',
      lane: 'elderly',
      locale: 'en',
    });
    await queue.issueAndPrint({ line: 'A', source: 'citizen', personKey: personB });
    const original = paperOf(printer, 0);
    expect(original).toContain('Queue ticket');
    expect(original).toContain('[Green channel: elderly]');
    expect(original).toMatch(/Nobody ahead of you|ahead of you/);
    expect(original).not.toMatch(/取号|等候|绿色通道/);
    expect(paperOf(printer, 1)).toContain('排队取号凭条');

    if (english.result.outcome !== 'issued') throw new Error('not issued');
    await queue.reprint(english.result.ticket.id, { reason: 'staff', staffId: 'S1' });
    const copy = paperOf(printer, 2);
    expect(copy.split('\n')[0]).toMatch(/^\[REPRINT\] copy no\. 2, printed 2025-06-10 09:00$/);
    expect(copy).toContain('Queue ticket');
    expect(copy).not.toContain('补打');
  });

  it('after hours: an English next-day voucher, the day in words', async () => {
    const s = store();
    const printer = new RecordingPrinter();
    const queue = queueOn(s, { now: () => sh('2025-06-13T22:00:00'), printer });
    const { result } = await queue.issueAndPrint({ line: 'A', source: 'citizen', locale: 'en' });
    expect(result.outcome).toBe('voucher');
    const paper = paperOf(printer, 0);
    expect(paper).toContain('Appointment voucher');
    expect(paper).toContain('Sat 14 Jun 2025, from 09:00');
    expect(paper).toContain('Appointment no.');
    expect(paper.replace(/\s+/g, ' ')).toContain('This voucher is not a queue number.');
    expect(paper).not.toMatch(/凭条|预约编号/);
  });

  it('a flow slip kept for the desk is reprinted in English, its mark too', async () => {
    const s = store();
    const printer = new RecordingPrinter();
    const archive = new PaperArchive({
      db: s.db,
      personalKey: crypto.randomBytes(32),
      hall,
      print: (document) => printer.print(document),
      now: () => sh('2025-06-10T10:00:00'),
    });
    const notice = renderCorrectionSlip({
      itemName: 'Residence permit',
      reference: 'YS20250610GHJKLM',
      date: '2025-06-10',
      hallName: '测试大厅',
      hallPhone: '12345',
      locale: 'en',
      applicantName: 'SMITH JOHN',
      applicantId: '410***********0021',
      applicantIdLabel: '证件号码',
      lines: [
        {
          kind: 'bring',
          name: 'Proof of residence',
          whatToBring: 'a lease registered with the police',
          whereToGet: 'the local police station',
          basis: 'Residence Permit Regulations art. 9',
          basisOriginal: '《居住证暂行条例》第九条',
          forAgent: false,
        },
      ],
    });
    expect((await archive.print(notice)).ok).toBe(true);
    const [kept] = archive.list();
    await archive.reprint(kept!.id);
    const copy = paperOf(printer, 1);
    expect(copy.split('\n')[0]).toBe('[REPRINT] copy no. 2, printed 2025-06-10 10:00');
    expect(copy).toContain('One-Time Notification');
    expect(copy).toContain('410***********0021');
    expect(copy).not.toContain('补打');
  });
});
