import { describe, expect, it } from 'vitest';
import { parseEscPos } from '../../../hardware/emulators/printer/escpos-decoder.ts';
import { receiptsFromCommands, type Receipt } from '../../../hardware/emulators/printer/receipt-model.ts';
import type { PrintDocument } from '../../../hardware/printer/document.ts';
import { encodeDocument } from '../../../hardware/printer/encode.ts';
import { DEFAULT_PRINTER_PROFILE } from '../../../hardware/printer/profile.ts';
import { ensureMasked, maskIdNumber } from '../../../domain/identity/mask.ts';
import { estimatedWaitText, renderTicket } from '../../../main/queue/slips/ticket.ts';
import { formatDateTime } from '../../../hardware/printer/layout.ts';
import { renderCommitmentSlip } from '../../../main/prereview/slips/commitment-slip.ts';
import { renderDailySummary } from '../../../main/queue/slips/daily-summary.ts';
import { renderNoticeSlip } from '../../../main/prereview/slips/notice-slip.ts';
import { renderTestPage } from '../../../hardware/printer/test-page.ts';

function print(document: PrintDocument): Receipt {
  const receipts = receiptsFromCommands(parseEscPos(encodeDocument(document, DEFAULT_PRINTER_PROFILE)));
  expect(receipts).toHaveLength(1);
  const receipt = receipts[0] as Receipt;
  expect(receipt.unknownCommands).toEqual([]);
  expect(receipt.cut).toBe(true);
  return receipt;
}

/** Every text line fits the paper: no line was wrapped by the printer instead of by the layout. */
function expectLayoutFits(document: PrintDocument, receipt: Receipt): void {
  const wrappedByPrinter = receipt.items.filter(
    (item) =>
      item.kind === 'text' &&
      item.runs.reduce(
        (dots, r) => dots + [...r.text].reduce((d, c) => d + (c.charCodeAt(0) < 0x80 ? 12 : 24), 0) * r.width,
        0,
      ) > 576,
  );
  expect(wrappedByPrinter).toEqual([]);
  expect(document.blocks.at(-1)).toEqual({ kind: 'cut' });
}

const ticketData = {
  number: 'A012',
  lineName: '社会保障业务',
  priorityLabel: '绿色通道',
  peopleAhead: 3,
  estimatedWaitMinutes: 15,
  issuedAt: new Date('2024-05-06T01:31:00Z'),
  hallName: '某某区政务服务中心',
  hallPhone: '010-12345678',
  reference: 'PR-20240506-0001',
  kioskId: 'K-03',
};

describe('queue ticket', () => {
  it('reads back with the number large, the wait as an estimate, the reference in the QR', () => {
    const document = renderTicket(ticketData);
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
      renderTicket({ ...ticketData, peopleAhead: 0, estimatedWaitMinutes: 0, priorityLabel: undefined }),
    );
    expect(receipt.lines).toContain('前面没有人等候');
    expect(receipt.lines).toContain('预计很快叫号（仅供参考）');
    expect(receipt.lines.some((l) => l.includes('【'))).toBe(false);
  });
  it('prints long waits in hours and minutes', () => {
    expect(estimatedWaitText(80)).toBe('预计等候约 1 小时 20 分钟（仅供参考）');
  });
});

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

describe('test page', () => {
  it('shows every status, both character sets, a ruler, a QR code and a barcode', () => {
    const document = renderTestPage({
      kioskId: 'K-03',
      printedAt: new Date('2024-05-06T01:00:00Z'),
      profile: DEFAULT_PRINTER_PROFILE,
      status: {
        online: true,
        coverOpen: false,
        paperEnd: false,
        paperNearEnd: true,
        cutterError: false,
        mechanicalError: false,
        unrecoverableError: false,
        autoRecoverableError: false,
        stoppedByPaperEnd: false,
        waitingForOnlineRecovery: false,
        feedButtonPressed: false,
        checkedAt: 0,
      },
    });
    const receipt = print(document);
    expectLayoutFits(document, receipt);
    const text = receipt.lines.join('\n');
    for (const label of [
      '联机',
      '上盖打开',
      '缺纸',
      '纸将尽',
      '切刀错误',
      '机械错误',
      '不可恢复错误',
      '可自动恢复错误',
    ]) {
      expect(text).toMatch(new RegExp(`^${label} +[是否]$`, 'm'));
    }
    expect(text).toMatch(/^纸将尽 +是$/m);
    expect(receipt.lines).toContain('123456789012345678901234567890123456789012345678');
    expect(receipt.lines).toContain('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    expect(receipt.lines).toContain('政务服务自助终端打印测试');
    expect(receipt.lines).toContain('生僻字（四字节）：□U+20BB7');
    expect(receipt.qrPayloads).toEqual(['TEST-PAGE K-03']);
    expect(receipt.barcodes).toEqual(['TEST-K-03']);
  });
});

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

describe('formatting helpers', () => {
  it('masks ID numbers, also when a caller forgot to', () => {
    expect(maskIdNumber('110101199003071234')).toBe('110***********1234');
    expect(ensureMasked('110101199003071234')).toBe('110***********1234');
    expect(ensureMasked('110***********1234')).toBe('110***********1234');
  });
  it('prints times in the hall time zone', () => {
    expect(formatDateTime(new Date('2024-05-06T16:30:00Z'), 'Asia/Shanghai')).toBe('2024-05-07 00:30');
  });
});
