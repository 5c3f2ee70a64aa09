// The paper this part of the kiosk prints: the queue ticket (the printer engineer's template, with
// a 补打 mark on every copy after the first may have reached paper), the night appointment voucher,
// and the daily summary.
import { doc, type PrintBlock, type PrintDocument } from '../../../hardware/printer/document.ts';
import { formatDateTime } from '../../../hardware/printer/layout.ts';
import { renderTicket, type TicketData } from './ticket.ts';

export const reprintMark = '补打';

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
  if (!paper.data.reference) blocks = withoutPrereviewReference(blocks);
  if (!paper.reprint) return { ...rendered, blocks };
  const mark = doc.center(
    `【${reprintMark}】第 ${paper.reprint.attempt} 次打印 ${formatDateTime(paper.reprint.at, paper.timeZone)}`,
    { bold: true, size: { width: 1, height: 2 } },
  );
  return { title: `${rendered.title} (reprint ${paper.reprint.attempt})`, blocks: [mark, ...blocks] };
}

/** A number issued at the desk without a pre-review has no reference to scan: the reference line,
 *  its QR code and the sentence asking to show it are left out rather than printed empty. */
function withoutPrereviewReference(blocks: PrintBlock[]): PrintBlock[] {
  return blocks.filter(
    (block) =>
      !(block.kind === 'pair' && block.label === '预审编号') &&
      !(block.kind === 'qr' && block.data === '') &&
      !(block.kind === 'text' && block.text.startsWith('请到窗口出示此码')),
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
}

function chineseDay(day: string): string {
  const [year, month, date] = day.split('-');
  return `${year}年${month}月${date}日`;
}

export function voucherDocument(paper: VoucherPaper): PrintDocument {
  const blocks: PrintBlock[] = [];
  if (paper.reprint)
    blocks.push(
      doc.center(
        `【${reprintMark}】第 ${paper.reprint.attempt} 次打印 ${formatDateTime(paper.reprint.at, paper.timeZone)}`,
        { bold: true, size: { width: 1, height: 2 } },
      ),
    );
  blocks.push(
    doc.center(paper.hallName, { bold: true, size: { width: 1, height: 2 } }),
    doc.center('次日预约凭条', { bold: true, size: { width: 2, height: 2 } }),
    doc.rule('='),
    doc.center(paper.lineName, { bold: true, size: { width: 2, height: 2 } }),
  );
  if (paper.laneLabel)
    blocks.push(doc.center(`【${paper.laneLabel}】`, { bold: true, size: { width: 1, height: 2 } }));
  blocks.push(
    doc.feed(1),
    doc.center('请于', { size: { width: 1, height: 2 } }),
    doc.center(`${chineseDay(paper.appointmentDay)} ${paper.appointmentFrom} 后`, {
      bold: true,
      size: { width: 2, height: 2 },
    }),
    doc.center('凭本凭条到大厅取号机或服务台换取排队号', { size: { width: 1, height: 2 } }),
    doc.feed(1),
    doc.pair('预约编号', paper.reference, true),
    doc.qr(paper.reference),
    doc.rule('-'),
    doc.text('本凭条不是排队号。大厅开门后系统按预约顺序为您生成排队号，到厅后请出示本凭条。'),
    doc.pair('打印时间', formatDateTime(paper.issuedAt, paper.timeZone)),
  );
  if (paper.prereviewRef) blocks.push(doc.pair('预审编号', paper.prereviewRef));
  if (paper.hallPhone) blocks.push(doc.pair('咨询电话', paper.hallPhone));
  blocks.push(doc.pair('终端编号', paper.kioskId), doc.cut());
  return { title: `appointment voucher ${paper.reference}`, blocks };
}
