import { doc, type PrintBlock, type PrintDocument } from '../../../hardware/printer/document.ts';
import {
  DEFAULT_LAYOUT,
  formatDateTime,
  formatMinutes,
  type TemplateLayout,
} from '../../../hardware/printer/layout.ts';

export interface TicketData {
  /** The queue number as called, e.g. "A012". */
  number: string;
  /** Business line, e.g. "社会保障业务". */
  lineName: string;
  /** Priority lane, e.g. "绿色通道"; absent for the ordinary queue. */
  priorityLabel?: string;
  peopleAhead: number;
  /** An estimate from recent service rates; printed as such. */
  estimatedWaitMinutes: number;
  issuedAt: Date;
  hallName: string;
  hallPhone?: string;
  /** Pre-review reference the window clerk scans to import the case (goes into the QR code). */
  reference: string;
  kioskId: string;
}

/** The number is printed five times the normal size (15 mm tall) so it can be read at arm's length. */
export const TICKET_NUMBER_SIZE = { width: 5, height: 5 } as const;
const TALL = { width: 1, height: 2 } as const;
const LARGE = { width: 2, height: 2 } as const;

export function peopleAheadText(peopleAhead: number): string {
  return peopleAhead <= 0 ? '前面没有人等候' : `前面还有 ${peopleAhead} 人等候`;
}

export function estimatedWaitText(minutes: number): string {
  return minutes < 1 ? '预计很快叫号（仅供参考）' : `预计等候约 ${formatMinutes(minutes)}（仅供参考）`;
}

export function renderTicket(data: TicketData, layout: TemplateLayout = DEFAULT_LAYOUT): PrintDocument {
  const blocks: PrintBlock[] = [
    doc.center(data.hallName, { bold: true, size: TALL }),
    doc.center('排队取号凭条'),
    doc.rule('='),
    doc.center(data.lineName, { bold: true, size: LARGE }),
  ];
  if (data.priorityLabel) blocks.push(doc.center(`【${data.priorityLabel}】`, { bold: true, size: TALL }));
  blocks.push(
    doc.feed(1),
    doc.center(data.number, { bold: true, size: TICKET_NUMBER_SIZE }),
    doc.feed(1),
    doc.center(peopleAheadText(data.peopleAhead), { bold: true, size: LARGE }),
    doc.center(estimatedWaitText(data.estimatedWaitMinutes), { size: TALL }),
    doc.rule('-'),
    doc.pair('取号时间', formatDateTime(data.issuedAt, layout.timeZone)),
    doc.pair('预审编号', data.reference),
    doc.qr(data.reference),
    doc.center('请到窗口出示此码，工作人员扫码调取预审资料'),
    doc.rule('-'),
    doc.text('请留意叫号屏幕和广播；过号后请到服务台咨询。'),
  );
  if (data.hallPhone) blocks.push(doc.pair('咨询电话', data.hallPhone));
  blocks.push(doc.pair('终端编号', data.kioskId), doc.cut());
  return { title: `queue ticket ${data.number}`, blocks };
}
