import type { LocalCloud } from '../../scripts/local-cloud';
import { resolveMemberByCode, verifyMemberCode } from '../../cloudfunctions/core/member-code';
import { callAs, snapshotAll, startTestCloud } from '../support/cloud';

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(() => cloud.close());
afterEach(() => {
  delete process.env.LOCAL_CLOCK_OFFSET_MS;
});

const secret = () => process.env.MEMBER_CODE_SECRET as string;
import { sdkDb as db } from '../stores/helpers';

describe('member.memberCode', () => {
  it('gives a registered member a signed code for their own member id', async () => {
    const me = await callAs(cloud, 'openid-code-1', 'member', 'me');
    const before = Date.now();
    const result = await callAs(cloud, 'openid-code-1', 'member', 'memberCode');
    expect(result.ok).toBe(true);
    const { token, memberNo, issuedAt, expiresAt, refreshAfterMs } = result.data;
    expect(memberNo).toBe(me.data.member.memberNo);
    expect(refreshAfterMs).toBe(30_000);
    expect(new Date(expiresAt).getTime() - new Date(issuedAt).getTime()).toBe(60_000);
    expect(Math.abs(new Date(issuedAt).getTime() - before)).toBeLessThan(2_000);
    expect(token.length).toBeLessThan(60);

    const member = cloud.db.dump('members').find((m) => m.memberNo === memberNo);
    expect(verifyMemberCode(token, new Date(), secret()).memberId).toBe(member._id);
    const resolved = await resolveMemberByCode({ db: db(), now: new Date() }, token);
    expect(resolved).toMatchObject({ _id: member._id, memberNo, openid: 'openid-code-1' });
  });

  it('answers MEMBER_NOT_FOUND to a caller who never registered, and registers no one', async () => {
    const before = snapshotAll(cloud);
    const result = await callAs(cloud, 'openid-stranger', 'member', 'memberCode');
    expect(result).toMatchObject({ ok: false, code: 'MEMBER_NOT_FOUND' });
    expect(snapshotAll(cloud)).toEqual(before);
  });

  it('refuses extra input', async () => {
    const result = await callAs(cloud, 'openid-code-1', 'member', 'memberCode', { memberId: 'someone-else' });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'memberId' });
  });

  it('issues by the server clock, and its code expires 60 s after that', async () => {
    await callAs(cloud, 'openid-code-2', 'member', 'me');
    process.env.LOCAL_CLOCK_OFFSET_MS = String(-10 * 60_000);
    const result = await callAs(cloud, 'openid-code-2', 'member', 'memberCode');
    delete process.env.LOCAL_CLOCK_OFFSET_MS;
    const issuedAt = new Date(result.data.issuedAt).getTime();
    expect(Math.abs(issuedAt - (Date.now() - 10 * 60_000))).toBeLessThan(2_000);

    const token = result.data.token;
    expect(() => verifyMemberCode(token, new Date(issuedAt + 59_000), secret())).not.toThrow();
    const expired = resolveMemberByCode({ db: db(), now: new Date() }, token);
    await expect(expired).rejects.toMatchObject({ code: 'MEMBER_CODE_EXPIRED' });
  });

  it('gives each refresh a new token for the same member', async () => {
    await callAs(cloud, 'openid-code-3', 'member', 'me');
    const first = await callAs(cloud, 'openid-code-3', 'member', 'memberCode');
    process.env.LOCAL_CLOCK_OFFSET_MS = '30000';
    const second = await callAs(cloud, 'openid-code-3', 'member', 'memberCode');
    expect(second.data.token).not.toBe(first.data.token);
    const now = new Date(Date.now() + 30_000);
    expect(verifyMemberCode(second.data.token, now, secret()).memberId).toBe(verifyMemberCode(first.data.token, now, secret()).memberId);
  });

  it('answers MEMBER_NOT_FOUND when the member a code names is gone', async () => {
    const { token } = (await callAs(cloud, 'openid-code-1', 'member', 'memberCode')).data;
    const other = require('../../cloudfunctions/core/member-code').issueMemberCode('m_00000000000000000000000000000000', new Date(), secret()).token;
    await expect(resolveMemberByCode({ db: db(), now: new Date() }, other)).rejects.toMatchObject({ code: 'MEMBER_NOT_FOUND' });
    await expect(resolveMemberByCode({ db: db(), now: new Date() }, token.replace(/.$/, (c: string) => (c === 'A' ? 'B' : 'A')))).rejects.toMatchObject({ code: 'MEMBER_CODE_INVALID' });
  });

  it('fails loudly, not with a weak key, when the secret is not configured', async () => {
    const saved = process.env.MEMBER_CODE_SECRET;
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => {});
    delete process.env.MEMBER_CODE_SECRET;
    try {
      const result = await callAs(cloud, 'openid-code-1', 'member', 'memberCode');
      expect(result).toMatchObject({ ok: false, code: 'INTERNAL' });
      expect(String(quiet.mock.calls[0]?.[1])).toMatch(/MEMBER_CODE_SECRET is not set/);
    } finally {
      process.env.MEMBER_CODE_SECRET = saved;
      quiet.mockRestore();
    }
  });
});
