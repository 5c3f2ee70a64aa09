// The developer panel's requests: drive the emulators from the screen. Refused outright when the
// kiosk runs on real hardware, so a production kiosk never exposes them.
import { EventEmitter } from 'node:events';
import type { DevReceipt, DevState } from '../../common/dev.ts';
import {
  READER_FAULT_INJECTION_DESCRIPTIONS,
  READER_FAULT_INJECTIONS,
  type ReaderFaultInjection,
} from '../../hardware/emulators/idcard/emulator.ts';
import {
  PRINTER_FAULT_DESCRIPTIONS,
  PRINTER_FAULT_NAMES,
  type PrinterFaultName,
} from '../../hardware/emulators/printer/emulator.ts';
import type { Receipt } from '../../hardware/emulators/printer/receipt-model.ts';
import { renderReceiptSvg } from '../../hardware/emulators/printer/render-svg.ts';
import { renderTestPage } from '../../hardware/printer/test-page.ts';
import { DEFAULT_PRINTER_PROFILE } from '../../hardware/printer/profile.ts';
import { KioskError } from '../errors.ts';
import { redactText } from '../../common/log.ts';
import type { EventBus } from '../services/event-bus.ts';
import type { EmulatedDevices } from './emulated-devices.ts';
import { printFailureKey, type PrinterDevice } from './printer-device.ts';

const receiptsShown = 6;

// The panel shows the last receipts to whoever stands at the screen, so the next person would read
// the previous one's name (issue #14, finding 10). The paper itself is the person's; the panel's
// copy keeps the layout and masks what is personal: the value after a personal label, and
// anything shaped like an ID or mobile number.
const personalLabels = [
  '法定代表人',
  '申请人',
  '代办人',
  '监护人',
  '负责人',
  '经办人',
  '委托人',
  '受托人',
  '姓名',
  '持卡人',
  'Name',
  'Applicant',
  // English slips (issue 15) name the agent by role.
  'Legal representative',
  'Guardian',
  'Agent',
];
// A label is a field only when a colon or a space follows it (「申请人  马秀兰」): inside running text
// (「代办人证件号码」, 「（代办人提供）」) it names no one and stays as printed.
const labelledValue = new RegExp(`(${personalLabels.join('|')})([:：\\s]+)(\\S+)`, 'g');

/** A name becomes its first character and stars (张三 → 张*), whatever its length. */
export function maskReceiptLine(line: string): string {
  return redactText(line).replace(
    labelledValue,
    (_match, label: string, gap: string, value: string) =>
      `${label}${gap}${[...value][0] ?? ''}${'*'.repeat(Math.max(1, [...value].length - 1))}`,
  );
}

function maskedReceipt(receipt: Receipt): Receipt {
  return {
    ...receipt,
    lines: receipt.lines.map(maskReceiptLine),
    items: receipt.items.map((item) => {
      if (item.kind !== 'text') return item;
      const text = maskReceiptLine(item.text);
      if (text === item.text) return item;
      // A masked line keeps its first run's style: good enough for a preview, and no run can
      // carry the unmasked text.
      return { ...item, text, runs: item.runs.slice(0, 1).map((run) => ({ ...run, text })) };
    }),
  };
}

/** What the dev: requests ask of the emulated reader and printer (one request per verb). */
export type ReaderAction =
  | { action: 'place'; cardId: string }
  | { action: 'remove' }
  | { action: 'fault'; fault: string | null }
  | { action: 'unplug' }
  | { action: 'replug' };
export type PrinterAction =
  | { action: 'fault'; fault: string | null }
  | { action: 'unplug' }
  | { action: 'replug' }
  | { action: 'clear' }
  | { action: 'test-page' };

export class DevPanelService {
  private readonly changes = new EventEmitter();

  constructor(
    private readonly emulated: EmulatedDevices | null,
    private readonly printer: PrinterDevice | null,
    private readonly bus: EventBus,
    private readonly kioskId: string,
  ) {
    const publish = () => this.bus.emit('dev:changed', this.state());
    emulated?.idcard?.on('placed', publish);
    emulated?.idcard?.on('removed', publish);
    emulated?.printer?.on('receipt', publish);
    emulated?.printer?.on('faults', publish);
    this.changes.on('change', publish);
  }

