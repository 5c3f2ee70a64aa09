// The pre-review's paper, one document per outcome, following the 三书一单 practice: a case that
// cannot be accepted here gets a 不予受理告知书 (why, and where to go instead) — never "bring the
// materials and queue again"; a case that can be corrected gets a 一次性告知单 listing only what can be
// corrected, each line labelled for what it is; a case accepted on a promise gets a 告知承诺书 that
// states the kind, the licensed party, each promised material with its due date, the consequence of
// breaking the promise, where to hand the materials in, and a signature line.
import { doc, type PrintBlock, type PrintDocument } from '../../../hardware/printer/document.ts';
import { ensureMasked } from '../../../domain/identity/mask.ts';
import {
  formatCalendarDateFor,
  formatDateTime,
  DEFAULT_TIME_ZONE,
  type PaperLocale,
} from '../../../hardware/printer/layout.ts';
import { citizenBasis } from './basis-text.ts';

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
// English paper numbers its lines "1." (a circled digit is a two-column Chinese glyph).
const marker = (index: number, locale: PaperLocale = 'zh-CN') =>
  locale === 'en' ? `${index + 1}.` : (CIRCLED[index] ?? `${index + 1}.`);

// The words of the three papers in both languages. English paper uses ASCII punctuation only: a
// full-width colon or 「」 is two columns wide and reads as a gap in Latin text. The English papers
// are the same legal documents: every basis is printed in English AND in its Chinese original (the
// law's Chinese name and article), which is what the hall stands behind and a clerk can look up.
const WORDS = {
  'zh-CN': {
    applicant: '申请人',
    idLabel: { 证件号码: '证件号码', 统一社会信用代码: '统一社会信用代码' },
    agentId: (role: string) => `${role}证件`,
    identityTyped: '（身份信息为手工填写，窗口办理时须出示证件核验）',
    item: (name: string) => `办理事项：${name}`,
    reference: '预审编号',
    date: '预审日期',
    phone: '咨询电话',
    basis: (basis: string) => `依据：${basis}`,
    notAccepted: {
      title: '不予受理告知书',
      intro: '经预审，您申请的事项本厅不能受理，理由如下：',
      whereInstead: (where: string) => `可前往：${where}`,
      closing: '本告知书仅为自助预审结果；如对结果有疑问，可到咨询台或拨打咨询电话咨询。',
    },
    correction: {
      title: '一次性告知单',
      intro: (bring: number, fix: number) => {
        const counts = [bring > 0 && `补齐 ${bring} 项材料`, fix > 0 && `更正 ${fix} 项填写内容`].filter(
          Boolean,
        );
        return `经预审，还需${counts.join('、') || '补正以下事项'}：`;
      },
      bring: (name: string, forAgent: boolean) => `需携带：${name}${forAgent ? '（代办人提供）' : ''}`,
      whatToBring: (text: string) => `材料说明：${text}`,
      whereToGet: (text: string) => `获取方式：${text}`,
      template: (url: string) => `样表/指南：${url}`,
      fix: (message: string) => `需更正：${message}`,
      howToFix: '更正方式：在本机或窗口的申请表上改正',
      credit: (message: string) => `说明：${message}`,
      closing: '本单已一次性告知全部需补正的内容。补正后可在本机重新预审，或凭本单到窗口办理。',
    },
    commitment: {
      title: '告知承诺书',
      kinds: '承诺类型',
      kindSeparator: '；',
      licensee: '被许可单位',
      uscc: '统一社会信用代码',
      owed: (count: number) => `申请人承诺在下列期限内补交以下 ${count} 项材料：`,
      deadline: (within: string | null, date: string) => `补交期限：${within ? `${within}，` : ''}${date}前`,
      fullTrust: '全信任承诺：以承诺代替该材料，无需后补',
      handIn: (text: string) => `补交地点：${text}`,
      breach: (text: string) => `未履行承诺的后果：${text}`,
      confirmed: '申请人已在自助终端阅读并确认上述承诺，并保证所填信息真实。',
      confirmedAt: '确认时间',
      signature: '申请人（签字/盖章）：____________________',
      signDate: '日期：______年____月____日',
    },
  },
  en: {
    applicant: 'Applicant',
    idLabel: { 证件号码: 'ID number', 统一社会信用代码: 'Unified social credit code' },
    agentId: (role: string) => `${role}'s ID`,
    identityTyped: '(Identity typed in by hand, not read from a card: show your ID document at the counter.)',
    item: (name: string) => `Service: ${name}`,
    reference: 'Pre-review no.',
    date: 'Pre-review date',
    phone: 'Hotline',
    basis: (basis: string) => `Legal basis: ${basis}`,
    notAccepted: {
      title: 'Notice of Non-Acceptance',
      intro: 'After pre-review, this hall cannot accept your application, for the following reasons:',
      whereInstead: (where: string) => `Where to apply instead: ${where}`,
      closing:
        'This notice is the result of a self-service pre-review. If you have questions about it, ask at the information desk or call the hotline.',
    },
    correction: {
      title: 'One-Time Notification',
      intro: (bring: number, fix: number) => {
        const counts = [
          bring > 0 && `bring ${bring} ${bring === 1 ? 'document' : 'documents'}`,
          fix > 0 && `correct ${fix} ${fix === 1 ? 'entry' : 'entries'} on the form`,
        ].filter(Boolean);
        return counts.length > 0
          ? `After pre-review, you still need to ${counts.join(' and ')}:`
          : 'After pre-review, the following still needs to be completed:';
      },
      bring: (name: string, forAgent: boolean) => `Bring: ${name}${forAgent ? ' (from the agent)' : ''}`,
      whatToBring: (text: string) => `What it is: ${text}`,
      whereToGet: (text: string) => `Where to get it: ${text}`,
      template: (url: string) => `Sample form / guide: ${url}`,
      fix: (message: string) => `Correct: ${message}`,
      howToFix: 'How: correct it on the application form at this kiosk or at the counter.',
      credit: (message: string) => `Note: ${message}`,
      closing:
        'This notice tells you everything to complete, all at once. When you have everything, pre-review again at this kiosk, or bring this notice to a counter.',
    },
    commitment: {
      title: 'Notification and Commitment Letter',
      kinds: 'Type of commitment',
      kindSeparator: '; ',
      licensee: 'Licensed unit',
      uscc: 'Unified social credit code',
      owed: (count: number) =>
        `The applicant promises to hand in the following ${count === 1 ? 'document' : `${count} documents`} by the dates below:`,
      deadline: (within: string | null, date: string) => `Due: ${within ? `${within}, ` : ''}by ${date}`,
      fullTrust: 'Full trust: this promise replaces the document; nothing to hand in later.',
      handIn: (text: string) => `Where to hand in: ${text}`,
      breach: (text: string) => `Consequences of breach: ${text}`,
      confirmed:
        'The applicant has read and confirmed the commitment above at the self-service kiosk, and declares that the information given is true.',
      confirmedAt: 'Confirmed',
      signature: "Applicant's signature or seal: _______________",
      signDate: 'Date: ____ / ____ / ______ (day / month / year)',
    },
  },
} as const;

