// The daily summary is a staff document (counted and filed by the hall): always Chinese, whatever
// language citizens chose for their own slips that day.
import { doc, type PrintBlock, type PrintDocument } from '../../../hardware/printer/document.ts';
import {
  DEFAULT_LAYOUT,
  formatCalendarDate,
  formatDateTime,
  tableRow,
  type TemplateLayout,
} from '../../../hardware/printer/layout.ts';

export interface LineCounts {
  /** Number prefix, e.g. "A". */
  prefix: string;
  lineName: string;
  issued: number;
  served: number;
  waiting: number;
  /** Voided tickets and voided vouchers. */
  voided: number;
  /** Next-day vouchers handed out on this day (at night), voided ones included. */
  vouchers?: number;
  /** Of those, voided. */
  vouchersVoided?: number;
}

export interface DailySummaryData {
  /** Calendar date "YYYY-MM-DD". */
  date: string;
  hall: string;
  kioskId: string;
  printedAt: Date;
  lines: readonly LineCounts[];
  noticeSlips: number;
  commitmentSlips: number;
  /** Tickets issued while the central system was unreachable. */
  issuedOffline?: number;
  /** Staff login id (not a name) of whoever asked for the summary. */
  staffId?: string;
}

export function renderDailySummary(
  data: DailySummaryData,
  layout: TemplateLayout = DEFAULT_LAYOUT,
): PrintDocument {
  const numberWidth = 6;
  const nameWidth = layout.columns - numberWidth * 5;
  const widths = [nameWidth, numberWidth, numberWidth, numberWidth, numberWidth, numberWidth];
  const aligns = ['left', 'right', 'right', 'right', 'right', 'right'] as const;
  type Counts = { issued: number; served: number; waiting: number; voided: number; vouchers: number };
  const total = data.lines.reduce<Counts & { vouchersVoided: number }>(
    (sum, line) => ({
      issued: sum.issued + line.issued,
      served: sum.served + line.served,
      waiting: sum.waiting + line.waiting,
      voided: sum.voided + line.voided,
      vouchers: sum.vouchers + (line.vouchers ?? 0),
      vouchersVoided: sum.vouchersVoided + (line.vouchersVoided ?? 0),
    }),
    { issued: 0, served: 0, waiting: 0, voided: 0, vouchers: 0, vouchersVoided: 0 },
  );
  const counts = (c: Omit<Counts, 'vouchers'> & { vouchers?: number }): string[] => [
    String(c.issued),
    String(c.served),
    String(c.waiting),
    String(c.voided),
    String(c.vouchers ?? 0),
  ];
  const blocks: PrintBlock[] = [
    doc.center('当日业务汇总', { bold: true, size: { width: 2, height: 2 } }),
    doc.center(data.hall),
    doc.rule('='),
    doc.pair('日期', formatCalendarDate(data.date)),
    doc.pair('终端编号', data.kioskId),
  ];
  if (data.staffId) blocks.push(doc.pair('工号', data.staffId));
  blocks.push(
    doc.rule('-'),
    doc.text(tableRow(['业务线', '取号', '已办', '等候', '作废', '凭条'], widths, aligns), { bold: true }),
    ...data.lines.map((line) =>
      doc.text(tableRow([`${line.prefix} ${line.lineName}`, ...counts(line)], widths, aligns)),
    ),
    doc.rule('-'),
    doc.text(tableRow(['合计', ...counts(total)], widths, aligns), { bold: true }),
    doc.rule('-'),
    doc.pair('次日预约凭条', `${total.vouchers} 张（其中作废 ${total.vouchersVoided} 张）`),
    doc.pair('一次性告知单', `${data.noticeSlips} 张`),
    doc.pair('容缺受理承诺书', `${data.commitmentSlips} 张`),
  );
  if (data.issuedOffline !== undefined) blocks.push(doc.pair('离线期间取号', `${data.issuedOffline} 张`));
  blocks.push(doc.pair('打印时间', formatDateTime(data.printedAt, layout.timeZone)), doc.cut());
  return { title: `daily summary ${data.date}`, blocks };
}
