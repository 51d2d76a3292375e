import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs, snapshotAll, startTestCloud } from '../support/cloud';

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
  await callAs(cloud, 'openid-existing', 'member', 'me'); // some state that must stay untouched
});
afterAll(() => cloud.close());

/** Runs a bad call and proves it changed nothing. */
async function rejected(run: () => Promise<any>) {
  const before = snapshotAll(cloud);
  const result = await run();
  expect(snapshotAll(cloud)).toEqual(before);
  expect(result.ok).toBe(false);
  expect(typeof result.message).toBe('string');
  expect(result.message).toMatch(/[\u4e00-\u9fa5]/); // Chinese, for the UI
  return result;
}

describe('the function boundary', () => {
  it('answers UNKNOWN_ACTION for an action the function does not have', async () => {
    const result = await rejected(() => callAs(cloud, 'openid-x', 'member', 'dropTables'));
    expect(result.code).toBe('UNKNOWN_ACTION');
  });

  it('does not treat inherited object properties as actions', async () => {
    expect((await rejected(() => callAs(cloud, 'openid-x', 'member', 'constructor'))).code).toBe('UNKNOWN_ACTION');
    expect((await rejected(() => callAs(cloud, 'openid-x', 'member', '__proto__'))).code).toBe('UNKNOWN_ACTION');
  });

  it('answers INVALID_INPUT naming the field when the schema refuses the data', async () => {
    const result = await rejected(() => callAs(cloud, 'openid-x', 'member', 'me', { unexpected: 1 }));
    expect(result).toMatchObject({ code: 'INVALID_INPUT', field: 'unexpected' });
  });

  it('refuses a payload that is not an object', async () => {
    for (const event of [null, 'me', 42, ['me']]) {
      const result = await rejected(() => cloud.host.invoke('member', event, { openid: 'openid-x' }) as Promise<any>);
      expect(result.code).toBe('INVALID_INPUT');
    }
    const result = await rejected(() => callAs(cloud, 'openid-x', 'member', 'me', 'not-an-object'));
    expect(result).toMatchObject({ code: 'INVALID_INPUT', field: 'data' });
  });

  it('refuses a payload over 64 KB', async () => {
    const result = await rejected(() => callAs(cloud, 'openid-x', 'member', 'me', { blob: 'x'.repeat(65 * 1024) }));
    expect(result.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a call without a WeChat identity', async () => {
    const result = await rejected(() => callAs(cloud, undefined, 'member', 'me'));
    expect(result.code).toBe('UNAUTHENTICATED');
  });

  it('ignores an openid placed in the payload', async () => {
    const result = await callAs(cloud, 'openid-real', 'member', 'me', {});
    const spoof = await rejected(() => callAs(cloud, 'openid-real', 'member', 'me', { openid: 'openid-existing' }));
    expect(spoof.code).toBe('INVALID_INPUT');
    const member = cloud.db.dump('members').find((m) => m.memberNo === result.data.member.memberNo);
    expect(member.openid).toBe('openid-real');
  });

  it('refuses staff and operator functions to callers without the role, before looking at the action', async () => {
    const db = require('wx-server-sdk').database();
    await db.collection('staff').doc('openid-former-staff').set({ data: { storeId: 's1', active: false } });
    await db.collection('stores').doc('s1').set({ data: { name: '门店', address: '地址', active: true } });
    await db.collection('staff').doc('openid-staff').set({ data: { storeId: 's1', active: true } });
    await db.collection('operators').doc('openid-no-roles').set({ data: { role: 'nobody', active: true } });
    await db.collection('operators').doc('openid-operator').set({ data: { role: 'owner', active: true } });

    for (const openid of ['openid-existing', 'openid-former-staff', 'openid-operator']) {
      expect((await rejected(() => callAs(cloud, openid, 'staff', 'anything'))).code).toBe('FORBIDDEN');
    }
    for (const openid of ['openid-existing', 'openid-no-roles', 'openid-staff']) {
      expect((await rejected(() => callAs(cloud, openid, 'admin', 'anything'))).code).toBe('FORBIDDEN');
    }
    expect((await rejected(() => callAs(cloud, 'openid-staff', 'staff', 'anything'))).code).toBe('UNKNOWN_ACTION');
    expect((await rejected(() => callAs(cloud, 'openid-operator', 'admin', 'anything'))).code).toBe('UNKNOWN_ACTION');
  });

  it('tells 我的 which work entries to show, by the same checks the staff and admin functions make', async () => {
    const db = require('wx-server-sdk').database();
    await db.collection('stores').doc('s1').set({ data: { name: '门店', address: '地址', active: true } });
    await db.collection('stores').doc('s-closed').set({ data: { name: '旧店', address: '地址', active: false } });
    await db.collection('staff').doc('openid-staff').set({ data: { storeId: 's1', active: true } });
    await db.collection('staff').doc('openid-closed-store').set({ data: { storeId: 's-closed', active: true } });
    await db.collection('operators').doc('openid-operator').set({ data: { role: 'owner', active: true } });
    const rolesOf = async (openid: string) => (await callAs(cloud, openid, 'member', 'myRoles', {})).data;
    expect(await rolesOf('openid-member')).toEqual({ staff: false, operator: false });
    expect(await rolesOf('openid-staff')).toEqual({ staff: true, operator: false });
    expect(await rolesOf('openid-closed-store')).toEqual({ staff: false, operator: false });
    expect(await rolesOf('openid-operator')).toEqual({ staff: false, operator: true });
  });

  it('refuses the cron function to a user and runs it for the timer', async () => {
    const byUser = await rejected(() => callAs(cloud, 'openid-existing', 'cron', 'tick'));
    expect(byUser.code).toBe('FORBIDDEN');
    const byTimer = (await cloud.host.invoke('cron', { Type: 'Timer', TriggerName: 'every-15-minutes', Time: new Date().toISOString() }, { source: 'timer' })) as any;
    expect(byTimer.ok).toBe(true);
    expect(byTimer.data.jobs.map((job: { name: string }) => job.name)).toEqual(['wallet-refunds', 'points-expiry', 'points-expiry-reminders', 'tier-evaluation', 'requests-retention', 'overview-rollup', 'bulk-grants', 'coupon-issues', 'tier-gifts', 'welcome-gifts', 'birthday-gifts', 'coupon-expiry-reminders', 'referral-rewards', 'membership-packs', 'membership-expiry-reminders']);
  });
});
