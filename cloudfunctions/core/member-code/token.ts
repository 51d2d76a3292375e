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
//
// A checkout ticket (C1, same shape) is what a cashier's lookup hands back: it names the member
// the cashier just scanned, is signed together with the till (that cashier at that store, which
// the token does not carry, so it is no use anywhere else), and lasts 10 minutes, long enough to
// key in an order without rescanning.
//
// A gift code (G1) is the same mechanism for a gift-item coupon (兑换券): the coupon's id takes the
// member id's place, same key, same 60 s window and 30 s refresh:
//
//   G1.<coupon id>.<issued at, seconds, base36>.<HMAC-SHA256 of everything before it, 16 bytes, base64url>
//
// The version is part of what is signed, and each verifier accepts only its own versions, so a
// member code is never a gift code nor the other way round (GIFT_CODE_INVALID / MEMBER_CODE_INVALID).

export const MEMBER_CODE_VERSION = 'M1';
export const MEMBER_CODE_TTL_MS = 60_000;
export const MEMBER_CODE_REFRESH_MS = 30_000;
export const CHECKOUT_TICKET_VERSION = 'C1';
export const CHECKOUT_TICKET_TTL_MS = 10 * 60_000;
export const GIFT_CODE_VERSION = 'G1';
export const GIFT_CODE_TTL_MS = MEMBER_CODE_TTL_MS;
export const GIFT_CODE_REFRESH_MS = MEMBER_CODE_REFRESH_MS;
/** How far a code's issue time may lie ahead of the verifying server's clock (instances drift). */
export const MEMBER_CODE_MAX_SKEW_MS = 5_000;

