export { doc, printBlockSchema, printDocumentSchema, textSizeSchema } from './document.ts';
export type { Align, PrintBlock, PrintDocument, TextSize } from './document.ts';
export {
  ESC_INIT,
  FS_CHINESE_ON,
  encodeDocument,
  encodeDocumentDetailed,
  qrCommands,
  type EncodeOptions,
  type EncodedDocument,
} from './encode.ts';
export {
  PrinterQueryError,
  TicketPrinter,
  type PrintFailureCode,
  type PrintOutcome,
  type PrinterDeviceStatus,
  type TicketPrinterOptions,
} from './driver.ts';
export {
  DEFAULT_PRINTER_PROFILE,
  parsePrinterProfile,
  printerProfileSchema,
  type PrinterProfile,
  type ProfileResult,
} from './profile.ts';
export {
  GS_R_PAPER,
  PRINTER_PROBLEM_MESSAGES,
  canPrint,
  combineStatus,
  decodeErrorCause,
  decodeGsRPaperStatus,
  decodeOfflineCause,
  decodePaperSensor,
  decodePrinterStatus,
  decodeStatusReplies,
  describeStatus,
  dleEot,
  printerProblem,
  type PrinterProblem,
  type PrinterProblemCode,
  type PrinterStatus,
} from './status.ts';
export {
  UNPRINTABLE_MARK,
  displayWidth,
  prepareText,
  wrapText,
  type SubstituteFn,
  type Substitution,
} from './text.ts';
export * from './layout.ts';
// The device self-test page. The business slips are filled and kept beside their code:
// main/queue/slips (ticket, voucher, daily summary) and main/prereview/slips (notice, commitment).
export * from './test-page.ts';
