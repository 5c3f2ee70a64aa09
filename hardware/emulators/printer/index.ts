export {
  PRINTER_FAULT_DESCRIPTIONS,
  PRINTER_FAULT_NAMES,
  PrinterEmulator,
  dleEotReply,
  gsRPaperReply,
  startPrinterEmulator,
  type PrinterEmulatorOptions,
  type PrinterFaultInjection,
  type PrinterFaultName,
} from './emulator.ts';
export { EscPosParser, parseEscPos, type EscPosCommand } from './escpos-decoder.ts';
export { ReceiptModel, receiptsFromCommands, type Receipt, type ReceiptItem } from './receipt-model.ts';
export { renderReceiptSvg } from './render-svg.ts';
