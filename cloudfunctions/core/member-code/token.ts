import { createHmac, timingSafeEqual } from 'crypto';
import { BusinessError } from '../platform/business-error';

// The member code: a signed, short-lived token that a QR code carries from the member's phone
// to the staff scanner. Pure: no database, no clock, no configuration.
//
//   M1.<member id>.<issued at, seconds, base36>.<HMAC-SHA256 of everything before it, 16 bytes, base64url>
//
// A member id of the form `m_<32 hex>` (every id registration makes) travels as `h` + its 16
// bytes in base64url; any other id travels as `r` + itself. The usual token is 56 characters.
//
// A screenshot stays usable for its 60 seconds, no longer: the window is what keeps a code
// from being replayed, so staff actions that accept one must still be idempotent by request id.

export const MEMBER_CODE_VERSION = 'M1';
export const MEMBER_CODE_TTL_MS = 60_000;
export const MEMBER_CODE_REFRESH_MS = 30_000;
/** How far a code's issue time may lie ahead of the verifying server's clock (instances drift). */
export const MEMBER_CODE_MAX_SKEW_MS = 5_000;

const SIGNATURE_BYTES = 16;
const SIGNATURE = /^[A-Za-z0-9_-]{22}$/;
const SECONDS = /^[1-9a-z][0-9a-z]{0,8}$/;
const HEX_ID = /^m_[0-9a-f]{32}$/;
const PACKED_HEX_ID = /^h[A-Za-z0-9_-]{22}$/;
const RAW_ID = /^r[A-Za-z0-9_-]{1,64}$/;

export interface IssuedMemberCode {
  token: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface VerifiedMemberCode {
  memberId: string;
  issuedAt: Date;
}

export function issueMemberCode(memberId: string, now: Date, secret: string): IssuedMemberCode {
  const seconds = Math.floor(now.getTime() / 1000);
  const body = `${MEMBER_CODE_VERSION}.${packMemberId(memberId)}.${seconds.toString(36)}`;
  const issuedAt = new Date(seconds * 1000);
  return { token: `${body}.${sign(body, secret)}`, issuedAt, expiresAt: new Date(issuedAt.getTime() + MEMBER_CODE_TTL_MS) };
}

/**
 * Checks a scanned token. Throws MEMBER_CODE_INVALID for anything not signed by us (forged,
 * altered, malformed, another version) and MEMBER_CODE_EXPIRED for a genuine code outside its
 * window. The signature is checked before the time, so an expired answer proves authenticity.
 */
export function verifyMemberCode(token: unknown, now: Date, secret: string): VerifiedMemberCode {
  const verified = verifyMemberCodeSignature(token, secret);
  const age = now.getTime() - verified.issuedAt.getTime();
  if (age > MEMBER_CODE_TTL_MS || age < -MEMBER_CODE_MAX_SKEW_MS) throw new BusinessError('MEMBER_CODE_EXPIRED');
  return verified;
}

/**
 * Only that the code is genuine, whatever its age: for recognising the retry of a request that
 * was first made while the code was fresh (a retry must answer the first outcome).
 */
export function verifyMemberCodeSignature(token: unknown, secret: string): VerifiedMemberCode {
  if (typeof token !== 'string' || token.length > 128) throw invalid();
  const parts = token.trim().split('.');
  if (parts.length !== 4) throw invalid();
  const [version, packedId, seconds, signature] = parts;
  if (version !== MEMBER_CODE_VERSION || !SECONDS.test(seconds) || !SIGNATURE.test(signature)) throw invalid();
  const memberId = unpackMemberId(packedId);
  if (memberId === null) throw invalid();

  // Compared as text, not as decoded bytes: base64url's last character carries spare bits, and
  // another spelling of the same signature must not pass. Lengths are equal by the SIGNATURE shape.
  const expected = Buffer.from(sign(`${version}.${packedId}.${seconds}`, secret), 'ascii');
  const given = Buffer.from(signature, 'ascii');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();

  return { memberId, issuedAt: new Date(parseInt(seconds, 36) * 1000) };
}

function sign(body: string, secret: string): string {
  if (!secret) throw new Error('member code secret is empty');
  return createHmac('sha256', secret).update(body).digest().subarray(0, SIGNATURE_BYTES).toString('base64url');
}

function packMemberId(memberId: string): string {
  if (HEX_ID.test(memberId)) return `h${Buffer.from(memberId.slice(2), 'hex').toString('base64url')}`;
  if (RAW_ID.test(`r${memberId}`)) return `r${memberId}`;
  throw new Error(`member id ${JSON.stringify(memberId)} cannot travel in a member code`);
}

function unpackMemberId(packed: string): string | null {
  if (PACKED_HEX_ID.test(packed)) {
    const bytes = Buffer.from(packed.slice(1), 'base64url');
    // Only the canonical spelling decodes: another string for the same bytes is not ours.
    if (bytes.length !== 16 || bytes.toString('base64url') !== packed.slice(1)) return null;
    return `m_${bytes.toString('hex')}`;
  }
  if (RAW_ID.test(packed)) return packed.slice(1);
  return null;
}

function invalid(): BusinessError {
  return new BusinessError('MEMBER_CODE_INVALID');
}
