// The sync protocol's TypeScript types are generated from openapi.json; this proves the committed file is
// what the document gives today, and that values typed with them pass the schemas both sides validate with.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contract, documentKinds, eventTypes } from '../../../protocol/contract.ts';
import { generateProtocolTypes, type OpenApiDocument } from '../../../protocol/generate-types.ts';
import openapi from '../../../protocol/openapi.json' with { type: 'json' };
import type { EventRecord, Problem, Schemas, SignedDocument } from '../../../protocol/types.gen.ts';
import { protocolTypesFile, renderProtocolTypes } from '../../../scripts/gen-protocol-types.ts';

describe('protocol types generated from openapi.json', () => {
  it('the committed types.gen.ts is what the document generates (run `npm run gen:protocol` if not)', async () => {
    expect(fs.readFileSync(protocolTypesFile, 'utf8')).toBe(await renderProtocolTypes());
  });

  it('has one generated type per component schema', () => {
    // A compile-time check as well: a component missing from Schemas fails the typecheck here.
    const names: Record<keyof typeof openapi.components.schemas, true> = {
      KioskId: true,
      Timestamp: true,
      IdempotencyKey: true,
      EventType: true,
      DocumentKind: true,
      Problem: true,
      RegisterRequest: true,
      RegisterResponse: true,
      TimeResponse: true,
      EventRecord: true,
      PushRequest: true,
      Receipt: true,
      PushResponse: true,
      SignedDocument: true,
      HallId: true,
      CreditRestriction: true,
      CreditRestrictionsContent: true,
      LocalText: true,
      HallNotice: true,
      HallConfigContent: true,
    } satisfies Record<keyof Schemas, true>;
    expect(Object.keys(names).sort()).toEqual(Object.keys(openapi.components.schemas).sort());
  });

  it('the enum lists are the document’s, without a cast', () => {
    expect(eventTypes).toEqual(openapi.components.schemas.EventType.enum);
    expect(documentKinds).toEqual(openapi.components.schemas.DocumentKind.enum);
  });

  it('a value of a generated type passes the schema; a wrong one does not', () => {
    const record: EventRecord = {
      seq: 1,
      key: '0b9a8f7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
      type: 'ticket',
      occurredAt: '2026-05-06T09:31:00+08:00',
      payload: { line: 'A' },
    };
    const problem: Problem = { error: 'sequence-gap', message: 'expected 4', expectedSeq: 4 };
    const signed: SignedDocument = {
      kind: 'catalog',
      version: 3,
      publishedAt: '2026-05-06T01:00:00Z',
      document: '{}',
      signature: `${'A'.repeat(86)}==`,
      keyId: '0123456789abcdef',
    };
    const sync = contract();
    expect(sync.is('EventRecord', record)).toBe(true);
    expect(sync.is('Problem', problem)).toBe(true);
    expect(sync.is('SignedDocument', signed)).toBe(true);
    expect(sync.is('EventRecord', { ...record, type: 'coffee' })).toBe(false);
    expect(sync.is('Problem', { message: 'no error code' })).toBe(false);
    expect(sync.is('SignedDocument', { ...signed, extra: 1 })).toBe(false);
  });

  it('the generator refuses schema constructs it cannot type, rather than widening them', () => {
    const document = (schema: object): OpenApiDocument =>
      ({ paths: {}, components: { schemas: { X: schema } } }) as OpenApiDocument;
    expect(() => generateProtocolTypes(document({ allOf: [{ type: 'string' }] }))).toThrow(/unsupported/);
    expect(() => generateProtocolTypes(document({ oneOf: [{ type: 'string' }, { not: {} }] }))).toThrow(
      /unsupported/,
    );
    expect(generateProtocolTypes(document({ oneOf: [{ type: 'string' }, { type: 'null' }] }))).toContain(
      'export type X = string | null;',
    );
    expect(() => generateProtocolTypes(document({ $ref: 'other.json#/X' }))).toThrow(/unsupported \$ref/);
    expect(() => generateProtocolTypes(document({ type: 'integer', enum: [1, 2] }))).toThrow(/string enums/);
    expect(generateProtocolTypes(document({ type: 'string', enum: ['a', "b'c"] }))).toContain(
      "export type X = 'a' | 'b\\'c';",
    );
  });
});
