import { describe, expect, it } from 'vitest';
import { contract } from '../../../protocol/contract.ts';
import {
  generateSigningKeys,
  parsePublicKey,
  signDocument,
  verifyDocument,
} from '../../../protocol/signing.ts';

describe('signed documents', () => {
  const keys = generateSigningKeys();
  const trusted = parsePublicKey(keys.publicKeyBase64);
  const signed = signDocument(keys.privateKeyPem, {
    kind: 'catalog',
    version: 3,
    issuedAt: '2025-01-01T00:00:00.000Z',
    content: { items: [1] },
  });

  it('verifies a genuine document and matches the contract', () => {
    expect(verifyDocument(signed, trusted.key)).toMatchObject({ ok: true, body: { version: 3 } });
    expect(contract().checkResponse('getDocument', 200, signed)).toBeNull();
    expect(trusted.keyId).toBe(signed.keyId);
    expect(parsePublicKey(keys.publicKeyPem).keyId).toBe(trusted.keyId);
  });

  it('refuses a changed text, a relabelled version and a foreign key', () => {
    const tampered = { ...signed, document: signed.document.replace('[1]', '[2]') };
    expect(verifyDocument(tampered, trusted.key)).toMatchObject({ ok: false });
    expect(verifyDocument({ ...signed, version: 4 }, trusted.key)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/offered as catalog version 4/),
    });
    const other = generateSigningKeys();
    expect(verifyDocument(signed, parsePublicKey(other.publicKeyBase64).key)).toMatchObject({ ok: false });
  });

  it('the contract rejects answers that break it', () => {
    expect(
      contract().checkResponse('pushEvents', 200, { receipts: [], lastSeq: -1, serverTime: 'now' }),
    ).not.toBeNull();
    expect(contract().checkResponse('pushEvents', 418, {})).toMatch(/not a documented answer/);
  });
});
