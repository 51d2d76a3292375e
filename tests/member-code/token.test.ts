import { CHECKOUT_TICKET_TTL_MS, MEMBER_CODE_TTL_MS, issueCheckoutTicket, issueMemberCode, memberCodeSecret, verifyMemberCode } from '../../cloudfunctions/core/member-code';

const SECRET = 'test-member-code-secret-0123456789';
const MEMBER = 'm_0123456789abcdef0123456789abcdef';
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

/** Replaces one dot-separated part of a token. */
function withPart(token: string, index: number, value: string): string {
  const parts = token.split('.');
  parts[index] = value;
  return parts.join('.');
}

describe('member code tokens', () => {
  const { token, issuedAt, expiresAt } = issueMemberCode(MEMBER, T0, SECRET);

  it('is compact and QR-friendly', () => {
    expect(token).toMatch(/^M1\.[A-Za-z0-9_-]+\.[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);
    expect(token.length).toBeLessThan(60);
    expect(issuedAt).toEqual(T0);
    expect(expiresAt.getTime() - issuedAt.getTime()).toBe(MEMBER_CODE_TTL_MS);
  });

  it('verifies a fresh token and names its member', () => {
    expect(verifyMemberCode(token, T0, SECRET)).toEqual({ memberId: MEMBER, issuedAt: T0, ticket: false });
    expect(verifyMemberCode(token, at(30_000), SECRET).memberId).toBe(MEMBER);
    expect(verifyMemberCode(token, at(60_000), SECRET).memberId).toBe(MEMBER);
  });

  it('carries member ids of other shapes too', () => {
    for (const id of ['member-7', 'M_UPPER', 'm_0123']) {
      const other = issueMemberCode(id, T0, SECRET).token;
      expect(verifyMemberCode(other, T0, SECRET).memberId).toBe(id);
    }
    expect(() => issueMemberCode('has.dot', T0, SECRET)).toThrow(/cannot travel/);
  });

  it.each<[string, string, number]>([
    ['61 s old', 'MEMBER_CODE_EXPIRED', 61_000],
    ['an hour old', 'MEMBER_CODE_EXPIRED', 3_600_000],
    ['issued 3 s ahead of this server (clock drift)', 'ok', -3_000],
    ['issued 10 s in the future', 'MEMBER_CODE_EXPIRED', -10_000],
  ])('when %s, answers %s', (_, expected, age) => {
    expect(codeOf(() => verifyMemberCode(token, at(age), SECRET))).toBe(expected);
  });

  it('refuses a token signed with another secret', () => {
    const forged = issueMemberCode(MEMBER, T0, 'someone-elses-secret-0123456789').token;
    expect(codeOf(() => verifyMemberCode(forged, T0, SECRET))).toBe('MEMBER_CODE_INVALID');
  });

  it('refuses a tampered signature, member or time', () => {
    const [, packedId, seconds, signature] = token.split('.');
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const otherMember = issueMemberCode('m_ffffffffffffffffffffffffffffffff', T0, SECRET).token.split('.')[1];
    const tampered = [
      withPart(token, 3, flip(signature, 0)),
      withPart(token, 3, flip(signature, 21)),
      withPart(token, 1, otherMember),
      withPart(token, 1, flip(packedId, 5)),
      withPart(token, 2, (parseInt(seconds, 36) + 1).toString(36)),
      withPart(token, 2, (parseInt(seconds, 36) - 30).toString(36)),
      withPart(token, 2, `0${seconds}`),
      withPart(token, 0, 'M2'),
      withPart(token, 0, 'm1'),
    ];
    for (const bad of tampered) expect([bad, codeOf(() => verifyMemberCode(bad, T0, SECRET))]).toEqual([bad, 'MEMBER_CODE_INVALID']);
  });

  it('refuses garbage as invalid, never with a plain error', () => {
    const garbage: unknown[] = [
      '', ' ', 'M1', 'M1...', 'M1.a.b.c', `${token}.extra`, token.slice(0, -1), token.replace(/\./g, ''),
      'x'.repeat(10_000), '会员码', 'M1.h会员.1.2', `M1.h${'A'.repeat(22)}.zzzzzzzzzzzz.${'A'.repeat(22)}`,
      null, undefined, 42, {}, ['M1'],
    ];
    for (const bad of garbage) expect([bad, codeOf(() => verifyMemberCode(bad, T0, SECRET))]).toEqual([bad, 'MEMBER_CODE_INVALID']);
  });

  it('accepts the token with surrounding whitespace from a scanner', () => {
    expect(verifyMemberCode(` ${token}\n`, T0, SECRET).memberId).toBe(MEMBER);
  });

  it('refuses to run without a usable secret', () => {
    expect(() => memberCodeSecret({})).toThrow(/MEMBER_CODE_SECRET is not set/);
    expect(() => memberCodeSecret({ MEMBER_CODE_SECRET: '' })).toThrow(/MEMBER_CODE_SECRET is not set/);
    expect(() => memberCodeSecret({ MEMBER_CODE_SECRET: 'short' })).toThrow(/too short/);
    expect(memberCodeSecret({ MEMBER_CODE_SECRET: SECRET })).toBe(SECRET);
  });
});

describe('checkout tickets', () => {
  const { token } = issueCheckoutTicket(MEMBER, 'openid-cashier', T0, SECRET);

  it('name the member for the cashier they were issued to, for ten minutes', () => {
    expect(token).toMatch(/^C1\./);
    expect(verifyMemberCode(token, at(CHECKOUT_TICKET_TTL_MS), SECRET, 'openid-cashier')).toEqual({ memberId: MEMBER, issuedAt: T0, ticket: true });
    expect(codeOf(() => verifyMemberCode(token, at(CHECKOUT_TICKET_TTL_MS + 1000), SECRET, 'openid-cashier'))).toBe('MEMBER_CODE_EXPIRED');
  });

  it('are no use to another cashier, or as a member code', () => {
    expect(codeOf(() => verifyMemberCode(token, T0, SECRET, 'openid-other-cashier'))).toBe('MEMBER_CODE_INVALID');
    expect(codeOf(() => verifyMemberCode(token, T0, SECRET))).toBe('MEMBER_CODE_INVALID');
    // Nor does relabelling a member code as a ticket, or a ticket as a member code, pass.
    expect(codeOf(() => verifyMemberCode(withPart(issueMemberCode(MEMBER, T0, SECRET).token, 0, 'C1'), T0, SECRET, 'openid-cashier'))).toBe('MEMBER_CODE_INVALID');
    expect(codeOf(() => verifyMemberCode(withPart(token, 0, 'M1'), T0, SECRET, 'openid-cashier'))).toBe('MEMBER_CODE_INVALID');
  });
});
