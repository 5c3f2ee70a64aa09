// The paper this part of the kiosk prints: the queue ticket (the printer engineer's template, with
// a 补打 mark on every copy after the first may have reached paper), the night appointment voucher,
// and the daily summary.
import { doc, type PrintBlock, type PrintDocument } from '../../../hardware/printer/document.ts';
import { formatCalendarDateFor, formatDateTime, type PaperLocale } from '../../../hardware/printer/layout.ts';
import { renderTicket, TICKET_TEXT, type TicketData } from './ticket.ts';

export const reprintMark = '补打';

/** The line that marks a copy, in the language of the original: a copy of an English slip is read
 *  by the same foreign resident. Shared with the paper archive's reprints (main/queue/paper-archive.ts). */
export function reprintMarkText(
  attempt: number,
  at: Date,
  timeZone: string,
  locale: PaperLocale = 'zh-CN',
): string {
  const when = formatDateTime(at, timeZone);
  return locale === 'en'
    ? `[REPRINT] copy no. ${attempt}, printed ${when}`
    : `【${reprintMark}】第 ${attempt} 次打印 ${when}`;
}

export interface TicketPaper {
  data: TicketData;
  /** Present on every copy printed after the original may have reached paper. */
  reprint?: { attempt: number; at: Date };
  timeZone: string;
}

/** The reprint mark goes first, above the number: a copy cut short still shows it is a copy. */
export function ticketDocument(paper: TicketPaper): PrintDocument {
  const rendered = renderTicket(paper.data, { columns: 48, timeZone: paper.timeZone });
  let blocks: PrintBlock[] = rendered.blocks;
  const locale = paper.data.locale ?? 'zh-CN';
  if (!paper.data.reference) blocks = withoutPrereviewReference(blocks, locale);
  if (!paper.reprint) return { ...rendered, blocks };
  const mark = doc.center(reprintMarkText(paper.reprint.attempt, paper.reprint.at, paper.timeZone, locale), {
    bold: true,
    size: { width: 1, height: 2 },
  });
  return { title: `${rendered.title} (reprint ${paper.reprint.attempt})`, blocks: [mark, ...blocks] };
}

/** A number issued at the desk without a pre-review has no reference to scan: the reference line,
 *  its QR code and the sentence asking to show it are left out rather than printed empty. */
function withoutPrereviewReference(blocks: PrintBlock[], locale: PaperLocale): PrintBlock[] {
  const text = TICKET_TEXT[locale];
  return blocks.filter(
    (block) =>
      !(block.kind === 'pair' && block.label === text.reference) &&
      !(block.kind === 'qr' && block.data === '') &&
      !(block.kind === 'text' && block.text === text.showCode),
  );
}

export interface VoucherPaper {
  reference: string;
  lineName: string;
  laneLabel?: string;
  appointmentDay: string;
  appointmentFrom: string;
  issuedAt: Date;
  hallName: string;
  hallPhone?: string;
  prereviewRef?: string;
  kioskId: string;
  timeZone: string;
  reprint?: { attempt: number; at: Date };
  /** The language the citizen chose on screen; Chinese when absent. */
  locale?: PaperLocale;
}

const VOUCHER_TEXT = {
  'zh-CN': {
    title: '次日预约凭条',
    lane: (label: string) => `【${label}】`,
    before: '请于',
    when: (day: string, from: string) => `${formatCalendarDateFor(day, 'zh-CN')} ${from} 后`,
    exchange: '凭本凭条到大厅取号机或服务台换取排队号',
    reference: '预约编号',
    notATicket: '本凭条不是排队号。大厅开门后系统按预约顺序为您生成排队号，到厅后请出示本凭条。',
    printedAt: '打印时间',
    prereview: '预审编号',
    phone: '咨询电话',
    kiosk: '终端编号',
  },
  en: {
    title: 'Appointment voucher',
    lane: (label: string) => `[${label}]`,
    before: 'Come back on',
    when: (day: string, from: string) => `${formatCalendarDateFor(day, 'en')}, from ${from}`,
    exchange: 'and exchange this voucher for a queue number at a ticket kiosk or the service desk.',
    reference: 'Appointment no.',
    notATicket:
      'This voucher is not a queue number. When the hall opens, numbers are given in the order of appointments; show this voucher when you arrive.',
    printedAt: 'Printed',
    prereview: 'Pre-review no.',
    phone: 'Hotline',
    kiosk: 'Kiosk',
  },
} as const;

export function voucherDocument(paper: VoucherPaper): PrintDocument {
  const locale = paper.locale ?? 'zh-CN';
  const text = VOUCHER_TEXT[locale];
  const blocks: PrintBlock[] = [];
  if (paper.reprint)
    blocks.push(
      doc.center(reprintMarkText(paper.reprint.attempt, paper.reprint.at, paper.timeZone, locale), {
        bold: true,
        size: { width: 1, height: 2 },
      }),
    );
  // The English title is too long for double width on 48 columns: double height only.
  const big = locale === 'en' ? { width: 1, height: 2 } : { width: 2, height: 2 };
  blocks.push(
    doc.center(paper.hallName, { bold: true, size: { width: 1, height: 2 } }),
    doc.center(text.title, { bold: true, size: big }),
    doc.rule('='),
    doc.center(paper.lineName, { bold: true, size: big }),
  );
  if (paper.laneLabel)
    blocks.push(doc.center(text.lane(paper.laneLabel), { bold: true, size: { width: 1, height: 2 } }));
  blocks.push(
    doc.feed(1),
    doc.center(text.before, { size: { width: 1, height: 2 } }),
    doc.center(text.when(paper.appointmentDay, paper.appointmentFrom), { bold: true, size: big }),
    doc.center(text.exchange, { size: { width: 1, height: 2 } }),
    doc.feed(1),
    doc.pair(text.reference, paper.reference, true),
    doc.qr(paper.reference),
    doc.rule('-'),
    doc.text(text.notATicket),
    doc.pair(text.printedAt, formatDateTime(paper.issuedAt, paper.timeZone)),
  );
  if (paper.prereviewRef) blocks.push(doc.pair(text.prereview, paper.prereviewRef));
  if (paper.hallPhone) blocks.push(doc.pair(text.phone, paper.hallPhone));
  blocks.push(doc.pair(text.kiosk, paper.kioskId), doc.cut());
  return {
    title: `appointment voucher ${paper.reference}`,
    ...(locale === 'en' && { locale }),
    blocks,
  };
}
