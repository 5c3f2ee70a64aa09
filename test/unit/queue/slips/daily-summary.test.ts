import { expectLayoutFits, print } from '../../../support/receipt.ts';
import { describe, expect, it } from 'vitest';
import { renderDailySummary } from '../../../../main/queue/slips/daily-summary.ts';

describe('daily summary', () => {
  it('prints per-line counts in aligned columns and the totals', () => {
    const document = renderDailySummary({
      date: '2024-05-06',
      hall: '某某区政务服务中心',
      kioskId: 'K-03',
      printedAt: new Date('2024-05-06T10:00:00Z'),
      lines: [
        {
          prefix: 'A',
          lineName: '社会保障业务',
          issued: 34,
          served: 30,
          waiting: 3,
          voided: 1,
          vouchers: 4,
          vouchersVoided: 1,
        },
        {
          prefix: 'B',
          lineName: '不动产登记及交易一窗受理业务',
          issued: 120,
          served: 101,
          waiting: 17,
          voided: 2,
        },
      ],
      noticeSlips: 12,
      commitmentSlips: 3,
      issuedOffline: 5,
    });
    const receipt = print(document);
    expectLayoutFits(document, receipt);
    expect(receipt.lines).toEqual(
      expect.arrayContaining([
        '业务线              取号  已办  等候  作废  凭条',
        'A 社会保障业务        34    30     3     1     4',
        'B 不动产登记及交…   120   101    17     2     0',
        '合计                 154   131    20     3     4',
        '次日预约凭条               4 张（其中作废 1 张）',
      ]),
    );
  });
});
