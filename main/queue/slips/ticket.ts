import { doc, type PrintBlock, type PrintDocument } from '../../../hardware/printer/document.ts';
import type { PeopleAheadBasis } from '../estimate.ts';
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
  /** Where peopleAhead came from (main/queue/estimate.ts): 'hall' = the hall-wide figure from the
   *  central system; 'offline' | 'stale' | 'lane' = this kiosk's own count, printed with 「约」 and
   *  a line saying why; null or absent = no central system configured (printed as it always was). */
  peopleAheadBasis?: PeopleAheadBasis | null;
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

export function peopleAheadText(peopleAhead: number, basis: PeopleAheadBasis | null = null): string {
  if (basis !== null && basis !== 'hall')
    return peopleAhead <= 0 ? '前面约无人等候' : `前面约有 ${peopleAhead} 人等候`;
  return peopleAhead <= 0 ? '前面没有人等候' : `前面还有 ${peopleAhead} 人等候`;
}

/** Why an estimated figure is one, in a line short enough for 48 columns; null for a hall figure. */
export function peopleAheadBasisText(basis: PeopleAheadBasis | null): string | null {
  switch (basis) {
    case 'offline':
    case 'stale':
      return '（未连接中心，为本机估算）';
    case 'lane':
      return '（优先通道人数为本机估算）';
    default:
      return null;
  }
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
    doc.center(peopleAheadText(data.peopleAhead, data.peopleAheadBasis ?? null), { bold: true, size: LARGE }),
  );
  const why = peopleAheadBasisText(data.peopleAheadBasis ?? null);
  if (why) blocks.push(doc.center(why));
  blocks.push(
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