/** Line a basis, and on English paper its Chinese original under it: the law's name and article in
 *  Chinese are what the hall signs for (an English rendering of a law is not the law). The
 *  catalog's review notes are left off the paper (basis-text.ts). */
function basisBlocks(
  locale: PaperLocale,
  basis: string,
  original: string | undefined,
  style: { indent?: number } = {},
): PrintBlock[] {
  const words = WORDS[locale];
  const blocks = [doc.text(words.basis(citizenBasis(basis)), style)];
  if (locale === 'en' && original && original !== basis)
    blocks.push(doc.text(`依据 (Chinese original): ${citizenBasis(original)}`, style));
  return blocks;
}

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
  /** The language the citizen chose on screen; Chinese when absent. The caller passes the item's
   *  and materials' names in it (the catalog has both). */
  locale?: PaperLocale;
}

function partyBlocks(parties: SlipParties, locale: PaperLocale): PrintBlock[] {
  const words = WORDS[locale];
  // Masked exactly as on Chinese paper: the number is the same, only its label is translated.
  const id =
    parties.applicantIdLabel === '证件号码' ? ensureMasked(parties.applicantId) : parties.applicantId;
  const blocks = [
    doc.pair(words.applicant, parties.applicantName),
    doc.pair(words.idLabel[parties.applicantIdLabel], id),
  ];
  if (parties.agent) {
    blocks.push(
      doc.pair(parties.agent.role, parties.agent.name),
      doc.pair(words.agentId(parties.agent.role), ensureMasked(parties.agent.maskedIdNumber)),
    );
  }
  if (parties.identityTyped) blocks.push(doc.text(words.identityTyped));
  return blocks;
}

