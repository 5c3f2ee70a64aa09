import { doc, type PrintBlock, type PrintDocument } from './document.ts';
import type { PrinterProfile } from './profile.ts';
import type { PrinterStatus } from './status.ts';
import { DEFAULT_LAYOUT, formatDateTime, type TemplateLayout } from './layout.ts';

export interface TestPageData {
  kioskId: string;
  printedAt: Date;
  profile: PrinterProfile;
  /** The status read just before printing; absent when it could not be read. */
  status?: PrinterStatus;
}

const yesNo = (value: boolean): string => (value ? '是' : '否');

/** "1234567890" repeated, and a "----+----1" ruler, to check the column count and alignment. */
export function columnRulers(columns: number): [string, string] {
  let digits = '';
  let ticks = '';
  for (let i = 1; i <= columns; i++) {
    digits += String(i % 10);
    ticks += i % 10 === 0 ? String((i / 10) % 10) : i % 5 === 0 ? '+' : '-';
  }
  return [digits, ticks];
}

export const LATIN_SAMPLE = [
  'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  'abcdefghijklmnopqrstuvwxyz',
  '0123456789 !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
];
export const CHINESE_SAMPLE = [
  '政务服务自助终端打印测试',
  '一次性告知单 容缺受理承诺书 排队取号凭条',
  '全角标点：，。、；：？！（）《》“”【】',
  '常用字：赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨',
];
/** A CJK extension B character (4-byte GB18030): printed as itself or as a visible substitute. */
export const RARE_CHARACTER_SAMPLE = '生僻字（四字节）：𠮷';

export function renderTestPage(data: TestPageData, layout: TemplateLayout = DEFAULT_LAYOUT): PrintDocument {
  const columns = data.profile.columns;
  const blocks: PrintBlock[] = [
    doc.center('打印机测试页', { bold: true, size: { width: 2, height: 2 } }),
    doc.center('PRINTER TEST PAGE'),
    doc.rule('='),
    doc.pair('终端编号', data.kioskId),
    doc.pair('打印时间', formatDateTime(data.printedAt, layout.timeZone)),
    doc.pair('型号配置', data.profile.name),
    doc.pair('每行字数', `${columns} 列 / ${Math.floor(columns / 2)} 个汉字`),
    doc.pair('切纸方式', data.profile.cut.mode),
    doc.pair('状态查询', data.profile.statusDialect === 'gs-r' ? 'DLE EOT + GS r' : 'DLE EOT'),
    doc.rule('-'),
    doc.text('打印机状态', { bold: true }),
  ];
  const status = data.status;
  if (status) {
    blocks.push(
      doc.pair('联机', yesNo(status.online)),
      doc.pair('上盖打开', yesNo(status.coverOpen)),
      doc.pair('缺纸', yesNo(status.paperEnd)),
      doc.pair('纸将尽', yesNo(status.paperNearEnd)),
      doc.pair('切刀错误', yesNo(status.cutterError)),
      doc.pair('机械错误', yesNo(status.mechanicalError)),
      doc.pair('不可恢复错误', yesNo(status.unrecoverableError)),
      doc.pair('可自动恢复错误', yesNo(status.autoRecoverableError)),
    );
  } else {
    blocks.push(doc.text('未能读取状态'));
  }
  const [digits, ticks] = columnRulers(columns);
  blocks.push(
    doc.rule('-'),
    doc.text('列宽标尺', { bold: true }),
    doc.text(digits),
    doc.text(ticks),
    doc.rule('-'),
    doc.text('中文字符集（GB18030）', { bold: true }),
    ...CHINESE_SAMPLE.map((line) => doc.text(line)),
    doc.text(RARE_CHARACTER_SAMPLE),
    doc.rule('-'),
    doc.text('Latin / ASCII', { bold: true }),
    ...LATIN_SAMPLE.map((line) => doc.text(line)),
    doc.rule('-'),
    doc.text('字号 1×1', { size: { width: 1, height: 1 } }),
    doc.text('字号 2×2', { size: { width: 2, height: 2 } }),
    doc.text('字号 3×3', { size: { width: 3, height: 3 } }),
    doc.text('加粗 Bold', { bold: true }),
    doc.rule('-'),
    doc.text('二维码 QR', { bold: true }),
    doc.qr(`TEST-PAGE ${data.kioskId}`),
    doc.text('条码 CODE128', { bold: true }),
    doc.barcode(`TEST-${data.kioskId}`.slice(0, 20)),
    doc.center('— 测试页结束 —'),
    doc.cut(),
  );
  return { title: 'printer test page', blocks };
}
