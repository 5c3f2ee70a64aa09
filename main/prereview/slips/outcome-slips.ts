// The pre-review's paper, one document per outcome, following the 三书一单 practice: a case that
// cannot be accepted here gets a 不予受理告知书 (why, and where to go instead) — never "bring the
// materials and queue again"; a case that can be corrected gets a 一次性告知单 listing only what can be
// corrected, each line labelled for what it is; a case accepted on a promise gets a 告知承诺书 that
// states the kind, the licensed party, each promised material with its due date, the consequence of
// breaking the promise, where to hand the materials in, and a signature line.
import { doc, type PrintBlock, type PrintDocument } from '../../../hardware/printer/document.ts';
import { ensureMasked } from '../../../domain/identity/mask.ts';
import { formatCalendarDate, formatDateTime, DEFAULT_TIME_ZONE } from '../../../hardware/printer/layout.ts';

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const marker = (index: number) => CIRCLED[index] ?? `${index + 1}.`;

/** Who the paper is about: the applicant; and, for an agent case, who applied for them. */
export interface SlipParties {
  applicantName: string;
  /** Already masked (ID number) or a credit code (not personal data, printed whole). */
  applicantId: string;
  applicantIdLabel: '证件号码' | '统一社会信用代码';
  /** Name and masked number of the agent (代办人/监护人/法定代表人), when someone applied for the applicant. */
  agent?: { role: string; name: string; maskedIdNumber: string };
  /** The identity was typed, not read from a card: the window checks the document. */
  identityTyped?: boolean;
}

export interface SlipHeader {
  itemName: string;
  reference: string;
  /** Calendar date "YYYY-MM-DD" of the pre-review. */
  date: string;
  hallName: string;
  hallPhone: string;
}

function partyBlocks(parties: SlipParties): PrintBlock[] {
  const id =
    parties.applicantIdLabel === '证件号码' ? ensureMasked(parties.applicantId) : parties.applicantId;
  const blocks = [doc.pair('申请人', parties.applicantName), doc.pair(parties.applicantIdLabel, id)];
  if (parties.agent) {
    blocks.push(
      doc.pair(parties.agent.role, parties.agent.name),
      doc.pair(`${parties.agent.role}证件`, ensureMasked(parties.agent.maskedIdNumber)),
    );
  }
  if (parties.identityTyped) blocks.push(doc.text('（身份信息为手工填写，窗口办理时须出示证件核验）'));
  return blocks;
}

function headerBlocks(title: string, header: SlipHeader, parties: SlipParties): PrintBlock[] {
  return [
    doc.center(title, { bold: true, size: { width: 2, height: 2 } }),
    doc.center(header.hallName),
    doc.rule('='),
    doc.text(`办理事项：${header.itemName}`, { bold: true }),
    ...partyBlocks(parties),
    doc.pair('预审编号', header.reference),
    doc.pair('预审日期', formatCalendarDate(header.date)),
    doc.rule('-'),
  ];
}

function footerBlocks(header: SlipHeader): PrintBlock[] {
  return [
    doc.pair('咨询电话', header.hallPhone),
    doc.qr(header.reference),
    doc.center(`预审编号 ${header.reference}`),
    doc.cut(),
  ];
}

// ---------------------------------------------------------------- 不予受理告知书

export interface NotAcceptedReason {
  reason: string;
  whereInstead: string;
  basis: string;
}

export interface NotAcceptedSlipData extends SlipHeader, SlipParties {
  reasons: readonly NotAcceptedReason[];
}

/** 不予受理告知书: this hall cannot accept the case. It says why, where to go instead and on what
 *  basis — and nothing about bringing materials, which would not help. */
export function renderNotAcceptedSlip(data: NotAcceptedSlipData): PrintDocument {
  const blocks = headerBlocks('不予受理告知书', data, data);
  blocks.push(doc.text('经预审，您申请的事项本厅不能受理，理由如下：', { bold: true }));
  data.reasons.forEach((reason, index) => {
    blocks.push(
      doc.feed(1),
      doc.text(`${marker(index)} ${reason.reason}`, { bold: true }),
      doc.text(`可前往：${reason.whereInstead}`, { indent: 3 }),
      doc.text(`依据：${reason.basis}`, { indent: 3 }),
    );
  });
  blocks.push(
    doc.rule('-'),
    doc.text('本告知书仅为自助预审结果；如对结果有疑问，可到咨询台或拨打咨询电话咨询。'),
    ...footerBlocks(data),
  );
  return { title: `not-accepted slip ${data.reference}`, blocks };
}

