import { expectLayoutFits, print } from '../../support/receipt.ts';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRINTER_PROFILE } from '../../../hardware/printer/profile.ts';
import { renderTestPage } from '../../../hardware/printer/test-page.ts';

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
