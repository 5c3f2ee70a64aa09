// Ed25519 signing of published documents (catalog, hall configuration, staff accounts). The private
// key stays with the publisher (`admin.ts sign`); the central server stores and serves signed
// documents without being able to forge one; kiosks verify against a configured public key.
import crypto from 'node:crypto';
import type { DocumentKind, SignedDocument } from './contract.ts';

/** The signed text: kind and version are inside the signature so a server cannot relabel an old
 *  document as a new version or a catalog as a staff list. */
export interface DocumentBody {
  kind: DocumentKind;
  version: number;
  issuedAt: string;
  /** The hall it is for; absent for a city-wide document. Signed, so a server cannot hand one
   *  hall's staff list or configuration to another hall. */
  hall?: string;
  content: unknown;
}

export interface SigningKeys {
  privateKeyPem: string;
  publicKeyPem: string;
  /** The raw 32-byte public key, base64: what a kiosk's configuration holds. */
  publicKeyBase64: string;
  keyId: string;
}

export function generateSigningKeys(): SigningKeys {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const raw = rawPublicKey(publicKey);
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    publicKeyBase64: raw.toString('base64'),
    keyId: keyIdOf(raw),
  };
}

function rawPublicKey(key: crypto.KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('Not an Ed25519 public key.');
  return Buffer.from(jwk.x, 'base64url');
}

export function keyIdOf(rawKey: Buffer): string {
  return crypto.createHash('sha256').update(rawKey).digest('hex').slice(0, 16);
}

/** Accepts a PEM (SPKI) public key or the raw 32-byte key in base64 / base64url / hex. */
export function parsePublicKey(text: string): { key: crypto.KeyObject; keyId: string } {
  const trimmed = text.trim();
  let key: crypto.KeyObject;
  if (trimmed.startsWith('-----BEGIN')) {
    key = crypto.createPublicKey(trimmed);
  } else {
    const raw = /^[0-9a-fA-F]{64}$/.test(trimmed)
      ? Buffer.from(trimmed, 'hex')
      : Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (raw.length !== 32) throw new Error('An Ed25519 public key is 32 bytes.');
    key = crypto.createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
      format: 'jwk',
    });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('The public key is not an Ed25519 key.');
  return { key, keyId: keyIdOf(rawPublicKey(key)) };
}

export function signDocument(
  privateKeyPem: string,
  body: DocumentBody,
  publishedAt: string = new Date().toISOString(),
): SignedDocument {
  const privateKey = crypto.createPrivateKey(privateKeyPem);
  const publicKey = crypto.createPublicKey(privateKey);
  const document = JSON.stringify(body);
  const signature = crypto.sign(null, Buffer.from(document, 'utf8'), privateKey).toString('base64');
  return {
    kind: body.kind,
    version: body.version,
    publishedAt,
    document,
    signature,
    keyId: keyIdOf(rawPublicKey(publicKey)),
    ...(body.hall !== undefined ? { hall: body.hall } : {}),
  };
}

export type VerifyResult = { ok: true; body: DocumentBody } | { ok: false; reason: string };

/** Checks a signed document against the trusted key: signature over the exact bytes, then that the
 *  signed text agrees with the envelope. Never throws; the reason is a plain sentence. */
export function verifyDocument(signed: SignedDocument, trusted: crypto.KeyObject): VerifyResult {
  let valid = false;
  try {
    valid = crypto.verify(
      null,
      Buffer.from(signed.document, 'utf8'),
      trusted,
      Buffer.from(signed.signature, 'base64'),
    );
  } catch {
    valid = false;
  }
  if (!valid)
    return {
      ok: false,
      reason: `The ${signed.kind} version ${signed.version} has no valid signature from the trusted publisher key.`,
    };
  let body: DocumentBody;
  try {
    body = JSON.parse(signed.document) as DocumentBody;
  } catch {
    return { ok: false, reason: `The signed ${signed.kind} is not valid JSON.` };
  }
  if (!body || typeof body !== 'object' || body.kind !== signed.kind || body.version !== signed.version)
    return {
      ok: false,
      reason: `The signed text says ${String(body?.kind)} version ${String(body?.version)}, but it was offered as ${signed.kind} version ${signed.version}.`,
    };
  if ((body.hall ?? null) !== (signed.hall ?? null))
    return {
      ok: false,
      reason: `The signed ${signed.kind} is for ${body.hall ? `hall ${body.hall}` : 'the whole city'}, but it was offered as ${signed.hall ? `hall ${signed.hall}'s` : 'city-wide'}.`,
    };
  return { ok: true, body };
}