  private require(): EmulatedDevices {
    if (!this.emulated)
      throw new KioskError(
        'forbidden',
        'This kiosk runs on real devices; there is no developer panel.',
        'dev.notAvailable',
      );
    return this.emulated;
  }

  state(): DevState {
    const emulated = this.require();
    const idcard = emulated.idcard;
    const printer = emulated.printer;
    return {
      idcard: idcard
        ? {
            deck: idcard.deck().map((card) => ({ id: card.id, label: card.label, kind: card.kind })),
            currentCardId: idcard.currentCardId ?? null,
            fault: idcard.currentFault,
            faults: idcard
              .faults()
              .map((name) => ({ name, description: READER_FAULT_INJECTION_DESCRIPTIONS[name] })),
            plugged: idcard.plugged,
            baudRate: idcard.baudRate,
          }
        : null,
      printer: printer
        ? {
            fault: printer.faults()[0] ?? null,
            faults: PRINTER_FAULT_NAMES.map((name) => ({
              name,
              description: PRINTER_FAULT_DESCRIPTIONS[name],
            })),
            plugged: printer.plugged,
            baudRate: printer.baudRate,
            receipts: printer
              .receipts()
              .slice(-receiptsShown)
              .reverse()
              .map(maskedReceipt)
              .map((receipt): DevReceipt => ({
                id: receipt.id,
                receivedAt: new Date(receipt.receivedAt).toISOString(),
                complete: receipt.complete,
                cut: receipt.cut,
                lines: receipt.lines,
                qr: receipt.qrPayloads,
                svg: renderReceiptSvg(receipt),
              })),
          }
        : null,
    };
  }

  async idcard(args: ReaderAction): Promise<DevState> {
    const reader = this.require().idcard;
    if (!reader) throw new KioskError('not-found', 'The ID card reader is not enabled on this kiosk.');
    switch (args.action) {
      case 'place':
        if (!reader.deck().some((card) => card.id === args.cardId))
          throw new KioskError('not-found', `No card ${args.cardId} in the deck.`);
        reader.placeCard(args.cardId);
        break;
      case 'remove':
        reader.removeCard();
        break;
      case 'fault':
        if (args.fault !== null && !(READER_FAULT_INJECTIONS as readonly string[]).includes(args.fault)) {
          throw new KioskError('bad-request', `Unknown reader fault ${args.fault}.`);
        }
        reader.setFault(args.fault as ReaderFaultInjection | null);
        break;
      case 'unplug':
        await reader.unplug();
        break;
      case 'replug':
        await reader.replug();
        break;
    }
    this.changes.emit('change');
    return this.state();
  }

  async printerAction(args: PrinterAction): Promise<DevState> {
    const emulator = this.require().printer;
    if (!emulator) throw new KioskError('not-found', 'The printer is not enabled on this kiosk.');
    switch (args.action) {
      case 'fault':
        if (args.fault !== null && !(PRINTER_FAULT_NAMES as readonly string[]).includes(args.fault)) {
          throw new KioskError('bad-request', `Unknown printer fault ${args.fault}.`);
        }
        emulator.setFault(args.fault as PrinterFaultName | null);
        break;
      case 'unplug':
        await emulator.unplug();
        break;
      case 'replug':
        await emulator.replug();
        break;
      case 'clear':
        emulator.clearReceipts();
        break;
      case 'test-page': {
        if (!this.printer) throw new KioskError('not-found', 'The printer is not enabled on this kiosk.');
        const status = this.printer.printer.status().printer;
        const outcome = await this.printer.print(
          renderTestPage({
            kioskId: this.kioskId,
            printedAt: new Date(),
            profile: DEFAULT_PRINTER_PROFILE,
            status,
          }),
        );
        if (!outcome.ok) throw new KioskError('unavailable', outcome.message, printFailureKey(outcome.code));
        break;
      }
    }
    this.changes.emit('change');
    return this.state();
  }
}
