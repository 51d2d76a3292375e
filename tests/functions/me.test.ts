import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs, startTestCloud } from '../support/cloud';

let cloud: LocalCloud;
beforeEach(async () => {
  cloud = await startTestCloud();
});
afterEach(() => cloud.close());

describe('member.me', () => {
  it('registers a first-time caller with zeroed balances and returns the home snapshot', async () => {
    const first = await callAs(cloud, 'openid-new-1', 'member', 'me');
    expect(first.ok).toBe(true);
    expect(first.data.registeredNow).toBe(true);
    expect(first.data.balances).toEqual({ points: 0, growth: 0, walletPrincipal: 0, walletBonus: 0 });
    expect(first.data.member.memberNo).toMatch(/^[1-9]\d{9}$/);
    expect(first.data.tier.name).toBeTruthy();

    const members = cloud.db.dump('members');
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ openid: 'openid-new-1', memberNo: first.data.member.memberNo });
    const accounts = cloud.db.dump('accounts');
    expect(accounts.map((a) => a.asset).sort()).toEqual(['growth', 'points', 'wallet_bonus', 'wallet_principal']);
    expect(accounts.every((a) => a.balance === 0 && a.memberId === members[0]._id)).toBe(true);

    const again = await callAs(cloud, 'openid-new-1', 'member', 'me');
    expect(again.data.registeredNow).toBe(false);
    expect(again.data.member.memberNo).toBe(first.data.member.memberNo);
    expect(cloud.db.dump('members')).toHaveLength(1);
  });

  it('creates exactly one member when two first calls from one openid race', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => callAs(cloud, 'openid-racer', 'member', 'me')));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => r.data.member.memberNo)).size).toBe(1);
    expect(results.filter((r) => r.data.registeredNow)).toHaveLength(1);
    expect(cloud.db.dump('members')).toHaveLength(1);
    expect(cloud.db.dump('identities')).toHaveLength(1);
    expect(cloud.db.dump('accounts')).toHaveLength(4);
  });

  it('gives different callers different members', async () => {
    const a = await callAs(cloud, 'openid-a', 'member', 'me');
    const b = await callAs(cloud, 'openid-b', 'member', 'me');
    expect(a.data.member.memberNo).not.toBe(b.data.member.memberNo);
    expect(cloud.db.dump('members')).toHaveLength(2);
  });

  it('shows the brand and tier an operator configured', async () => {
    const db = require('wx-server-sdk').database();
    await db.collection('settings').doc('brand').set({
      data: { name: '测试咖啡', logoText: '测', primaryColor: '#123456', timeZone: 'Asia/Shanghai', tiers: [{ code: 'silver', name: '银卡', color: '#aaaaaa', threshold: 0 }] },
    });
    const result = await callAs(cloud, 'openid-brand', 'member', 'me');
    expect(result.data.brand).toEqual({ name: '测试咖啡', logoText: '测', primaryColor: '#123456' });
    expect(result.data.tier).toEqual({ code: 'silver', name: '银卡', color: '#aaaaaa' });
  });
});
