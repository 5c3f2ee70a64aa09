// Faults the reader driver reports. The codes are stable: the UI maps each to a sentence in its languages.

export const READER_FAULT_CODES = [
  'device-unreachable',
  'garbled',
  'reader-rejected-command',
  'sam-unauthorised',
  'sam-fault',
  'unstable-card',
  'read-failed',
  'card-authentication-failed',
  'unknown-card-type',
  'card-data-invalid',
] as const;

export type ReaderFaultCode = (typeof READER_FAULT_CODES)[number];

/** One line of plain English per code, for logs and the maintenance screen. */
export const READER_FAULT_DESCRIPTIONS: Readonly<Record<ReaderFaultCode, string>> = {
  'device-unreachable':
    'The ID card reader does not answer (unplugged, powered off or wrong port or baud rate).',
  garbled: 'The ID card reader sent damaged data (bad checksum or length); check the cable.',
  'reader-rejected-command':
    'The ID card reader rejected a command (checksum, length or command error on its side).',
  'sam-unauthorised': 'The security module (SAM) of the reader is not authorised.',
  'sam-fault': 'The security module (SAM) of the reader reports a fault.',
  'unstable-card': 'A card was found but could not be selected; it may have moved or be placed badly.',
  'read-failed': 'The card could not be read; it may have moved or be damaged.',
  'card-authentication-failed':
    'The card and the reader could not authenticate each other; the card may be damaged or not genuine.',
  'unknown-card-type': 'The card is not a type this kiosk can read.',
  'card-data-invalid': 'The card was read but its data is not valid.',
};

/** Faults about the device itself (as opposed to the card on it): they last until the reader recovers. */
export const DEVICE_FAULT_CODES: ReadonlySet<ReaderFaultCode> = new Set([
  'device-unreachable',
  'sam-unauthorised',
  'sam-fault',
]);

export interface ReaderFault {
  code: ReaderFaultCode;
  /** Plain English, free of personal data. */
  message: string;
  /** The reader's status byte, when the fault came from one. */
  sw3?: number;
  at: number;
}
