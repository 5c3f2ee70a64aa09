import { doc, type PrintBlock, type PrintDocument } from '../../../hardware/printer/document.ts';
import type { PeopleAheadBasis } from '../estimate.ts';
import {
  DEFAULT_LAYOUT,
  formatDateTime,
  formatMinutes,
  type PaperLocale,
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
  /** The language the citizen chose on screen; Chinese when absent (desk-issued numbers). */
  locale?: PaperLocale;
}

/** The number is printed five times the normal size (15 mm tall) so it can be read at arm's length. */
export const TICKET_NUMBER_SIZE = { width: 5, height: 5 } as const;
const TALL = { width: 1, height: 2 } as const;
const LARGE = { width: 2, height: 2 } as const;

export function peopleAheadText(
  peopleAhead: number,
  basis: PeopleAheadBasis | null = null,
  locale: PaperLocale = 'zh-CN',
): string {
  const estimated = basis !== null && basis !== 'hall';
  if (locale === 'en') {
    if (peopleAhead <= 0) return estimated ? 'Probably nobody ahead of you' : 'Nobody ahead of you';
    const people = peopleAhead === 1 ? '1 person' : `${peopleAhead} people`;
    return estimated ? `About ${people} ahead of you` : `${people} ahead of you`;
  }
  if (estimated) return peopleAhead <= 0 ? '前面约无人等候' : `前面约有 ${peopleAhead} 人等候`;
  return peopleAhead <= 0 ? '前面没有人等候' : `前面还有 ${peopleAhead} 人等候`;
}

/** Why an estimated figure is one, in a line short enough for 48 columns; null for a hall figure. */
export function peopleAheadBasisText(
  basis: PeopleAheadBasis | null,
  locale: PaperLocale = 'zh-CN',
): string | null {
  switch (basis) {
    case 'offline':
    case 'stale':
      return locale === 'en'
        ? '(estimated by this kiosk: hall system offline)'
        : '（未连接中心，为本机估算）';
    case 'lane':
      return locale === 'en' ? '(priority lane count estimated by this kiosk)' : '（优先通道人数为本机估算）';
    default:
      return null;
  }
}

export function estimatedWaitText(minutes: number, locale: PaperLocale = 'zh-CN'): string {
  if (locale === 'en')
    return minutes < 1
      ? 'You will be called soon (estimate)'
      : `Estimated wait: about ${formatMinutes(minutes, 'en')}`;
  return minutes < 1 ? '预计很快叫号（仅供参考）' : `预计等候约 ${formatMinutes(minutes)}（仅供参考）`;
}

/** The ticket's words, in the language the citizen chose. English paper uses ASCII punctuation only
 *  (a full-width colon or 「」 is two columns wide and reads as a gap in Latin text). */
export const TICKET_TEXT = {
  'zh-CN': {
    title: '排队取号凭条',
    issuedAt: '取号时间',
    reference: '预审编号',
    showCode: '请到窗口出示此码，工作人员扫码调取预审资料',
    listen: '请留意叫号屏幕和广播；过号后请到服务台咨询。',
    phone: '咨询电话',
    kiosk: '终端编号',
    lane: (label: string) => `【${label}】`,
  },
  en: {
    title: 'Queue ticket',
    issuedAt: 'Issued',
    reference: 'Pre-review no.',
    showCode: 'Show this code at the counter: staff scan it to open your pre-review.',
    listen:
      'Watch the calling screen and listen for your number. If your number has passed, please ask at the service desk.',
    phone: 'Hotline',
    kiosk: 'Kiosk',
    lane: (label: string) => `[${label}]`,
  },
} as const;

export function renderTicket(data: TicketData, layout: TemplateLayout = DEFAULT_LAYOUT): PrintDocument {
  const locale = data.locale ?? 'zh-CN';
  const text = TICKET_TEXT[locale];
  const blocks: PrintBlock[] = [
    doc.center(data.hallName, { bold: true, size: TALL }),
    doc.center(text.title),
    doc.rule('='),
    doc.center(data.lineName, { bold: true, size: LARGE }),
  ];
  if (data.priorityLabel) blocks.push(doc.center(text.lane(data.priorityLabel), { bold: true, size: TALL }));
  blocks.push(
    doc.feed(1),
    doc.center(data.number, { bold: true, size: TICKET_NUMBER_SIZE }),
    doc.feed(1),
    doc.center(peopleAheadText(data.peopleAhead, data.peopleAheadBasis ?? null, locale), {
      bold: true,
      // An English sentence is twice as long as the Chinese: normal width keeps it on one line.
      size: locale === 'en' ? TALL : LARGE,
    }),
  );
  const why = peopleAheadBasisText(data.peopleAheadBasis ?? null, locale);
  if (why) blocks.push(doc.center(why));
  blocks.push(
    doc.center(estimatedWaitText(data.estimatedWaitMinutes, locale), { size: TALL }),
    doc.rule('-'),
    doc.pair(text.issuedAt, formatDateTime(data.issuedAt, layout.timeZone)),
    doc.pair(text.reference, data.reference),
    doc.qr(data.reference),
    doc.center(text.showCode),
    doc.rule('-'),
    doc.text(text.listen),
  );
  if (data.hallPhone) blocks.push(doc.pair(text.phone, data.hallPhone));
  blocks.push(doc.pair(text.kiosk, data.kioskId), doc.cut());
  return { title: `queue ticket ${data.number}`, ...(locale === 'en' && { locale }), blocks };
}
