import { expectLayoutFits, print } from '../../../support/receipt.ts';
import { describe, expect, it } from 'vitest';
import { renderDailySummary } from '../../../../main/queue/slips/daily-summary.ts';
import { SAMPLE_DAILY_SUMMARY } from './fixtures.ts';

describe('daily summary', () => {
  it('prints per-line counts in aligned columns and the totals', () => {
    const document = renderDailySummary(SAMPLE_DAILY_SUMMARY);
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
