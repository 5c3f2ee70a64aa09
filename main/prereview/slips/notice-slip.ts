import { doc, type PrintBlock, type PrintDocument } from '../../../hardware/printer/document.ts';
import {
  DEFAULT_LAYOUT,
  formatCalendarDateFor,
  type PaperLocale,
  type TemplateLayout,
} from '../../../hardware/printer/layout.ts';
import { ensureMasked } from '../../../domain/identity/mask.ts';

export interface NoticeProblem {
  /** What is missing or wrong, e.g. "户口簿本人页复印件缺失". */
  title: string;
  /** What to bring, in plain words. */
  whatToBring: string;
  /** Where to get it, e.g. "户籍所在地派出所". */
  whereToGet?: string;
  /** A form template or guide to download (printed as text and as a QR code). */
  templateUrl?: string;
}

export interface NoticeSlipData {
  itemName: string;
  reference: string;
  /** Calendar date "YYYY-MM-DD" of the pre-review. */
  date: string;
  hallName: string;
  hallPhone: string;
  problems: readonly NoticeProblem[];
  applicantName?: string;
  /** Already masked; an unmasked number is masked again here. */
  maskedIdNumber?: string;
  /** The language the citizen chose on screen; Chinese when absent. */
  locale?: PaperLocale;
}

// The citizen flow prints the labelled one-time notification of outcome-slips.ts; this simpler
// template (samples, benches) speaks both languages the same way, ASCII punctuation in English.
const WORDS = {
  'zh-CN': {
    title: '一次性告知单',
    item: (name: string) => `办理事项：${name}`,
    applicant: '申请人',
    id: '证件号码',
    reference: '预审编号',
    date: '预审日期',
    intro: (count: number) => `经预审，还需补正以下 ${count} 项材料或信息：`,
    bring: (text: string) => `需携带：${text}`,
    where: (text: string) => `办理地点：${text}`,
    template: (url: string) => `样表/指南：${url}`,
    closing: '请备齐以上全部材料后，凭本告知单重新取号办理。本单已一次性告知全部补正内容。',
    phone: '咨询电话',
  },
  en: {
    title: 'One-Time Notification',
    item: (name: string) => `Service: ${name}`,
    applicant: 'Applicant',
    id: 'ID number',
    reference: 'Pre-review no.',
    date: 'Pre-review date',
    intro: (count: number) =>
      `After pre-review, ${count === 1 ? '1 document or detail is' : `${count} documents or details are`} still needed:`,
    bring: (text: string) => `Bring: ${text}`,
    where: (text: string) => `Where to get it: ${text}`,
    template: (url: string) => `Sample form / guide: ${url}`,
    closing:
      'When you have everything listed above, take a new number with this notice. This notice tells you everything to complete, all at once.',
    phone: 'Hotline',
  },
} as const;

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

// The slip prints no time of day, so it needs no layout; the parameter keeps all templates alike.
export function renderNoticeSlip(
  data: NoticeSlipData,
  _layout: TemplateLayout = DEFAULT_LAYOUT,
): PrintDocument {
  const locale = data.locale ?? 'zh-CN';
  const words = WORDS[locale];
  const blocks: PrintBlock[] = [
    doc.center(words.title, { bold: true, size: { width: locale === 'en' ? 1 : 2, height: 2 } }),
    doc.center(data.hallName),
    doc.rule('='),
    doc.text(words.item(data.itemName), { bold: true }),
  ];
  if (data.applicantName) blocks.push(doc.pair(words.applicant, data.applicantName));
  if (data.maskedIdNumber) blocks.push(doc.pair(words.id, ensureMasked(data.maskedIdNumber)));
  blocks.push(
    doc.pair(words.reference, data.reference),
    doc.pair(words.date, formatCalendarDateFor(data.date, locale)),
    doc.rule('-'),
    doc.text(words.intro(data.problems.length), { bold: true }),
  );
  data.problems.forEach((problem, index) => {
    const marker = locale === 'en' ? `${index + 1}.` : (CIRCLED[index] ?? `${index + 1}.`);
    blocks.push(
      doc.feed(1),
      doc.text(`${marker} ${problem.title}`, { bold: true, size: { width: 1, height: 2 } }),
    );
    blocks.push(doc.text(words.bring(problem.whatToBring), { indent: 3 }));
    if (problem.whereToGet) blocks.push(doc.text(words.where(problem.whereToGet), { indent: 3 }));
    if (problem.templateUrl) {
      blocks.push(
        doc.text(words.template(problem.templateUrl), { indent: 3 }),
        doc.qr(problem.templateUrl, 4),
      );
    }
  });
  blocks.push(
    doc.rule('-'),
    doc.text(words.closing),
    doc.pair(words.phone, data.hallPhone),
    doc.qr(data.reference),
    doc.center(`${words.reference} ${data.reference}`),
    doc.cut(),
  );
  return {
    title: `notice slip ${data.reference}`,
    kind: 'notice',
    ...(locale === 'en' && { locale }),
    blocks,
  };
}
