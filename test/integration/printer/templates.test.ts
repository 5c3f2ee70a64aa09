import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../../../hardware/emulators/printer/receipt-model.ts';
import { renderReceiptSvg } from '../../../hardware/emulators/printer/render-svg.ts';
import { wireTimeMs } from '../../../hardware/serial/index.ts';
import type { PrintDocument } from '../../../hardware/printer/document.ts';
import { bitmapToText, parseTrueType, rasteriseCodePoint } from '../../../hardware/printer/glyph-raster.ts';
import { RARE_FONTS } from '../../../hardware/printer/rare-fonts.ts';
import { renderCommitmentSlip } from '../../../main/prereview/slips/commitment-slip.ts';
import { renderDailySummary } from '../../../main/queue/slips/daily-summary.ts';
import { renderNoticeSlip } from '../../../main/prereview/slips/notice-slip.ts';
import { renderTestPage } from '../../../hardware/printer/test-page.ts';
import { renderTicket } from '../../../main/queue/slips/ticket.ts';
import { SAMPLE_DAILY_SUMMARY, SAMPLE_TICKET } from '../../unit/queue/slips/fixtures.ts';
import { makePrinterRig, type PrinterRig } from './helpers.ts';

// Each template goes through the driver, serialport, a real pseudo-terminal and the emulator, and is
// read back as the text a citizen would read.

let rig: PrinterRig;
beforeAll(async () => {
  rig = await makePrinterRig(115200);
});
afterAll(async () => {
  await rig.cleanup();
});

async function printAndRead(document: PrintDocument): Promise<Receipt> {
  const before = rig.emulator.receipts().length;
  const outcome = await rig.printer.print(document);
  expect(outcome).toMatchObject({ ok: true });
  const receipts = rig.emulator.receipts();
  expect(receipts).toHaveLength(before + 1);
  const receipt = receipts[receipts.length - 1] as Receipt;
  expect(receipt).toMatchObject({ cut: true, complete: true, unknownCommands: [] });
  return receipt;
}

describe('templates printed over a pseudo-terminal', () => {
  it('queue ticket', async () => {
    const receipt = await printAndRead(renderTicket(SAMPLE_TICKET));
    expect(receipt.lines).toEqual(
      expect.arrayContaining([
        'A012',
        '社会保障业务',
        '【绿色通道】',
        '前面还有 3 人等候',
        '预计等候约 15 分钟（仅供参考）',
      ]),
    );
    expect(receipt.qrPayloads).toEqual(['PR-20240506-0001']);
    expect(renderReceiptSvg(receipt)).toContain('data-qr="PR-20240506-0001"');
  });

  it('one-time notification slip, with a rare character drawn from the font (FS 2)', async () => {
    const receipt = await printAndRead(
      renderNoticeSlip({
        itemName: '城乡居民基本医疗保险参保登记',
        reference: 'PR-20240506-0002',
        date: '2024-05-06',
        hallName: '某某区政务服务中心',
        hallPhone: '010-12345678',
        applicantName: '张𠮷',
        maskedIdNumber: '110***********1234',
        problems: [
          {
            title: '户口簿本人页复印件缺失',
            whatToBring: '户口簿原件及复印件',
            whereToGet: '户籍所在地派出所',
          },
          {
            title: '申请表签名缺失',
            whatToBring: '在申请表第二页签名',
            templateUrl: 'https://zwfw.example.gov.cn/t/9',
          },
        ],
      }),
    );
    const text = receipt.lines.join('\n');
    expect(text).toContain('① 户口簿本人页复印件缺失');
    expect(text).toContain('② 申请表签名缺失');
    // 𠮷 (U+20BB7) is not in the printer's font: it is drawn from HanaMinB, defined with FS 2 and
    // printed in the line; the paper's dots are the font's dots.
    expect(text).toMatch(/^申请人 +张\uFFFC$/m);
    expect(text).not.toContain('□U+');
    const font = parseTrueType(fs.readFileSync(RARE_FONTS[0]!.debianPath));
    expect(receipt.userGlyphs).toEqual([
      expect.objectContaining({ code: 'FEA1', dots: bitmapToText(rasteriseCodePoint(font, 0x20bb7)!) }),
    ]);
    expect(text).not.toContain('?');
    expect(receipt.qrPayloads).toEqual(['https://zwfw.example.gov.cn/t/9', 'PR-20240506-0002']);
  });

  it('a character no font has keeps its visible substitute', async () => {
    const receipt = await printAndRead({
      title: 'no font',
      blocks: [{ kind: 'pair', label: '申请人', value: '张\u{2FFF0}' }, { kind: 'cut' }],
    });
    expect(receipt.lines.join('\n')).toMatch(/^申请人 +张□U\+2FFF0$/m);
    expect(receipt.userGlyphs).toEqual([]);
  });

  it('commitment slip', async () => {
    const receipt = await printAndRead(
      renderCommitmentSlip({
        itemName: '公共场所卫生许可证核发',
        reference: 'PR-20240506-0003',
        promised: [{ material: '从业人员健康合格证明', deadline: '2024-07-06' }],
        signedAt: new Date('2024-05-06T02:00:00Z'),
        applicantName: '李四',
        maskedIdNumber: '440101199001011234',
      }),
    );
    expect(receipt.lines).toEqual(
      expect.arrayContaining(['1. 从业人员健康合格证明', '   补交期限：2024年07月06日前']),
    );
    expect(receipt.lines.join('\n')).toContain('440***********1234');
    expect(receipt.lines.join('\n')).not.toContain('440101199001011234');
  });

  it('test page, with the status just read from the printer', async () => {
    rig.emulator.setFault('paper-near-end');
    try {
      const status = await rig.printer.queryStatus();
      const receipt = await printAndRead(
        renderTestPage({ kioskId: 'K-03', printedAt: new Date(), profile: rig.printer.profile, status }),
      );
      expect(receipt.lines.join('\n')).toMatch(/^纸将尽 +是$/m);
      expect(receipt.lines.join('\n')).toMatch(/^缺纸 +否$/m);
      expect(receipt.barcodes).toEqual(['TEST-K-03']);
      expect(receipt.qrPayloads).toEqual(['TEST-PAGE K-03']);
    } finally {
      rig.emulator.setFault(null);
    }
  });

  it('daily summary', async () => {
    const receipt = await printAndRead(renderDailySummary(SAMPLE_DAILY_SUMMARY));
    // Read back from the emulator's paper, the columns as printed (with the night vouchers).
    expect(receipt.lines).toContain('A 社会保障业务        34    30     3     1     4');
  });
});

describe('timing at 9600 baud', () => {
  it('takes at least the wire time of the bytes, so the emulator paces honestly', async () => {
    const slow = await makePrinterRig(9600);
    try {
      const outcome = await slow.printer.print(
        renderTicket({
          number: 'C101',
          lineName: '户籍业务',
          peopleAhead: 0,
          estimatedWaitMinutes: 0,
          issuedAt: new Date(),
          hallName: '某某区政务服务中心',
          reference: 'PR-1',
          kioskId: 'K-03',
        }),
      );
      if (!outcome.ok) throw new Error(outcome.message);
      const wire = wireTimeMs(outcome.bytes, 9600);
      const took = outcome.finishedAt - outcome.firstByteAt;
      expect(took).toBeGreaterThanOrEqual(wire * 0.98);
      expect(took).toBeLessThan(wire * 1.5);
      expect(slow.emulator.receipts()[0]?.lines).toContain('C101');
    } finally {
      await slow.cleanup();
    }
  });
});