/** The paper's title; on English paper its Chinese name under it, so a clerk knows the document. */
function headerBlocks(
  kind: 'notAccepted' | 'correction' | 'commitment',
  header: SlipHeader,
  parties: SlipParties,
): PrintBlock[] {
  const locale = header.locale ?? 'zh-CN';
  const words = WORDS[locale];
  const title = [
    // An English title is too long for double width on 48 columns: double height only.
    doc.center(words[kind].title, { bold: true, size: { width: locale === 'en' ? 1 : 2, height: 2 } }),
  ];
  if (locale === 'en') title.push(doc.center(`(${WORDS['zh-CN'][kind].title})`));
  return [
    ...title,
    doc.center(header.hallName),
    doc.rule('='),
    doc.text(words.item(header.itemName), { bold: true }),
    ...partyBlocks(parties, locale),
    doc.pair(words.reference, header.reference),
    doc.pair(words.date, formatCalendarDateFor(header.date, locale)),
    doc.rule('-'),
  ];
}

/** The document's metadata: English paper says it is English (a desk reprint keeps the language). */
function localeOf(header: SlipHeader): { locale?: 'en' } {
  return header.locale === 'en' ? { locale: 'en' } : {};
}

function footerBlocks(header: SlipHeader): PrintBlock[] {
  const words = WORDS[header.locale ?? 'zh-CN'];
  return [
    doc.pair(words.phone, header.hallPhone),
    doc.qr(header.reference),
    doc.center(`${words.reference} ${header.reference}`),
    doc.cut(),
  ];
}

// ---------------------------------------------------------------- 不予受理告知书

export interface NotAcceptedReason {
  reason: string;
  whereInstead: string;
  basis: string;
  /** The basis in Chinese, printed under the English one on English paper. */
  basisOriginal?: string;
}

export interface NotAcceptedSlipData extends SlipHeader, SlipParties {
  reasons: readonly NotAcceptedReason[];
}

/** 不予受理告知书: this hall cannot accept the case. It says why, where to go instead and on what
 *  basis — and nothing about bringing materials, which would not help. */
export function renderNotAcceptedSlip(data: NotAcceptedSlipData): PrintDocument {
  const locale = data.locale ?? 'zh-CN';
  const words = WORDS[locale].notAccepted;
  const blocks = headerBlocks('notAccepted', data, data);
  blocks.push(doc.text(words.intro, { bold: true }));
  data.reasons.forEach((reason, index) => {
    blocks.push(
      doc.feed(1),
      doc.text(`${marker(index, locale)} ${reason.reason}`, { bold: true }),
      doc.text(words.whereInstead(reason.whereInstead), { indent: 3 }),
      ...basisBlocks(locale, reason.basis, reason.basisOriginal, { indent: 3 }),
    );
  });
  blocks.push(doc.rule('-'), doc.text(words.closing), ...footerBlocks(data));
  return { title: `not-accepted slip ${data.reference}`, ...localeOf(data), blocks };
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
      basisOriginal?: string;
    }
  | { kind: 'fix'; message: string; basis: string; basisOriginal?: string }
  | { kind: 'credit'; message: string; basis: string; basisOriginal?: string };

export interface CorrectionSlipData extends SlipHeader, SlipParties {
  lines: readonly CorrectionLine[];
  /** Why everything is told at once (the catalog's formBasis: 《行政许可法》第三十二条), named on English
   *  paper, whose "one-time notification" is the same legal act as 一次性告知: in English and in its
   *  Chinese original. */
  oneTimeBasis?: { basis: string; basisOriginal?: string };
}

/** 一次性告知单: everything that can be corrected, at once; each line labelled for what it is —
 *  a thing to bring (需携带), where to obtain it (获取方式), a thing to fix on the form (需更正), and its
 *  basis (依据). */
