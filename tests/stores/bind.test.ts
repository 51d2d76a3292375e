import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs, startTestCloud } from '../support/cloud';
import { admin, makeOperator, newBindingCode, newStore, rejectedWithoutChange, rid, sdkDb } from './helpers';

let cloud: LocalCloud;
beforeEach(async () => {
  cloud = await startTestCloud();
  await makeOperator();
});
afterEach(() => {
  delete process.env.LOCAL_CLOCK_OFFSET_MS;
  return cloud.close();
});

const bindStaff = (openid: string, code: unknown, requestId = rid()) => callAs(cloud, openid, 'member', 'bindStaff', { code }, requestId);

describe('member.bindStaff', () => {
  it('makes the caller staff of the code’s store and spends the code', async () => {
    const storeId = await newStore(cloud, '国贸店');
    const code = await newBindingCode(cloud, storeId, '王芳');
    expect((await callAs(cloud, 'openid-new-staff', 'staff', 'whoami')).code).toBe('FORBIDDEN');

    const result = await bindStaff('openid-new-staff', code);
    expect(result).toEqual({ ok: true, data: { storeId, storeName: '国贸店', staffName: '王芳' } });
    const [staff] = cloud.db.dump('staff');
    expect(staff).toMatchObject({ _id: 'openid-new-staff', storeId, name: '王芳', active: true });
    expect(staff.boundAt).toBeTruthy();
    expect(cloud.db.dump('staff_binding_codes')[0]).toMatchObject({ _id: code, usedBy: 'openid-new-staff' });

    const whoami = await callAs(cloud, 'openid-new-staff', 'staff', 'whoami');
    expect(whoami).toEqual({ ok: true, data: { storeId, storeName: '国贸店', staffName: '王芳' } });
  });

  it('accepts the code as people type it: lower case, spaces, a dash', async () => {
    const storeId = await newStore(cloud);
    const code = await newBindingCode(cloud, storeId);
    const typed = ` ${code.slice(0, 4).toLowerCase()}-${code.slice(4)} `;
    expect((await bindStaff('openid-typist', typed)).ok).toBe(true);
    expect(cloud.db.dump('staff')).toHaveLength(1);
  });

  it('lets exactly one of several people racing for one code become staff', async () => {
    const storeId = await newStore(cloud);
    const code = await newBindingCode(cloud, storeId);
    const racers = ['openid-r1', 'openid-r2', 'openid-r3', 'openid-r4', 'openid-r5', 'openid-r6'];
    const results = await Promise.all(racers.map((openid) => bindStaff(openid, code)));
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => r.code === 'BINDING_CODE_INVALID')).toBe(true);
    const staff = cloud.db.dump('staff');
    expect(staff).toHaveLength(1);
    expect(cloud.db.dump('staff_binding_codes')[0].usedBy).toBe(staff[0]._id);
  });

  it('refuses a used code to someone else', async () => {
    const storeId = await newStore(cloud);
    const code = await newBindingCode(cloud, storeId);
    await bindStaff('openid-first', code);
    const result = await rejectedWithoutChange(cloud, () => bindStaff('openid-second', code), ['requests', 'rate_limits']);
    expect(result).toMatchObject({ code: 'BINDING_CODE_INVALID', field: 'code' });
  });

  it('gives the binding back to the same person re-submitting a code they used', async () => {
    const storeId = await newStore(cloud, '国贸店');
    const code = await newBindingCode(cloud, storeId, '王芳');
    await bindStaff('openid-twice', code);
    expect(await bindStaff('openid-twice', code)).toEqual({ ok: true, data: { storeId, storeName: '国贸店', staffName: '王芳' } });
    // Once an operator has deactivated them, the old code does not bring them back.
    await admin(cloud, 'deactivateStaff', { openid: 'openid-twice' });
    expect((await bindStaff('openid-twice', code)).code).toBe('BINDING_CODE_INVALID');
    expect(cloud.db.dump('staff')[0].active).toBe(false);
  });

  it('refuses an unknown code and an expired one', async () => {
    const storeId = await newStore(cloud);
    const code = await newBindingCode(cloud, storeId);
    const unknown = code === 'ABCDEFGH' ? 'HGFEDCBA' : 'ABCDEFGH';
    expect((await rejectedWithoutChange(cloud, () => bindStaff('openid-x', unknown), ['requests', 'rate_limits'])).code).toBe('BINDING_CODE_INVALID');

    process.env.LOCAL_CLOCK_OFFSET_MS = String(24 * 3600_000 + 1_000);
    expect((await bindStaff('openid-x', code)).code).toBe('BINDING_CODE_INVALID');
    expect(cloud.db.dump('staff')).toHaveLength(0);
    expect(cloud.db.dump('staff_binding_codes')[0].usedBy).toBeNull();

    process.env.LOCAL_CLOCK_OFFSET_MS = String(23 * 3600_000);
    expect((await bindStaff('openid-x', code)).ok).toBe(true);
  });

  it('replays a retried bind with the first answer', async () => {
    const storeId = await newStore(cloud);
    const code = await newBindingCode(cloud, storeId);
    const requestId = rid();
    const first = await bindStaff('openid-retry', code, requestId);
    const again = await bindStaff('openid-retry', code, requestId);
    expect(again).toEqual({ ...first, replayed: true });
    expect(cloud.db.dump('requests').filter((r) => r.scope === 'member:openid-retry:bindStaff')).toHaveLength(1);
  });

  it('moves a person who binds a second code to the new store', async () => {
    const guomao = await newStore(cloud, '国贸店');
    const wangjing = await newStore(cloud, '望京店');
    await bindStaff('openid-mover', await newBindingCode(cloud, guomao, '王芳'));
    await bindStaff('openid-mover', await newBindingCode(cloud, wangjing, '王芳'));
    expect(cloud.db.dump('staff')).toEqual([expect.objectContaining({ _id: 'openid-mover', storeId: wangjing, active: true })]);
  });

  it('binds staff with codes an operator wrote for the seeded store', async () => {
    await sdkDb().collection('stores').doc('store-guomao').set({ data: { name: '鹿角咖啡 国贸店', address: '建国门外大街1号', active: true, createdAt: new Date() } });
    const code = await newBindingCode(cloud, 'store-guomao', '张伟');
    expect((await bindStaff('openid-z', code)).data).toEqual({ storeId: 'store-guomao', storeName: '鹿角咖啡 国贸店', staffName: '张伟' });
  });
});
