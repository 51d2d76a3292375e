import { GIFT_CODE_REFRESH_MS, GIFT_CODE_TTL_MS, issueCheckoutTicket, issueGiftCode, issueMemberCode, verifyGiftCode, verifyGiftCodeSignature, verifyMemberCode } from '../../cloudfunctions/core/member-code';

// The gift code (G1): the member-code mechanism for a gift-item coupon. Pure: a table of tokens
// and moments with the answer written by hand.

const SECRET = 'test-member-code-secret-0123456789';
const COUPON = '5dbaf8ac1c2e38ca480b13142eee578b';
const T0 = new Date('2025-03-01T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code ?? `plain Error: ${(error as Error).message}`;
  }
  return 'ok';
}

const gift = issueGiftCode(COUPON, T0, SECRET);
const parts = gift.token.split('.');
const withPart = (index: number, value: string) => parts.map((p, i) => (i === index ? value : p)).join('.');

it('is G1.<coupon id>.<seconds base36>.<22-character signature>, 60 s, refreshed every 30 s', () => {
  expect(gift.token).toMatch(new RegExp(`^G1\\.${COUPON}\\.[0-9a-z]+\\.[A-Za-z0-9_-]{22}$`));
  expect(parts[2]).toBe((1740816000).toString(36));
  expect(gift.issuedAt).toEqual(T0);
  expect(gift.expiresAt).toEqual(new Date('2025-03-01T08:01:00.000Z'));
  expect([GIFT_CODE_TTL_MS, GIFT_CODE_REFRESH_MS]).toEqual([60_000, 30_000]);
  expect(verifyGiftCode(gift.token, T0, SECRET)).toEqual({ couponId: COUPON, issuedAt: T0 });
});

it('floors the issue time to its second', () => {
  expect(issueGiftCode(COUPON, at(999), SECRET).token).toBe(gift.token);
});

const member = issueMemberCode('m_0123456789abcdef0123456789abcdef', T0, SECRET).token;
const ticket = issueCheckoutTicket('m_0123456789abcdef0123456789abcdef', 'till', T0, SECRET).token;

it.each([
  ['fresh', gift.token, 0, 'ok'],
  ['30 s old', gift.token, 30_000, 'ok'],
  ['exactly 60 s old', gift.token, 60_000, 'ok'],
  ['60.001 s old', gift.token, 60_001, 'GIFT_CODE_EXPIRED'],
  ['5 s ahead of the server (drift allowed)', gift.token, -5_000, 'ok'],
  ['5.001 s ahead', gift.token, -5_001, 'GIFT_CODE_EXPIRED'],
  ['signed with another key', issueGiftCode(COUPON, T0, 'another-secret-0123456789').token, 0, 'GIFT_CODE_INVALID'],
  ['another coupon under this signature', withPart(1, 'c-other'), 0, 'GIFT_CODE_INVALID'],
  ['a younger time under this signature', withPart(2, (1740816030).toString(36)), 30_000, 'GIFT_CODE_INVALID'],
  ['an altered signature', withPart(3, `${parts[3][0] === 'A' ? 'B' : 'A'}${parts[3].slice(1)}`), 0, 'GIFT_CODE_INVALID'],
  ['a member code', member, 0, 'GIFT_CODE_INVALID'],
  ['a checkout ticket', ticket, 0, 'GIFT_CODE_INVALID'],
  ['the member-code version on a gift body', withPart(0, 'M1'), 0, 'GIFT_CODE_INVALID'],
  ['a fifth part', `${gift.token}.x`, 0, 'GIFT_CODE_INVALID'],
  ['not a string', 42, 0, 'GIFT_CODE_INVALID'],
  ['too long', `G1.${'a'.repeat(130)}.1.AAAAAAAAAAAAAAAAAAAAAA`, 0, 'GIFT_CODE_INVALID'],
] as [string, unknown, number, string][])('%s → %s', (_name, token, offset, expected) => {
  expect(codeOf(() => verifyGiftCode(token, at(offset), SECRET))).toBe(expected);
});

it('a gift code is never a member code, with or without a till', () => {
  expect(codeOf(() => verifyMemberCode(gift.token, T0, SECRET))).toBe('MEMBER_CODE_INVALID');
  expect(codeOf(() => verifyMemberCode(gift.token, T0, SECRET, 'till'))).toBe('MEMBER_CODE_INVALID');
});

it('the signature check alone ignores age (for recognising a retry)', () => {
  expect(verifyGiftCodeSignature(gift.token, SECRET)).toEqual({ couponId: COUPON, issuedAt: T0 });
  expect(codeOf(() => verifyGiftCodeSignature(withPart(1, 'c-other'), SECRET))).toBe('GIFT_CODE_INVALID');
});

it('refuses to issue for an id that cannot travel in a code', () => {
  expect(codeOf(() => issueGiftCode('a/b', T0, SECRET))).toMatch(/^plain Error/);
});