export function renderCorrectionSlip(data: CorrectionSlipData): PrintDocument {
  const locale = data.locale ?? 'zh-CN';
  const words = WORDS[locale].correction;
  const blocks = headerBlocks('correction', data, data);
  const bring = data.lines.filter((line) => line.kind === 'bring').length;
  const fix = data.lines.filter((line) => line.kind === 'fix').length;
  blocks.push(doc.text(words.intro(bring, fix), { bold: true }));
  data.lines.forEach((line, index) => {
    blocks.push(doc.feed(1));
    const number = marker(index, locale);
    switch (line.kind) {
      case 'bring':
        blocks.push(
          doc.text(`${number} ${words.bring(line.name, line.forAgent)}`, { bold: true }),
          doc.text(words.whatToBring(line.whatToBring), { indent: 3 }),
          doc.text(words.whereToGet(line.whereToGet), { indent: 3 }),
          ...basisBlocks(locale, line.basis, line.basisOriginal, { indent: 3 }),
        );
        if (line.templateUrl) {
          blocks.push(doc.text(words.template(line.templateUrl), { indent: 3 }), doc.qr(line.templateUrl, 4));
        }
        break;
      case 'fix':
        blocks.push(
          doc.text(`${number} ${words.fix(line.message)}`, { bold: true }),
          doc.text(words.howToFix, { indent: 3 }),
          ...basisBlocks(locale, line.basis, line.basisOriginal, { indent: 3 }),
        );
        break;
      case 'credit':
        blocks.push(
          doc.text(`${number} ${words.credit(line.message)}`, { bold: true }),
          ...basisBlocks(locale, line.basis, line.basisOriginal, { indent: 3 }),
        );
        break;
    }
  });
  blocks.push(doc.rule('-'), doc.text(words.closing));
  // The English notice names the act it is and the law that requires it, in the law's own words.
  if (locale === 'en' && data.oneTimeBasis)
    blocks.push(
      doc.text('This is a one-time notification (一次性告知) required by law:'),
      ...basisBlocks(locale, data.oneTimeBasis.basis, data.oneTimeBasis.basisOriginal),
    );
  blocks.push(...footerBlocks(data));
  return { title: `correction notice ${data.reference}`, ...localeOf(data), blocks };
}

// ---------------------------------------------------------------- 告知承诺书

export type CommitmentKindLabel = 'full-trust' | 'non-core' | 'core-later';

export const COMMITMENT_KIND_NAMES: Readonly<Record<CommitmentKindLabel, string>> = {
  'full-trust': '全信任（凭承诺发证，无需后补材料）',
  'non-core': '非核心要件信任（非核心材料承诺后补）',
  'core-later': '要件后补式信任（核心材料承诺后补）',
};

/** The same kinds in English, each with its Chinese name: the kind is a term of the local scheme. */
export const COMMITMENT_KIND_NAMES_EN: Readonly<Record<CommitmentKindLabel, string>> = {
  'full-trust': 'Full trust (全信任): licence on the promise, nothing to hand in later',
  'non-core': 'Non-core trust (非核心要件信任): non-core documents handed in later',
  'core-later': 'Core document later (要件后补式信任): a core document handed in later',
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
  /** The basis in Chinese (the law's name and article), printed under the English on English paper. */
  basisOriginal?: string;
  signedAt: Date;
  timeZone?: string;
}

/** 告知承诺书: what is promised, by when, what happens if it is not kept, where to hand it in, and
 *  room for the applicant's signature at the window. */
export function renderCommitmentLetter(data: CommitmentLetterData): PrintDocument {
  const locale = data.locale ?? 'zh-CN';
  const words = WORDS[locale].commitment;
  const kindNames = locale === 'en' ? COMMITMENT_KIND_NAMES_EN : COMMITMENT_KIND_NAMES;
  const blocks = headerBlocks('commitment', data, data);
  blocks.push(doc.pair(words.kinds, data.kinds.map((kind) => kindNames[kind]).join(words.kindSeparator)));
  if (data.licensee) {
    blocks.push(doc.pair(words.licensee, data.licensee.name), doc.pair(words.uscc, data.licensee.uscc));
  }
  blocks.push(doc.rule('-'));
  const owed = data.promised.filter((line) => line.deadline !== null);
  if (owed.length > 0) blocks.push(doc.text(words.owed(owed.length), { bold: true }));
  data.promised.forEach((line, index) => {
    blocks.push(doc.text(`${index + 1}. ${line.material}`, { bold: true }));
    if (line.deadline) {
      blocks.push(
        doc.text(words.deadline(line.within, formatCalendarDateFor(line.deadline, locale)), { indent: 3 }),
      );
    } else {
      blocks.push(doc.text(words.fullTrust, { indent: 3 }));
    }
  });
  blocks.push(
    doc.rule('-'),
    doc.text(words.handIn(data.handIn)),
    doc.text(words.breach(data.breach)),
    ...basisBlocks(locale, data.basis, data.basisOriginal),
    doc.rule('-'),
    doc.text(words.confirmed),
    doc.pair(words.confirmedAt, formatDateTime(data.signedAt, data.timeZone ?? DEFAULT_TIME_ZONE)),
    doc.feed(1),
    doc.text(words.signature),
    doc.feed(1),
    doc.text(words.signDate),
    doc.feed(1),
    ...footerBlocks(data),
  );
  return { title: `commitment letter ${data.reference}`, ...localeOf(data), blocks };
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