// ---------------------------------------------------------------- 一次性告知单

export type CorrectionLine =
  | {
      kind: 'bring';
      name: string;
      whatToBring: string;
      whereToGet: string;
      basis: string;
      forAgent: boolean;
      templateUrl?: string;
    }
  | { kind: 'fix'; message: string; basis: string }
  | { kind: 'credit'; message: string; basis: string };

export interface CorrectionSlipData extends SlipHeader, SlipParties {
  lines: readonly CorrectionLine[];
}

/** 一次性告知单: everything that can be corrected, at once; each line labelled for what it is —
 *  a thing to bring (需携带), where to obtain it (获取方式), a thing to fix on the form (需更正), and its
 *  basis (依据). */
export function renderCorrectionSlip(data: CorrectionSlipData): PrintDocument {
  const blocks = headerBlocks('一次性告知单', data, data);
  const bring = data.lines.filter((line) => line.kind === 'bring').length;
  const fix = data.lines.filter((line) => line.kind === 'fix').length;
  const counts = [bring > 0 && `补齐 ${bring} 项材料`, fix > 0 && `更正 ${fix} 项填写内容`].filter(Boolean);
  blocks.push(doc.text(`经预审，还需${counts.join('、') || '补正以下事项'}：`, { bold: true }));
  data.lines.forEach((line, index) => {
    blocks.push(doc.feed(1));
    switch (line.kind) {
      case 'bring':
        blocks.push(
          doc.text(`${marker(index)} 需携带：${line.name}${line.forAgent ? '（代办人提供）' : ''}`, {
            bold: true,
          }),
          doc.text(`材料说明：${line.whatToBring}`, { indent: 3 }),
          doc.text(`获取方式：${line.whereToGet}`, { indent: 3 }),
          doc.text(`依据：${line.basis}`, { indent: 3 }),
        );
        if (line.templateUrl) {
          blocks.push(doc.text(`样表/指南：${line.templateUrl}`, { indent: 3 }), doc.qr(line.templateUrl, 4));
        }
        break;
      case 'fix':
        blocks.push(
          doc.text(`${marker(index)} 需更正：${line.message}`, { bold: true }),
          doc.text('更正方式：在本机或窗口的申请表上改正', { indent: 3 }),
          doc.text(`依据：${line.basis}`, { indent: 3 }),
        );
        break;
      case 'credit':
        blocks.push(
          doc.text(`${marker(index)} 说明：${line.message}`, { bold: true }),
          doc.text(`依据：${line.basis}`, { indent: 3 }),
        );
        break;
    }
  });
  blocks.push(
    doc.rule('-'),
    doc.text('本单已一次性告知全部需补正的内容。补正后可在本机重新预审，或凭本单到窗口办理。'),
    ...footerBlocks(data),
  );
  return { title: `correction notice ${data.reference}`, blocks };
}

// ---------------------------------------------------------------- 告知承诺书

export type CommitmentKindLabel = 'full-trust' | 'non-core' | 'core-later';

export const COMMITMENT_KIND_NAMES: Readonly<Record<CommitmentKindLabel, string>> = {
  'full-trust': '全信任（凭承诺发证，无需后补材料）',
  'non-core': '非核心要件信任（非核心材料承诺后补）',
  'core-later': '要件后补式信任（核心材料承诺后补）',
};

export interface PromisedLine {
  material: string;
  kind: CommitmentKindLabel;
  /** "2 个月内", "10 个工作日内"; null for a full-trust promise. */
  within: string | null;
  /** YYYY-MM-DD; null for a full-trust promise (nothing is owed later). */
  deadline: string | null;
}

export interface CommitmentLetterData extends SlipHeader, SlipParties {
  kinds: readonly CommitmentKindLabel[];
  /** The licensed party: a unit and its credit code for a business item. */
  licensee?: { name: string; uscc: string };
  promised: readonly PromisedLine[];
  breach: string;
  handIn: string;
  basis: string;
  signedAt: Date;
  timeZone?: string;
}

