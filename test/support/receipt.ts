// Slips and pages read back as a customer would see them: encoded for the default printer profile,
// decoded by the emulator's ESC/POS parser, with checks every printed document must pass.
import { expect } from 'vitest';
import { parseEscPos } from '../../hardware/emulators/printer/escpos-decoder.ts';
import { receiptsFromCommands, type Receipt } from '../../hardware/emulators/printer/receipt-model.ts';
import type { PrintDocument } from '../../hardware/printer/document.ts';
import { encodeDocument } from '../../hardware/printer/encode.ts';
import { DEFAULT_PRINTER_PROFILE } from '../../hardware/printer/profile.ts';

export function print(document: PrintDocument): Receipt {
  const receipts = receiptsFromCommands(parseEscPos(encodeDocument(document, DEFAULT_PRINTER_PROFILE)));
  expect(receipts).toHaveLength(1);
  const receipt = receipts[0] as Receipt;
  expect(receipt.unknownCommands).toEqual([]);
  expect(receipt.cut).toBe(true);
  return receipt;
}

/** Every text line fits the paper: no line was wrapped by the printer instead of by the layout. */
export function expectLayoutFits(document: PrintDocument, receipt: Receipt): void {
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
