import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs, startTestCloud } from '../support/cloud';
import { OPERATOR, admin, makeOperator, newBindingCode, newStore, rid, sdkDb } from './helpers';

let cloud: LocalCloud;
beforeEach(async () => {
  cloud = await startTestCloud();
  await makeOperator();
});
afterEach(() => cloud.close());

describe('admin.createStore', () => {
  it('creates an active store and lists it', async () => {
    const result = await admin(cloud, 'createStore', { name: '  鹿角咖啡 三里屯店 ', address: '北京市朝阳区三里屯路19号' });
    expect(result.ok).toBe(true);
    expect(result.data).toMatchObject({ name: '鹿角咖啡 三里屯店', address: '北京市朝阳区三里屯路19号', active: true });
    const stores = cloud.db.dump('stores');
    expect(stores).toHaveLength(1);
    expect(stores[0]).toMatchObject({ _id: result.data.storeId, name: '鹿角咖啡 三里屯店', active: true, createdBy: OPERATOR });
    expect(new Date(stores[0].createdAt).toISOString()).toBe(result.data.createdAt);

    const list = await admin(cloud, 'listStores');
    expect(list).toEqual({ ok: true, data: { stores: [{ ...result.data, activeStaffCount: 0 }] } });
  });

  it('replays a retried request: same store, one document', async () => {
    const requestId = rid();
    const input = { name: '望京店', address: '北京市朝阳区望京街10号' };
    const first = await admin(cloud, 'createStore', input, requestId);
    const again = await admin(cloud, 'createStore', input, requestId);
    expect(again).toEqual({ ...first, replayed: true });
    const raced = await Promise.all([1, 2, 3].map(() => admin(cloud, 'createStore', input, requestId)));
    expect(raced.every((r) => r.ok && r.data.storeId === first.data.storeId)).toBe(true);
    expect(cloud.db.dump('stores')).toHaveLength(1);
  });

  it('answers IDEMPOTENCY_CONFLICT when a request id comes back with other input', async () => {
    const requestId = rid();
    await admin(cloud, 'createStore', { name: '望京店', address: '望京街10号' }, requestId);
    const other = await admin(cloud, 'createStore', { name: '西单店', address: '西单北大街1号' }, requestId);
    expect(other).toMatchObject({ ok: false, code: 'IDEMPOTENCY_CONFLICT' });
    expect(cloud.db.dump('stores').map((s) => s.name)).toEqual(['望京店']);
  });

  it('keeps request ids of different operators apart', async () => {
    await makeOperator('openid-operator-2');
    const requestId = rid();
    await admin(cloud, 'createStore', { name: '望京店', address: '望京街10号' }, requestId);
    const second = await admin(cloud, 'createStore', { name: '西单店', address: '西单北大街1号' }, requestId, 'openid-operator-2');
    expect(second.ok).toBe(true);
    expect(cloud.db.dump('stores')).toHaveLength(2);
  });
});

describe('admin.createStaffBindingCode', () => {
  it('stores a one-time code of 8 unambiguous characters that expires in 24 hours', async () => {
    const storeId = await newStore(cloud, '国贸店');
    const before = Date.now();
    const result = await admin(cloud, 'createStaffBindingCode', { storeId, staffName: '王芳' });
    expect(result.ok).toBe(true);
    expect(result.data).toMatchObject({ storeId, storeName: '国贸店', staffName: '王芳' });
    expect(result.data.code).toMatch(/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$/);
    const expiresIn = new Date(result.data.expiresAt).getTime() - before;
    expect(expiresIn).toBeGreaterThan(24 * 3600_000 - 5_000);
    expect(expiresIn).toBeLessThanOrEqual(24 * 3600_000 + 5_000);

    const [doc] = cloud.db.dump('staff_binding_codes');
    expect(doc).toMatchObject({ _id: result.data.code, storeId, staffName: '王芳', createdBy: OPERATOR, usedBy: null });
    expect(new Date(doc.expiresAt).toISOString()).toBe(result.data.expiresAt);
  });

  it('draws different codes and never an ambiguous character', async () => {
    const storeId = await newStore(cloud);
    const codes = await Promise.all(Array.from({ length: 30 }, (_, i) => newBindingCode(cloud, storeId, `店员${i}`)));
    expect(new Set(codes).size).toBe(30);
    expect(codes.join('')).not.toMatch(/[01OI]/);
    expect(cloud.db.dump('staff_binding_codes')).toHaveLength(30);
  });

  it('replays a retried request with the same code', async () => {
    const storeId = await newStore(cloud);
    const requestId = rid();
    const first = await admin(cloud, 'createStaffBindingCode', { storeId, staffName: '王芳' }, requestId);
    const again = await admin(cloud, 'createStaffBindingCode', { storeId, staffName: '王芳' }, requestId);
    expect(again.data.code).toBe(first.data.code);
    expect(again.replayed).toBe(true);
    expect(cloud.db.dump('staff_binding_codes')).toHaveLength(1);
  });

  it('answers STORE_NOT_FOUND for an unknown store and writes no code', async () => {
    const result = await admin(cloud, 'createStaffBindingCode', { storeId: 'store_nowhere', staffName: '王芳' });
    expect(result).toMatchObject({ ok: false, code: 'STORE_NOT_FOUND' });
    expect(cloud.db.dump('staff_binding_codes')).toHaveLength(0);
  });
});

