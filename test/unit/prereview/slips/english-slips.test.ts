// English slips (issue 15): every citizen slip in the language the citizen chose, read back from the
// bytes the printer gets (encoded, then decoded by the emulator's ESC/POS parser), with the ID number
// masked as on Chinese paper, ASCII punctuation only in the English text, and every basis kept in its
// Chinese original.
import { describe, expect, it } from 'vitest';
import { expectLayoutFits, print } from '../../../support/receipt.ts';
import { renderTicket } from '../../../../main/queue/slips/ticket.ts';
import { ticketDocument, voucherDocument } from '../../../../main/queue/slips/documents.ts';
import {
  renderCommitmentLetter,
  renderCorrectionSlip,
  renderNotAcceptedSlip,
} from '../../../../main/prereview/slips/outcome-slips.ts';
import { renderNoticeSlip } from '../../../../main/prereview/slips/notice-slip.ts';
import { renderCommitmentSlip } from '../../../../main/prereview/slips/commitment-slip.ts';
import type { PrintDocument } from '../../../../hardware/printer/document.ts';

const FULL_WIDTH = /[：，。；、（）「」『』【】“”‘’！？]/;
/** The slip's English text: the Chinese citations (printed on purpose) left out, and the Chinese
 *  names in it (hall, 「(告知承诺书)」) cut out. */
function englishParts(document: PrintDocument): string[] {
  return document.blocks
    .flatMap((block) =>
      block.kind === 'text' ? [block.text] : block.kind === 'pair' ? [block.label, block.value] : [],
    )
    .filter((text) => !text.startsWith('依据 (Chinese original)'))
    .map((text) => text.replace(/\([^()]*\)|[\u3400-\u9fff]+/gu, ''));
}

/** The paper's text with the line breaks and indents taken out, to find sentences that wrapped. */
const compact = (text: string) => text.replace(/\s+/g, '');
function expectOnPaper(lines: readonly string[], ...expected: string[]) {
  const paper = compact(lines.join('\n'));
  for (const sentence of expected) expect(paper).toContain(compact(sentence));
}

function read(document: PrintDocument) {
  const receipt = print(document);
  expectLayoutFits(document, receipt);
  return receipt;
}

const header = {
  itemName: 'Public place hygiene licence',
  reference: 'YS20261129ABCDEF',
  date: '2026-11-29',
  hallName: '铜梁区政务服务中心',
  hallPhone: '12345',
  locale: 'en' as const,
};
const person = {
  applicantName: 'SMITH JOHN',
  applicantId: '110105********0037',
  applicantIdLabel: '证件号码' as const,
};

