import { expectLayoutFits, print } from '../../../support/receipt.ts';
import { describe, expect, it } from 'vitest';
import { estimatedWaitText, renderTicket } from '../../../../main/queue/slips/ticket.ts';
import { SAMPLE_TICKET } from './fixtures.ts';

describe('queue ticket', () => {
  it('reads back with the number large, the wait as an estimate, the reference in the QR', () => {
    const document = renderTicket(SAMPLE_TICKET);
    const receipt = print(document);
    expectLayoutFits(document, receipt);
    expect(receipt.lines).toEqual(
      expect.arrayContaining([
        '某某区政务服务中心',
        '社会保障业务',
        '【绿色通道】',
        'A012',
        '前面还有 3 人等候',
        '预计等候约 15 分钟（仅供参考）',
        `取号时间${' '.repeat(24)}2024-05-06 09:31`,
        '咨询电话                            010-12345678',
      ]),
    );
    const numberLine = receipt.items.find((i) => i.kind === 'text' && i.text === 'A012');
    expect(numberLine && numberLine.kind === 'text' && numberLine.runs[0]).toMatchObject({
      width: 5,
      height: 5,
      bold: true,
    });
    expect(numberLine && numberLine.kind === 'text' && numberLine.align).toBe('center');
    expect(receipt.qrPayloads).toEqual(['PR-20240506-0001']);
  });
  it('says so when nobody is ahead and when the wait is short', () => {
    const receipt = print(
      renderTicket({ ...SAMPLE_TICKET, peopleAhead: 0, estimatedWaitMinutes: 0, priorityLabel: undefined }),
    );
    expect(receipt.lines).toContain('前面没有人等候');
    expect(receipt.lines).toContain('预计很快叫号（仅供参考）');
    expect(receipt.lines.some((l) => l.includes('【'))).toBe(false);
  });
  it('prints long waits in hours and minutes', () => {
    expect(estimatedWaitText(80)).toBe('预计等候约 1 小时 20 分钟（仅供参考）');
  });
});
