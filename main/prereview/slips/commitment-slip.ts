import { doc, type PrintBlock, type PrintDocument } from '../../../hardware/printer/document.ts';
import {
  DEFAULT_LAYOUT,
  formatCalendarDateFor,
  formatDateTime,
  type PaperLocale,
  type TemplateLayout,
} from '../../../hardware/printer/layout.ts';
import { ensureMasked } from '../../../domain/identity/mask.ts';

export interface PromisedMaterial {
  material: string;
  /** Calendar date "YYYY-MM-DD" by which it must be supplied. */
  deadline: string;
}

export interface CommitmentSlipData {
  itemName: string;
  reference: string;
  promised: readonly PromisedMaterial[];
  signedAt: Date;
  applicantName: string;
  /** Already masked; an unmasked number is masked again here. */
  maskedIdNumber: string;
  hallName?: string;
  hallPhone?: string;
  /** The language the citizen chose on screen; Chinese when absent. */
  locale?: PaperLocale;
}

// The citizen flow prints the full 告知承诺书 of outcome-slips.ts; this simpler template (samples,
// benches) speaks both languages the same way, ASCII punctuation in English.
const WORDS = {
  'zh-CN': {
    title: '容缺受理承诺书',
    item: (name: string) => `办理事项：${name}`,
    applicant: '申请人',
    id: '证件号码',
    reference: '预审编号',
    intro: (count: number) => `本人承诺在下列期限内补交以下 ${count} 项材料：`,
    deadline: (date: string) => `补交期限：${date}前`,
    closing: '本人已知悉：未按期补交的，将按相关规定处理。本承诺已在自助终端上签署确认。',
    signedAt: '签署时间',
    phone: '咨询电话',
  },
  en: {
    title: 'Commitment to Supply Missing Documents',
    item: (name: string) => `Service: ${name}`,
    applicant: 'Applicant',
    id: 'ID number',
    reference: 'Pre-review no.',
    intro: (count: number) =>
      `I promise to hand in the following ${count === 1 ? 'document' : `${count} documents`} by the dates below:`,
    deadline: (date: string) => `Due by: ${date}`,
    closing:
      'I understand that documents not handed in on time are dealt with under the applicable rules. This commitment was signed at the self-service kiosk.',
    signedAt: 'Signed',
    phone: 'Hotline',
  },
} as const;

export function renderCommitmentSlip(
  data: CommitmentSlipData,
  layout: TemplateLayout = DEFAULT_LAYOUT,
): PrintDocument {
  const locale = data.locale ?? 'zh-CN';
  const words = WORDS[locale];
  const blocks: PrintBlock[] = [
    doc.center(words.title, { bold: true, size: { width: locale === 'en' ? 1 : 2, height: 2 } }),
  ];
  if (locale === 'en') blocks.push(doc.center(`(${WORDS['zh-CN'].title})`));
  if (data.hallName) blocks.push(doc.center(data.hallName));
  blocks.push(
    doc.rule('='),
    doc.text(words.item(data.itemName), { bold: true }),
    doc.pair(words.applicant, data.applicantName),
    doc.pair(words.id, ensureMasked(data.maskedIdNumber)),
    doc.pair(words.reference, data.reference),
    doc.rule('-'),
    doc.text(words.intro(data.promised.length), { bold: true }),
  );
  data.promised.forEach((item, index) => {
    blocks.push(
      doc.text(`${index + 1}. ${item.material}`, { bold: true, indent: 0 }),
      doc.text(words.deadline(formatCalendarDateFor(item.deadline, locale)), { indent: 3 }),
    );
  });
  blocks.push(
    doc.rule('-'),
    doc.text(words.closing),
    doc.pair(words.signedAt, formatDateTime(data.signedAt, layout.timeZone)),
  );
  if (data.hallPhone) blocks.push(doc.pair(words.phone, data.hallPhone));
  blocks.push(doc.qr(data.reference), doc.center(`${words.reference} ${data.reference}`), doc.cut());
  return {
    title: `commitment slip ${data.reference}`,
    kind: 'commitment',
    ...(locale === 'en' && { locale }),
    blocks,
  };
}