const SIGNATURE_BYTES = 16;
const SIGNATURE = /^[A-Za-z0-9_-]{22}$/;
const SECONDS = /^[1-9a-z][0-9a-z]{0,8}$/;
const HEX_ID = /^m_[0-9a-f]{32}$/;
const PACKED_HEX_ID = /^h[A-Za-z0-9_-]{22}$/;
const RAW_ID = /^r[A-Za-z0-9_-]{1,64}$/;
const COUPON_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface IssuedMemberCode {
  token: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface VerifiedMemberCode {
  memberId: string;
  issuedAt: Date;
  /** A checkout ticket rather than the member's own code. */
  ticket: boolean;
}

export function issueMemberCode(memberId: string, now: Date, secret: string): IssuedMemberCode {
  return issue(MEMBER_CODE_VERSION, memberId, now, secret, '', MEMBER_CODE_TTL_MS);
}

/** For the till that looked the member up (see `tillOf`), and no other. */
export function issueCheckoutTicket(memberId: string, till: string, now: Date, secret: string): IssuedMemberCode {
  return issue(CHECKOUT_TICKET_VERSION, memberId, now, secret, till, CHECKOUT_TICKET_TTL_MS);
}

function issue(version: string, memberId: string, now: Date, secret: string, boundTo: string, ttlMs: number): IssuedMemberCode {
  return issuePacked(version, packMemberId(memberId), now, secret, boundTo, ttlMs);
}

function issuePacked(version: string, subject: string, now: Date, secret: string, boundTo: string, ttlMs: number): IssuedMemberCode {
  const seconds = Math.floor(now.getTime() / 1000);
  const body = `${version}.${subject}.${seconds.toString(36)}`;
  const issuedAt = new Date(seconds * 1000);
  return { token: `${body}.${sign(signedText(body, boundTo), secret)}`, issuedAt, expiresAt: new Date(issuedAt.getTime() + ttlMs) };
}

/**
 * Checks a scanned token: a member code, or, when a till is given, a checkout ticket issued to it. Throws MEMBER_CODE_INVALID for anything not signed by us (forged, altered,
 * malformed, another version, another till's ticket) and MEMBER_CODE_EXPIRED for a genuine
 * one outside its window. The signature is checked before the time, so an expired answer proves
 * authenticity.
 */
export function verifyMemberCode(token: unknown, now: Date, secret: string, till?: string): VerifiedMemberCode {
  const verified = verifyMemberCodeSignature(token, secret, till);
  const ttl = verified.ticket ? CHECKOUT_TICKET_TTL_MS : MEMBER_CODE_TTL_MS;
  const age = now.getTime() - verified.issuedAt.getTime();
  if (age > ttl || age < -MEMBER_CODE_MAX_SKEW_MS) throw new BusinessError('MEMBER_CODE_EXPIRED');
  return verified;
}

/**
 * Only that the token is genuine, whatever its age: for recognising the retry of a request that
 * was first made while the code was fresh (a retry must answer the first outcome).
 */
export function verifyMemberCodeSignature(token: unknown, secret: string, till?: string): VerifiedMemberCode {
  if (typeof token !== 'string' || token.length > 128) throw invalid();
  const parts = token.trim().split('.');
  if (parts.length !== 4) throw invalid();
  const [version, packedId, seconds, signature] = parts;
  const ticket = version === CHECKOUT_TICKET_VERSION;
  if ((version !== MEMBER_CODE_VERSION && !ticket) || (ticket && !till)) throw invalid();
  if (!SECONDS.test(seconds) || !SIGNATURE.test(signature)) throw invalid();
  const memberId = unpackMemberId(packedId);
  if (memberId === null) throw invalid();

  // Compared as text, not as decoded bytes: base64url's last character carries spare bits, and
  // another spelling of the same signature must not pass. Lengths are equal by the SIGNATURE shape.
  const expected = Buffer.from(sign(signedText(`${version}.${packedId}.${seconds}`, ticket ? till! : ''), secret), 'ascii');
  const given = Buffer.from(signature, 'ascii');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();

  return { memberId, issuedAt: new Date(parseInt(seconds, 36) * 1000), ticket };
}

export interface VerifiedGiftCode {
  couponId: string;
  issuedAt: Date;
}

/** A gift-item coupon's code, for the member to show at the counter. */
export function issueGiftCode(couponId: string, now: Date, secret: string): IssuedMemberCode {
  if (!COUPON_ID.test(couponId)) throw new Error(`coupon id ${JSON.stringify(couponId)} cannot travel in a gift code`);
  return issuePacked(GIFT_CODE_VERSION, couponId, now, secret, '', GIFT_CODE_TTL_MS);
}

/**
 * A scanned gift code: GIFT_CODE_INVALID for anything not a gift code signed by us (a member
 * code, a ticket, forged or altered), GIFT_CODE_EXPIRED for a genuine one outside its window.
 */
export function verifyGiftCode(token: unknown, now: Date, secret: string): VerifiedGiftCode {
  const verified = verifyGiftCodeSignature(token, secret);
  const age = now.getTime() - verified.issuedAt.getTime();
  if (age > GIFT_CODE_TTL_MS || age < -MEMBER_CODE_MAX_SKEW_MS) throw new BusinessError('GIFT_CODE_EXPIRED');
  return verified;
}

/** Only that the gift code is genuine, whatever its age (to recognise a retry). */
export function verifyGiftCodeSignature(token: unknown, secret: string): VerifiedGiftCode {
  const invalidGift = () => new BusinessError('GIFT_CODE_INVALID');
  if (typeof token !== 'string' || token.length > 128) throw invalidGift();
  const parts = token.trim().split('.');
  if (parts.length !== 4) throw invalidGift();
  const [version, couponId, seconds, signature] = parts;
  if (version !== GIFT_CODE_VERSION || !COUPON_ID.test(couponId) || !SECONDS.test(seconds) || !SIGNATURE.test(signature)) throw invalidGift();
  const expected = Buffer.from(sign(`${version}.${couponId}.${seconds}`, secret), 'ascii');
  const given = Buffer.from(signature, 'ascii');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidGift();
  return { couponId, issuedAt: new Date(parseInt(seconds, 36) * 1000) };
}

/** A ticket's signature also covers the till it was issued to, which the token does not carry. */
function signedText(body: string, boundTo: string): string {
  return boundTo ? `${body}\n${boundTo}` : body;
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
