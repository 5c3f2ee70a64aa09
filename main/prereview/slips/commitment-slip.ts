import { doc, type PrintBlock, type PrintDocument } from '../../../hardware/printer/document.ts';
import {
  DEFAULT_LAYOUT,
  formatCalendarDate,
  formatDateTime,
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
}

export function renderCommitmentSlip(
  data: CommitmentSlipData,
  layout: TemplateLayout = DEFAULT_LAYOUT,
): PrintDocument {
  const blocks: PrintBlock[] = [doc.center('容缺受理承诺书', { bold: true, size: { width: 2, height: 2 } })];
  if (data.hallName) blocks.push(doc.center(data.hallName));
  blocks.push(
    doc.rule('='),
    doc.text(`办理事项：${data.itemName}`, { bold: true }),
    doc.pair('申请人', data.applicantName),
    doc.pair('证件号码', ensureMasked(data.maskedIdNumber)),
    doc.pair('预审编号', data.reference),
    doc.rule('-'),
    doc.text(`本人承诺在下列期限内补交以下 ${data.promised.length} 项材料：`, { bold: true }),
  );
  data.promised.forEach((item, index) => {
    blocks.push(
      doc.text(`${index + 1}. ${item.material}`, { bold: true, indent: 0 }),
      doc.text(`补交期限：${formatCalendarDate(item.deadline)}前`, { indent: 3 }),
    );
  });
  blocks.push(
    doc.rule('-'),
    doc.text('本人已知悉：未按期补交的，将按相关规定处理。本承诺已在自助终端上签署确认。'),
    doc.pair('签署时间', formatDateTime(data.signedAt, layout.timeZone)),
  );
  if (data.hallPhone) blocks.push(doc.pair('咨询电话', data.hallPhone));
  blocks.push(doc.qr(data.reference), doc.center(`预审编号 ${data.reference}`), doc.cut());
  return { title: `commitment slip ${data.reference}`, kind: 'commitment', blocks };
}