/** 告知承诺书: what is promised, by when, what happens if it is not kept, where to hand it in, and
 *  room for the applicant's signature at the window. */
export function renderCommitmentLetter(data: CommitmentLetterData): PrintDocument {
  const blocks = headerBlocks('告知承诺书', data, data);
  blocks.push(doc.pair('承诺类型', data.kinds.map((kind) => COMMITMENT_KIND_NAMES[kind]).join('；')));
  if (data.licensee) {
    blocks.push(doc.pair('被许可单位', data.licensee.name), doc.pair('统一社会信用代码', data.licensee.uscc));
  }
  blocks.push(doc.rule('-'));
  const owed = data.promised.filter((line) => line.deadline !== null);
  if (owed.length > 0) {
    blocks.push(doc.text(`申请人承诺在下列期限内补交以下 ${owed.length} 项材料：`, { bold: true }));
  }
  data.promised.forEach((line, index) => {
    blocks.push(doc.text(`${index + 1}. ${line.material}`, { bold: true }));
    if (line.deadline) {
      blocks.push(
        doc.text(`补交期限：${line.within ? `${line.within}，` : ''}${formatCalendarDate(line.deadline)}前`, {
          indent: 3,
        }),
      );
    } else {
      blocks.push(doc.text('全信任承诺：以承诺代替该材料，无需后补', { indent: 3 }));
    }
  });
  blocks.push(
    doc.rule('-'),
    doc.text(`补交地点：${data.handIn}`),
    doc.text(`未履行承诺的后果：${data.breach}`),
    doc.text(`依据：${data.basis}`),
    doc.rule('-'),
    doc.text('申请人已在自助终端阅读并确认上述承诺，并保证所填信息真实。'),
    doc.pair('确认时间', formatDateTime(data.signedAt, data.timeZone ?? DEFAULT_TIME_ZONE)),
    doc.feed(1),
    doc.text('申请人（签字/盖章）：____________________'),
    doc.feed(1),
    doc.text('日期：______年____月____日'),
    doc.feed(1),
    ...footerBlocks(data),
  );
  return { title: `commitment letter ${data.reference}`, blocks };
}

// ---------------------------------------------------------------- blank form

export interface BlankFormData {
  hallName: string;
  itemName: string;
  /** The material this form is (e.g. 公共场所卫生许可申请表). */
  formName: string;
  /** Field labels of the item's form, printed with a line to write on. */
  fields: ReadonlyArray<{ label: string; hint?: string; choices?: readonly string[]; unit?: string }>;
  printedAt: Date;
  timeZone?: string;
}

/** A blank form on the slip printer: each field of the item's form with room to write, so the
 *  catalog's 「可在本机打印」 is a promise the kiosk keeps. It carries no personal data. */
export function renderBlankForm(data: BlankFormData): PrintDocument {
  const blocks: PrintBlock[] = [
    doc.center(data.formName, { bold: true, size: { width: 1, height: 2 } }),
    doc.center(`（空白表 · ${data.itemName}）`),
    doc.center(data.hallName),
    doc.rule('='),
  ];
  for (const field of data.fields) {
    if (field.choices && field.choices.length > 0) {
      blocks.push(doc.text(`${field.label}：${field.choices.map((choice) => `□${choice}`).join('  ')}`));
    } else {
      // A measure is written with its unit after the line: 「建筑面积：________ 平方米」.
      blocks.push(
        doc.text(
          field.unit
            ? `${field.label}：________________ ${field.unit}`
            : `${field.label}：________________________`,
        ),
      );
    }
    if (field.hint) blocks.push(doc.text(`（${field.hint}）`, { indent: 3 }));
    blocks.push(doc.feed(1));
  }
  blocks.push(
    doc.rule('-'),
    doc.text('申请人（签字/盖章）：____________________'),
    doc.feed(1),
    doc.text('日期：______年____月____日'),
    doc.pair('打印时间', formatDateTime(data.printedAt, data.timeZone ?? DEFAULT_TIME_ZONE)),
    doc.cut(),
  );
  return { title: `blank form ${data.itemName}`.slice(0, 120), blocks };
}
