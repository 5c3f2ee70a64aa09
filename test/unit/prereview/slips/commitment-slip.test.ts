import { expectLayoutFits, print } from '../../../support/receipt.ts';
import { describe, expect, it } from 'vitest';
import { renderCommitmentSlip } from '../../../../main/prereview/slips/commitment-slip.ts';

describe('commitment slip', () => {
  it('lists the promised materials with their deadlines', () => {
    const document = renderCommitmentSlip({
      itemName: '公共场所卫生许可证核发',
      reference: 'PR-20240506-0003',
      promised: [
        { material: '从业人员健康合格证明', deadline: '2024-07-06' },
        { material: '卫生管理制度', deadline: '2024-07-06' },
        { material: '空气质量检测报告', deadline: '2024-07-06' },
      ],
      signedAt: new Date('2024-05-06T02:00:00Z'),
      applicantName: '李四',
      maskedIdNumber: '440***********567X',
    });
    const receipt = print(document);
    expectLayoutFits(document, receipt);
    expect(receipt.lines).toEqual(
      expect.arrayContaining([
        '容缺受理承诺书',
        '本人承诺在下列期限内补交以下 3 项材料：',
        '1. 从业人员健康合格证明',
        '   补交期限：2024年07月06日前',
        '3. 空气质量检测报告',
        `签署时间${' '.repeat(24)}2024-05-06 10:00`,
      ]),
    );
    expect(receipt.lines.join('\n')).toContain('440***********567X');
    expect(receipt.qrPayloads).toEqual(['PR-20240506-0003']);
  });
});
