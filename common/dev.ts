// The developer panel's view of the emulated devices. Served only when hardware is emulated; a
// kiosk with real ports configured answers every dev: request with `forbidden`.

export interface DevReceipt {
  id: number;
  receivedAt: string;
  complete: boolean;
  cut: boolean;
  lines: string[];
  qr: string[];
  /** The receipt drawn as paper, as an SVG document. */
  svg: string;
}

/** A fault the emulator can be told to have: its name, and what it does in one line. */
export interface DevFault {
  name: string;
  description: string;
}

export interface DevIdCardState {
  deck: Array<{ id: string; label: string; kind: string }>;
  currentCardId: string | null;
  fault: string | null;
  faults: DevFault[];
  plugged: boolean;
  baudRate: number;
}

export interface DevPrinterState {
  fault: string | null;
  faults: DevFault[];
  plugged: boolean;
  baudRate: number;
  receipts: DevReceipt[];
}

export interface DevState {
  idcard: DevIdCardState | null;
  printer: DevPrinterState | null;
}
