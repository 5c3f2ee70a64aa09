import { expectLayoutFits, print } from '../../../support/receipt.ts';
import { describe, expect, it } from 'vitest';
import { renderNoticeSlip } from '../../../../main/prereview/slips/notice-slip.ts';

describe('one-time notification slip', () => {
  const data = {
    itemName: '城乡居民基本医疗保险参保登记',
    reference: 'PR-20240506-0002',
    date: '2024-05-06',
    hallName: '某某区政务服务中心',
    hallPhone: '010-12345678',
    applicantName: '张三',
    maskedIdNumber: '110101199003071234',
    problems: [
      {
        title: '户口簿本人页复印件缺失',
        whatToBring: '户口簿原件及本人页复印件一份（A4纸）',
        whereToGet: '户籍所在地派出所户籍窗口',
        templateUrl: 'https://zwfw.example.gov.cn/t/123',
      },
      { title: '申请表签名缺失', whatToBring: '在申请表第二页“申请人签名”处签名' },
    ],
  };
  it('lists every problem with what to bring and where, and masks the ID number', () => {
    const document = renderNoticeSlip(data);
    const receipt = print(document);
    expectLayoutFits(document, receipt);
    const text = receipt.lines.join('\n');
    expect(receipt.lines[0]).toBe('一次性告知单');
    expect(text).toContain('经预审，还需补正以下 2 项材料或信息：');
    expect(text).toContain('① 户口簿本人页复印件缺失');
    expect(text).toContain('   需携带：户口簿原件及本人页复印件一份（A4纸）');
    expect(text).toContain('   办理地点：户籍所在地派出所户籍窗口');
    expect(text).toContain('② 申请表签名缺失');
    expect(text).toContain('110***********1234');
    expect(text).not.toContain('110101199003071234');
    expect(text).toContain('2024年05月06日');
    expect(text).toContain('010-12345678');
    expect(receipt.qrPayloads).toEqual(['https://zwfw.example.gov.cn/t/123', 'PR-20240506-0002']);
  });
});
