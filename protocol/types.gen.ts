// Generated from protocol/openapi.json by protocol/generate-types.ts. Do not edit by hand:
// run `npm run gen:protocol` (test/unit/protocol/types.test.ts fails while this file is stale).

/** A queue number as printed, e.g. A3-017 (line A, kiosk mark 3, 17th of the day) or a desk number. */
export type TicketNumber = string;

export interface CallEvent {
  number: TicketNumber;
  /** The business line's prefix. */
  line: string;
  /** A window called the number, finished serving it, or gave up on it (过号). */
  action: 'called' | 'served' | 'no-show';
  window: string;
  at?: Timestamp;
}

export interface CallAccepted {
  accepted: true;
}

export interface HallQueue {
  businessDay: string;
  asOf: Timestamp;
  lines: {
    line: string;
    /** Tickets of every kiosk of the hall, issued today and not yet called, voided or given up. */
    waiting: number;
    lastCalled: TicketNumber | null;
    /** The same waiting tickets by lane priority, highest first. A ticket in a priority lane (elderly, disability…) is called before every lower one, so the people ahead of it are those waiting at its priority or higher. Absent from a central system that does not count them. */
    waitingByPriority?: {
      priority: number;
      waiting: number;
    }[];
  }[];
}

export type KioskId = string;

/** ISO 8601 date-time with offset */
export type Timestamp = string;

/** UUID chosen by the kiosk when the record is written */
export type IdempotencyKey = string;

export type EventType = 'ticket' | 'prereview' | 'commitment' | 'evaluation' | 'device-health' | 'audit';
export const eventTypeValues = [
  'ticket',
  'prereview',
  'commitment',
  'evaluation',
  'device-health',
  'audit',
] as const;

/** `catalog`: city-wide or for one hall; `hall-config` and `staff`: for one hall; `credit-restrictions`: city-wide. */
export type DocumentKind = 'catalog' | 'hall-config' | 'staff' | 'credit-restrictions';
export const documentKindValues = ['catalog', 'hall-config', 'staff', 'credit-restrictions'] as const;

export interface Problem {
  error:
    | 'bad-request'
    | 'unauthorized'
    | 'forbidden'
    | 'sequence-gap'
    | 'sequence-conflict'
    | 'too-large'
    | 'busy'
    | 'internal';
  message: string;
  expectedSeq?: number;
}

export interface RegisterRequest {
  kioskId: KioskId;
  enrollmentToken: string;
  softwareVersion?: string;
  /** A secret the kiosk derives from the token and a key of its own (the same on every retry, also after a restart). The first redemption binds the token to it: a repeat with the same attempt (the answer was lost) gets a fresh credential; anyone else holding the token is refused. */
  attempt?: string;
}

export interface RegisterResponse {
  kioskId: KioskId;
  credential: string;
  nextSeq: number;
  serverTime: Timestamp;
}

export interface TimeResponse {
  serverTime: Timestamp;
}

export interface EventRecord {
  seq: number;
  key: IdempotencyKey;
  type: EventType;
  occurredAt: Timestamp;
  payload: Record<string, unknown>;
  /** Personal fields (PIPL): only over HTTPS; the kiosk deletes its copy after the retention period */
  personal?: Record<string, unknown>;
}

export interface PushRequest {
  records: EventRecord[];
}

export interface Receipt {
  key: IdempotencyKey;
  seq: number;
  status: 'applied' | 'duplicate';
}

export interface PushResponse {
  receipts: Receipt[];
  lastSeq: number;
  serverTime: Timestamp;
}

export interface SignedDocument {
  kind: DocumentKind;
  version: number;
  publishedAt: Timestamp;
  /** The signed JSON text, an object {kind, version, issuedAt, hall?, content} */
  document: string;
  /** Ed25519 signature of the UTF-8 bytes of `document`, base64 */
  signature: string;
  /** First 16 hex digits of SHA-256 of the raw 32-byte public key */
  keyId: string;
  /** The hall the document is for; absent for a city-wide document. It is inside the signed text too. */
  hall?: HallId;
}

/** A hall's id, as in the hall configuration (`hallId`) */
export type HallId = string;

export interface CreditRestriction {
  /** Lowercase hex SHA-256 of the UTF-8 text 'gov-kiosk-credit-v1:' followed by the upper-cased ID number or unified social credit code; no plain ID number travels */
  subject: string;
  /** Restricted up to and including this hall-local date; null until the credit is repaired */
  until: string | null;
  /** Why (shown to staff) */
  basis: string;
}

/** Content of a signed `credit-restrictions` document (city-wide). Each version replaces the list whole. */
export interface CreditRestrictionsContent {
  entries: CreditRestriction[];
}

export interface LocalText {
  'zh-CN': string;
  en: string;
}

export interface HallNotice {
  id: string;
  level: 'info' | 'warning';
  text: LocalText;
  from?: string;
  until?: string;
}

/** Content of a signed `hall-config` document: the kiosk's hall configuration (lines with hours and daily caps, the hall's hours, kiosk marks; the kiosk checks the rest of the shape) plus the hall's notices and its hotline. `hallId` must equal the document's `hall`. */
export interface HallConfigContent {
  schemaVersion: 1;
  hallId: HallId;
  lines: Record<string, unknown>[];
  kiosks: Record<string, unknown>[];
  hours: Record<string, unknown>;
  notices?: HallNotice[];
  /** The hall's service hotline, e.g. 12345 */
  hotline?: string;
}

/** Every component schema by its name in the document. */
export interface Schemas {
  TicketNumber: TicketNumber;
  CallEvent: CallEvent;
  CallAccepted: CallAccepted;
  HallQueue: HallQueue;
  KioskId: KioskId;
  Timestamp: Timestamp;
  IdempotencyKey: IdempotencyKey;
  EventType: EventType;
  DocumentKind: DocumentKind;
  Problem: Problem;
  RegisterRequest: RegisterRequest;
  RegisterResponse: RegisterResponse;
  TimeResponse: TimeResponse;
  EventRecord: EventRecord;
  PushRequest: PushRequest;
  Receipt: Receipt;
  PushResponse: PushResponse;
  SignedDocument: SignedDocument;
  HallId: HallId;
  CreditRestriction: CreditRestriction;
  CreditRestrictionsContent: CreditRestrictionsContent;
  LocalText: LocalText;
  HallNotice: HallNotice;
  HallConfigContent: HallConfigContent;
}

/** Request body and 200 answer of each operation (undefined: none). */
export interface Operations {
  reportCall: {
    request: CallEvent;
    response: undefined;
  };
  getHallQueue: {
    request: undefined;
    response: HallQueue;
  };
  register: {
    request: RegisterRequest;
    response: RegisterResponse;
  };
  getTime: {
    request: undefined;
    response: TimeResponse;
  };
  pushEvents: {
    request: PushRequest;
    response: PushResponse;
  };
  getDocument: {
    request: undefined;
    response: SignedDocument;
  };
}

export type OperationId =
  'reportCall' | 'getHallQueue' | 'register' | 'getTime' | 'pushEvents' | 'getDocument';
export const operationIds = [
  'reportCall',
  'getHallQueue',
  'register',
  'getTime',
  'pushEvents',
  'getDocument',
] as const;
