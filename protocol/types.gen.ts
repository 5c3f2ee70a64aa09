// Generated from protocol/openapi.json by protocol/generate-types.ts. Do not edit by hand:
// run `npm run gen:protocol` (test/unit/protocol/types.test.ts fails while this file is stale).

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

export type DocumentKind = 'catalog' | 'hall-config' | 'staff';
export const documentKindValues = ['catalog', 'hall-config', 'staff'] as const;

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
  /** The signed JSON text, an object {kind, version, issuedAt, content} */
  document: string;
  /** Ed25519 signature of the UTF-8 bytes of `document`, base64 */
  signature: string;
  /** First 16 hex digits of SHA-256 of the raw 32-byte public key */
  keyId: string;
}

/** Every component schema by its name in the document. */
export interface Schemas {
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
}

/** Request body and 200 answer of each operation (undefined: none). */
export interface Operations {
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

export type OperationId = 'register' | 'getTime' | 'pushEvents' | 'getDocument';
export const operationIds = ['register', 'getTime', 'pushEvents', 'getDocument'] as const;