describe('English citizen slips', () => {
  it('queue ticket: English words, the number, no full-width punctuation', () => {
    const document = renderTicket({
      number: 'A012',
      lineName: 'Social security',
      priorityLabel: 'Green channel: elderly',
      peopleAhead: 3,
      estimatedWaitMinutes: 75,
      issuedAt: new Date('2024-05-06T01:31:00Z'),
      hallName: '某某区政务服务中心',
      hallPhone: '010-12345678',
      reference: 'PR-20240506-0001',
      kioskId: 'K-03',
      locale: 'en',
    });
    const receipt = read(document);
    expect(receipt.lines).toEqual(
      expect.arrayContaining([
        'Queue ticket',
        'Social security',
        '[Green channel: elderly]',
        'A012',
        '3 people ahead of you',
        'Estimated wait: about 1 h 15 min',
        `Issued${' '.repeat(26)}2024-05-06 09:31`,
      ]),
    );
    for (const line of englishParts(document)) expect(line).not.toMatch(FULL_WIDTH);
    expect(receipt.lines.join('\n')).not.toMatch(/取号|前面|预计/);
  });

  it('a desk-issued English ticket without a pre-review drops the reference lines in English too', () => {
    const document = ticketDocument({
      data: {
        number: 'A013',
        lineName: 'Social security',
        peopleAhead: 1,
        estimatedWaitMinutes: 0,
        issuedAt: new Date('2024-05-06T01:31:00Z'),
        hallName: '某某区政务服务中心',
        reference: '',
        kioskId: 'K-03',
        locale: 'en',
      },
      timeZone: 'Asia/Shanghai',
      reprint: { attempt: 2, at: new Date('2024-05-06T02:00:00Z') },
    });
    const receipt = read(document);
    expect(receipt.lines[0]).toBe('[REPRINT] copy no. 2, printed 2024-05-06 10:00');
    expect(receipt.lines).toContain('1 person ahead of you');
    expect(receipt.lines.join('\n')).not.toMatch(/Pre-review no\.|Show this code/);
  });

  it('after-hours voucher: the day in words, what to do with it, in English', () => {
    const document = voucherDocument({
      reference: 'YA0105',
      lineName: 'Social security',
      appointmentDay: '2024-05-07',
      appointmentFrom: '08:30',
      issuedAt: new Date('2024-05-06T12:00:00Z'),
      hallName: '某某区政务服务中心',
      hallPhone: '12345',
      kioskId: 'K-03',
      timeZone: 'Asia/Shanghai',
      locale: 'en',
    });
    const receipt = read(document);
    const text = receipt.lines.join('\n');
    expect(receipt.lines).toEqual(
      expect.arrayContaining(['Appointment voucher', 'Tue 7 May 2024, from 08:30']),
    );
    expect(text).toContain('This voucher is not a queue number.');
    expect(text).not.toMatch(/凭条|预约|请于/);
    for (const line of englishParts(document)) expect(line).not.toMatch(FULL_WIDTH);
  });

  it('not-accepted notice: reason, where instead, the basis in English and in its Chinese original', () => {
    const document = renderNotAcceptedSlip({
      ...header,
      ...person,
      reasons: [
        {
          reason: 'Registered residence is not in this district',
          whereInstead: 'the police station of your registered residence',
          basis: 'Resident ID Card Law art. 8',
          basisOriginal: '《居民身份证法》第八条',
        },
      ],
    });
    const receipt = read(document);
    const text = receipt.lines.join('\n');
    expectOnPaper(
      receipt.lines,
      'Notice of Non-Acceptance',
      '(不予受理告知书)',
      '1. Registered residence is not in this district',
      'Where to apply instead: the police station of your registered residence',
      'Legal basis: Resident ID Card Law art. 8',
      '依据 (Chinese original): 《居民身份证法》第八条',
    );
    expect(text).toContain('110105********0037');
    expect(text).not.toContain('110105194912310037');
    for (const line of englishParts(document)) expect(line).not.toMatch(FULL_WIDTH);
  });

  it('one-time notification: each line labelled, the law named in Chinese, the agent masked', () => {
    const document = renderCorrectionSlip({
      ...header,
      ...person,
      agent: { role: 'Agent', name: 'LI SI', maskedIdNumber: '110105********0011' },
      oneTimeBasis: {
        basis: 'Administrative Licensing Law art. 32 para. 1 (3)(4)',
        basisOriginal: '《行政许可法》第三十二条第一款第（三）、（四）项',
      },
      lines: [
        {
          kind: 'bring',
          name: 'Power of attorney',
          whatToBring: 'a power of attorney signed by the applicant',
          whereToGet: 'signed by the applicant',
          basis: 'Civil Code art. 165',
          basisOriginal: '《民法典》第一百六十五条',
          forAgent: true,
        },
        { kind: 'fix', message: 'The mobile number must have 11 digits', basis: 'form rules' },
      ],
    });
    const receipt = read(document);
    const text = receipt.lines.join('\n');
    expectOnPaper(
      receipt.lines,
      'One-Time Notification',
      '(一次性告知单)',
      'After pre-review, you still need to bring 1 document and correct 1 entry on the form:',
      '1. Bring: Power of attorney (from the agent)',
      '2. Correct: The mobile number must have 11 digits',
      '依据 (Chinese original): 《民法典》第一百六十五条',
      'This is a one-time notification (一次性告知) required by law:',
      'Legal basis: Administrative Licensing Law art. 32 para. 1 (3)(4)',
      '依据 (Chinese original): 《行政许可法》第三十二条第一款第（三）、（四）项',
    );
    expect(text).toContain("Agent's ID                    110105********0011");
    expect(text).not.toMatch(/\d{17}[\dX]/);
    for (const line of englishParts(document)) expect(line).not.toMatch(FULL_WIDTH);
  });

  it('commitment letter: English terms, the Chinese legal citation, a signature line', () => {
    const document = renderCommitmentLetter({
      ...header,
      ...person,
      kinds: ['non-core'],
      promised: [
        {
          material: 'Hygiene test report',
          kind: 'non-core',
          within: 'within 2 months',
          deadline: '2027-01-29',
        },
      ],
      breach: 'the licence is revoked and the breach is put on the credit record',
      handIn: 'counter 3 of the district service centre',
      basis: 'Regulations on Optimizing the Business Environment art. 40 para. 3',
      basisOriginal: '《优化营商环境条例》第四十条第三款',
      signedAt: new Date('2026-11-29T02:00:00Z'),
    });
    const receipt = read(document);
    expectOnPaper(
      receipt.lines,
      'Notification and Commitment Letter',
      '(告知承诺书)',
      'Due: within 2 months, by Fri 29 Jan 2027',
      'Consequences of breach: the licence is revoked',
      'Legal basis: Regulations on Optimizing the Business Environment art. 40',
      '依据 (Chinese original): 《优化营商环境条例》第四十条第三款',
      "Applicant's signature or seal: _______________",
      'ID number                     110105********0037',
    );
    for (const line of englishParts(document)) expect(line).not.toMatch(FULL_WIDTH);
  });

  it('Chinese paper is unchanged when no locale is given (no locale on the document either)', () => {
    const document = renderNotAcceptedSlip({
      ...header,
      locale: undefined,
      ...person,
      reasons: [
        { reason: '户籍不在本区', whereInstead: '户籍所在地派出所', basis: '《居民身份证法》第八条' },
      ],
    });
    expect(document.locale).toBeUndefined();
    const text = print(document).lines.join('\n');
    expect(text).toContain('不予受理告知书');
    expect(text).toContain('依据：《居民身份证法》第八条');
    expect(text).not.toContain('Chinese original');
  });

  it('the simpler notice and commitment templates speak English too, ID masked, ASCII punctuation', () => {
    const notice = renderNoticeSlip({
      itemName: 'Social security card',
      reference: 'PR-20250610-0007',
      date: '2025-06-10',
      hallName: '测试大厅',
      hallPhone: '12345',
      applicantName: 'SMITH JOHN',
      maskedIdNumber: '410123199001010021',
      problems: [
        { title: 'Photo receipt missing', whatToBring: 'a photo receipt', whereToGet: 'a photo studio' },
      ],
      locale: 'en',
    });
    const commitment = renderCommitmentSlip({
      itemName: 'Public place hygiene licence',
      reference: 'PR-20250610-0008',
      promised: [{ material: 'Health certificates of the staff', deadline: '2025-06-24' }],
      signedAt: new Date('2025-06-10T02:00:00Z'),
      applicantName: 'SMITH JOHN',
      maskedIdNumber: '410***********0021',
      locale: 'en',
    });
    expect(notice.locale).toBe('en');
    expect(commitment.locale).toBe('en');
    expectOnPaper(
      read(notice).lines,
      'One-Time Notification',
      'ID number                     410***********0021',
      '1. Photo receipt missing',
      'Bring: a photo receipt',
      'Where to get it: a photo studio',
    );
    expectOnPaper(
      read(commitment).lines,
      'Commitment to Supply Missing Documents',
      '(容缺受理承诺书)',
      'ID number                     410***********0021',
      'Due by: Tue 24 Jun 2025',
    );
    for (const document of [notice, commitment])
      for (const line of englishParts(document)) expect(line).not.toMatch(FULL_WIDTH);
  });
});
