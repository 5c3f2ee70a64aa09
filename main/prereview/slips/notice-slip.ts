import { doc, type PrintBlock, type PrintDocument } from '../../../hardware/printer/document.ts';
import { DEFAULT_LAYOUT, formatCalendarDate, type TemplateLayout } from '../../../hardware/printer/layout.ts';
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
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

// The slip prints no time of day, so it needs no layout; the parameter keeps all templates alike.
export function renderNoticeSlip(
  data: NoticeSlipData,
  _layout: TemplateLayout = DEFAULT_LAYOUT,
): PrintDocument {
  const blocks: PrintBlock[] = [
    doc.center('一次性告知单', { bold: true, size: { width: 2, height: 2 } }),
    doc.center(data.hallName),
    doc.rule('='),
    doc.text(`办理事项：${data.itemName}`, { bold: true }),
  ];
  if (data.applicantName) blocks.push(doc.pair('申请人', data.applicantName));
  if (data.maskedIdNumber) blocks.push(doc.pair('证件号码', ensureMasked(data.maskedIdNumber)));
  blocks.push(
    doc.pair('预审编号', data.reference),
    doc.pair('预审日期', formatCalendarDate(data.date)),
    doc.rule('-'),
    doc.text(`经预审，还需补正以下 ${data.problems.length} 项材料或信息：`, { bold: true }),
  );
  data.problems.forEach((problem, index) => {
    const marker = CIRCLED[index] ?? `${index + 1}.`;
    blocks.push(
      doc.feed(1),
      doc.text(`${marker} ${problem.title}`, { bold: true, size: { width: 1, height: 2 } }),
    );
    blocks.push(doc.text(`需携带：${problem.whatToBring}`, { indent: 3 }));
    if (problem.whereToGet) blocks.push(doc.text(`办理地点：${problem.whereToGet}`, { indent: 3 }));
    if (problem.templateUrl) {
      blocks.push(
        doc.text(`样表/指南：${problem.templateUrl}`, { indent: 3 }),
        doc.qr(problem.templateUrl, 4),
      );
    }
  });
  blocks.push(
    doc.rule('-'),
    doc.text('请备齐以上全部材料后，凭本告知单重新取号办理。本单已一次性告知全部补正内容。'),
    doc.pair('咨询电话', data.hallPhone),
    doc.qr(data.reference),
    doc.center(`预审编号 ${data.reference}`),
    doc.cut(),
  );
  return { title: `notice slip ${data.reference}`, kind: 'notice', blocks };
}