describe('admin.listStores, listStaff and deactivateStaff', () => {
  async function bind(openid: string, code: string) {
    const result = await callAs(cloud, openid, 'member', 'bindStaff', { code }, rid());
    if (!result.ok) throw new Error(`bindStaff failed: ${JSON.stringify(result)}`);
  }

  it('counts active staff per store and lists staff with their names and stores', async () => {
    const guomao = await newStore(cloud, '国贸店');
    const wangjing = await newStore(cloud, '望京店');
    await bind('openid-a', await newBindingCode(cloud, guomao, '王芳'));
    await bind('openid-b', await newBindingCode(cloud, guomao, '李雷'));
    await bind('openid-c', await newBindingCode(cloud, wangjing, '韩梅梅'));

    const stores = (await admin(cloud, 'listStores')).data.stores;
    // Stores created in the same millisecond tie on createdAt and then order by id: compare as a set.
    expect(stores.map((s: any) => [s.name, s.activeStaffCount]).sort()).toEqual([['国贸店', 2], ['望京店', 1]].sort());

    const all = (await admin(cloud, 'listStaff')).data.staff;
    expect(all).toHaveLength(3);
    expect(all.find((s: any) => s.openid === 'openid-c')).toMatchObject({ name: '韩梅梅', storeId: wangjing, storeName: '望京店', active: true });
    expect(all.every((s: any) => typeof s.boundAt === 'string')).toBe(true);

    const atGuomao = (await admin(cloud, 'listStaff', { storeId: guomao })).data.staff;
    expect(atGuomao.map((s: any) => s.name).sort()).toEqual(['李雷', '王芳']);

    const off = await admin(cloud, 'deactivateStaff', { openid: 'openid-b' });
    expect(off).toEqual({ ok: true, data: { openid: 'openid-b', storeId: guomao, active: false } });
    expect(cloud.db.dump('staff').find((s) => s._id === 'openid-b')).toMatchObject({ active: false, deactivatedBy: OPERATOR, name: '李雷' });
    expect((await admin(cloud, 'listStores')).data.stores[0].activeStaffCount).toBe(1);
    const afterwards = (await admin(cloud, 'listStaff', { storeId: guomao })).data.staff;
    expect(afterwards.map((s: any) => [s.name, s.active])).toEqual([['王芳', true], ['李雷', false]]);

    // Deactivated staff lose the staff function at once.
    expect((await callAs(cloud, 'openid-b', 'staff', 'whoami')).code).toBe('FORBIDDEN');
    expect((await callAs(cloud, 'openid-a', 'staff', 'whoami')).data).toEqual({ storeId: guomao, storeName: '国贸店', staffName: '王芳' });
  });

  it('lists staff written by the seed, which carry no binding code', async () => {
    await sdkDb().collection('stores').doc('store-guomao').set({ data: { name: '国贸店', address: '建国门外大街1号', active: true, createdAt: new Date() } });
    await sdkDb().collection('staff').doc('openid-seeded').set({ data: { storeId: 'store-guomao', name: '王芳', active: true, boundAt: new Date() } });
    await sdkDb().collection('staff').doc('openid-legacy').set({ data: { storeId: 'store-gone', active: true } });
    const staff = (await admin(cloud, 'listStaff')).data.staff;
    expect(staff).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ openid: 'openid-seeded', name: '王芳', storeName: '国贸店' }),
        { openid: 'openid-legacy', name: '', storeId: 'store-gone', storeName: '', active: true, boundAt: null },
      ]),
    );
  });

  it('deactivates idempotently and answers STAFF_NOT_FOUND for someone who is not staff', async () => {
    const storeId = await newStore(cloud);
    await bind('openid-a', await newBindingCode(cloud, storeId));
    expect((await admin(cloud, 'deactivateStaff', { openid: 'openid-a' })).ok).toBe(true);
    expect((await admin(cloud, 'deactivateStaff', { openid: 'openid-a' })).ok).toBe(true);
    const missing = await admin(cloud, 'deactivateStaff', { openid: 'openid-nobody' });
    expect(missing).toMatchObject({ ok: false, code: 'STAFF_NOT_FOUND' });
    expect(cloud.db.dump('staff')).toHaveLength(1);
  });
});
