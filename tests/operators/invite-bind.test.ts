import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs } from '../support/cloud';
import { onASeededCloudEachTest, requestId, sdkDb, setClock } from '../support/world';
import { OPERATOR, OTHER_STORE, STORE, addOperator, addStore, admin, auditOf, bind, inviteAndBind, operator, ownerCounter, refusedWithoutChange } from './helpers';

let cloud: LocalCloud;
onASeededCloudEachTest((c) => (cloud = c));
beforeEach(async () => {
  await addStore();
  await sdkDb().collection('staff').doc('openid-staff-other').set({ data: { storeId: OTHER_STORE, name: '别店店员', active: true } });
});

const NEWCOMER = 'openid-newcomer';

describe('admin.createOperatorInvite', () => {
  it('answers a one-time code with its expiry, stores the invite under the code and logs it without the code', async () => {
    const result = await admin(cloud, 'createOperatorInvite', { name: '赵磊', role: 'store_manager', storeIds: [STORE] });
    expect(result).toMatchObject({
      ok: true,
      data: { name: '赵磊', role: 'store_manager', roleLabel: '店长', stores: [{ storeId: STORE, name: '测试门店' }] },
    });
    const { code, expiresAt } = result.data;
    expect(code).toMatch(/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$/);
    expect(new Date(expiresAt).getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);

    const [invite] = cloud.db.dump('operator_invites');
    expect(invite).toMatchObject({ _id: code, name: '赵磊', role: 'store_manager', storeIds: [STORE], createdBy: OPERATOR, usedBy: null });

    const [entry] = auditOf(cloud, 'createOperatorInvite');
    expect(entry).toMatchObject({
      actor: { openid: OPERATOR, role: 'owner' },
      target: { kind: 'operator', id: invite.inviteId, label: '赵磊' },
      before: null,
      after: { invite: true, name: '赵磊', role: 'store_manager', storeIds: [STORE] },
      storeId: STORE,
    });
    expect(JSON.stringify(cloud.db.dump('audit_log'))).not.toContain(code);
  });

  it('answers the same code to a retry of the same request', async () => {
    const rid = requestId();
    const first = await admin(cloud, 'createOperatorInvite', { name: '钱多', role: 'manager' }, OPERATOR, rid);
    const again = await admin(cloud, 'createOperatorInvite', { name: '钱多', role: 'manager' }, OPERATOR, rid);
    expect(again).toEqual({ ...first, replayed: true });
    expect(cloud.db.dump('operator_invites')).toHaveLength(1);
  });

  it.each([
    [{ name: '店长', role: 'store_manager' }, 'INVALID_INPUT', '店长需要至少选择一家门店'],
    [{ name: '店长', role: 'store_manager', storeIds: [] }, 'INVALID_INPUT', '店长需要至少选择一家门店'],
    [{ name: '经理', role: 'manager', storeIds: [STORE] }, 'INVALID_INPUT', '只有店长需要选择门店'],
    [{ name: '店长', role: 'store_manager', storeIds: ['store-nowhere'] }, 'STORE_NOT_FOUND', '没有找到该门店'],
    [{ name: '老板', role: 'emperor' }, 'INVALID_INPUT', '输入有误，请检查后重试'],
    [{ name: '  ', role: 'analyst' }, 'INVALID_INPUT', '输入有误，请检查后重试'],
  ])('refuses %j with %s, changing nothing', async (input, code, message) => {
    const result = await refusedWithoutChange(cloud, () => admin(cloud, 'createOperatorInvite', input));
    expect(result).toMatchObject({ code, message });
  });
});

describe('member.bindOperator', () => {
  it('makes the invitee an operator who may do what the role allows and is refused the rest', async () => {
    expect((await admin(cloud, 'whoami', {}, NEWCOMER)).code).toBe('FORBIDDEN');
    const invite = await admin(cloud, 'createOperatorInvite', { name: '陈静', role: 'analyst' });
    const bound = await bind(cloud, NEWCOMER, invite.data.code);
    expect(bound).toEqual({ ok: true, data: { name: '陈静', role: 'analyst', roleLabel: '数据分析', stores: [] } });

    expect(operator(cloud, NEWCOMER)).toMatchObject({ name: '陈静', role: 'analyst', active: true, invitedBy: OPERATOR });
    expect(cloud.db.dump('operator_invites')[0]).toMatchObject({ usedBy: NEWCOMER });
    expect(await admin(cloud, 'whoami', {}, NEWCOMER)).toMatchObject({ ok: true, data: { role: 'analyst', roleLabel: '数据分析', name: '陈静' } });
    expect((await admin(cloud, 'listStores', {}, NEWCOMER)).ok).toBe(true);
    for (const [action, data] of [
      ['listOperators', {}],
      ['createStore', { name: '新店', address: '某路' }],
      ['createOperatorInvite', { name: 'x', role: 'owner' }],
      ['listStaff', {}],
    ] as const) {
      expect((await refusedWithoutChange(cloud, () => admin(cloud, action, data, NEWCOMER))).code).toBe('FORBIDDEN');
    }

    const [entry] = auditOf(cloud, 'bindOperator');
    expect(entry).toMatchObject({
      actor: { openid: NEWCOMER, role: 'member' },
      fn: 'member',
      target: { kind: 'operator', id: NEWCOMER, label: '陈静' },
      before: null,
      after: { active: true, role: 'analyst', storeIds: [], invitedBy: OPERATOR },
    });
    expect(JSON.stringify(cloud.db.dump('audit_log'))).not.toContain(invite.data.code);
  });

  it('a manager may open stores but not run the operators', async () => {
    await inviteAndBind(cloud, NEWCOMER, 'manager');
    expect((await admin(cloud, 'createStore', { name: '新店', address: '某路' }, NEWCOMER)).ok).toBe(true);
    expect((await admin(cloud, 'listOperators', {}, NEWCOMER)).code).toBe('FORBIDDEN');
    expect((await admin(cloud, 'disableOperator', { openid: OPERATOR }, NEWCOMER)).code).toBe('FORBIDDEN');
  });

  it('a store manager invited for one store sees only that store and its staff', async () => {
    await inviteAndBind(cloud, NEWCOMER, 'store_manager', [STORE], '赵磊');
    const stores = await admin(cloud, 'listStores', {}, NEWCOMER);
    expect(stores.data.stores.map((s: { storeId: string }) => s.storeId)).toEqual([STORE]);
    const staff = await admin(cloud, 'listStaff', {}, NEWCOMER);
    expect(staff.ok).toBe(true);
    expect(new Set(staff.data.staff.map((s: { storeId: string }) => s.storeId))).toEqual(new Set([STORE]));
    expect(staff.data.staff.length).toBeGreaterThan(0);
    expect((await refusedWithoutChange(cloud, () => admin(cloud, 'listStaff', { storeId: OTHER_STORE }, NEWCOMER))).code).toBe('FORBIDDEN');
    expect((await refusedWithoutChange(cloud, () => admin(cloud, 'createStaffBindingCode', { storeId: OTHER_STORE, staffName: '某人' }, NEWCOMER))).code).toBe('FORBIDDEN');
    expect((await refusedWithoutChange(cloud, () => admin(cloud, 'deactivateStaff', { openid: 'openid-staff-other' }, NEWCOMER))).code).toBe('FORBIDDEN');
    expect((await admin(cloud, 'createStaffBindingCode', { storeId: STORE, staffName: '新店员' }, NEWCOMER)).ok).toBe(true);
    expect(await admin(cloud, 'whoami', {}, NEWCOMER)).toMatchObject({ data: { role: 'store_manager', stores: [{ storeId: STORE, name: '测试门店' }] } });
  });

  it('an owner invite makes a second owner and counts them', async () => {
    await inviteAndBind(cloud, NEWCOMER, 'owner');
    expect(ownerCounter(cloud)).toBe(2);
    expect((await admin(cloud, 'listOperators', {}, NEWCOMER)).data.activeOwners).toBe(2);
  });

  it('accepts the code as people type it', async () => {
    const invite = await admin(cloud, 'createOperatorInvite', { name: '钱多', role: 'manager' });
    const code: string = invite.data.code;
    expect((await bind(cloud, NEWCOMER, ` ${code.slice(0, 4).toLowerCase()}-${code.slice(4)} `)).ok).toBe(true);
  });

  it('refuses a code used by someone else, changing nothing but the rate count', async () => {
    const code = await inviteAndBind(cloud, NEWCOMER, 'manager');
    const result = await refusedWithoutChange(cloud, () => bind(cloud, 'openid-second', code), ['rate_limits']);
    expect(result).toMatchObject({ code: 'BINDING_CODE_INVALID', field: 'code', message: '绑定码无效或已被使用' });
  });

  it('gives the binding back to the same person re-submitting their code, until their role changes', async () => {
    const code = await inviteAndBind(cloud, NEWCOMER, 'manager', undefined, '钱多');
    expect(await bind(cloud, NEWCOMER, code)).toEqual({ ok: true, data: { name: '钱多', role: 'manager', roleLabel: '运营经理', stores: [] } });
    expect(auditOf(cloud, 'bindOperator')).toHaveLength(1);
    await admin(cloud, 'disableOperator', { openid: NEWCOMER });
    expect((await bind(cloud, NEWCOMER, code)).code).toBe('BINDING_CODE_INVALID');
    expect(operator(cloud, NEWCOMER).active).toBe(false);
  });

  it('refuses an expired code and a guessed one, changing nothing but the rate count', async () => {
    const invite = await admin(cloud, 'createOperatorInvite', { name: '钱多', role: 'manager' });
    const guessed = invite.data.code === 'ABCDEFGH' ? 'HGFEDCBA' : 'ABCDEFGH';
    expect((await refusedWithoutChange(cloud, () => bind(cloud, NEWCOMER, guessed), ['rate_limits'])).code).toBe('BINDING_CODE_INVALID');
    setClock(new Date(Date.now() + 24 * 3600_000 + 1_000).toISOString());
    expect((await refusedWithoutChange(cloud, () => bind(cloud, NEWCOMER, invite.data.code), ['rate_limits'])).code).toBe('BINDING_CODE_INVALID');
    expect(cloud.db.dump('operators').find((o: { _id: string }) => o._id === NEWCOMER)).toBeUndefined();
  });

  it('refuses a malformed code before looking anything up', async () => {
    expect((await refusedWithoutChange(cloud, () => bind(cloud, NEWCOMER, 'O0I1'))).code).toBe('INVALID_INPUT');
  });

  it('rate-limits guessing: ten tries a minute', async () => {
    const results = [];
    for (let i = 0; i < 11; i++) results.push(await bind(cloud, NEWCOMER, `ABCDEFG${'23456789ABC'[i]}`));
    expect(results.slice(0, 10).every((r) => r.code === 'BINDING_CODE_INVALID')).toBe(true);
    expect(results[10].code).toBe('RATE_LIMITED');
  });

  it('refuses an active operator binding another invite (a role changes through changeOperatorRole)', async () => {
    const invite = await admin(cloud, 'createOperatorInvite', { name: '李明', role: 'analyst' });
    const result = await refusedWithoutChange(cloud, () => bind(cloud, OPERATOR, invite.data.code), ['rate_limits']);
    expect(result).toMatchObject({ code: 'ALREADY_OPERATOR', message: '你已是运营人员，无需再次绑定' });
    expect(operator(cloud, OPERATOR)).toMatchObject({ role: 'owner', active: true });
  });

  it('lets a disabled operator come back through a new invite, logging the old state', async () => {
    await addOperator('openid-returning', { role: 'manager', active: false });
    await inviteAndBind(cloud, 'openid-returning', 'store_manager', [OTHER_STORE], '回来的人');
    expect(operator(cloud, 'openid-returning')).toMatchObject({ role: 'store_manager', storeIds: [OTHER_STORE], active: true });
    expect(auditOf(cloud, 'bindOperator')[0]).toMatchObject({ before: { active: false, role: 'manager' }, after: { active: true, role: 'store_manager', storeIds: [OTHER_STORE] } });
  });

  it('lets exactly one of several people racing for one code become an operator', async () => {
    const invite = await admin(cloud, 'createOperatorInvite', { name: '老板娘', role: 'owner' });
    const racers = ['openid-r1', 'openid-r2', 'openid-r3', 'openid-r4', 'openid-r5'];
    const results = await Promise.all(racers.map((openid) => bind(cloud, openid, invite.data.code)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => r.code === 'BINDING_CODE_INVALID')).toBe(true);
    const bound = cloud.db.dump('operators').filter((o: { _id: string }) => racers.includes(o._id));
    expect(bound).toHaveLength(1);
    expect(cloud.db.dump('operator_invites')[0].usedBy).toBe(bound[0]._id);
    expect(ownerCounter(cloud)).toBe(2);
    expect(auditOf(cloud, 'bindOperator')).toHaveLength(1);
  });

  it('one person racing two invites becomes an operator once', async () => {
    const a = await admin(cloud, 'createOperatorInvite', { name: '甲', role: 'manager' });
    const b = await admin(cloud, 'createOperatorInvite', { name: '乙', role: 'analyst' });
    const results = await Promise.all([bind(cloud, NEWCOMER, a.data.code), bind(cloud, NEWCOMER, b.data.code)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok).code).toBe('ALREADY_OPERATOR');
    expect(cloud.db.dump('operator_invites').filter((i: { usedBy: string | null }) => i.usedBy === NEWCOMER)).toHaveLength(1);
    expect(auditOf(cloud, 'bindOperator')).toHaveLength(1);
  });

  it('is a member action: anyone signed in may call it, nobody signed out', async () => {
    expect((await callAs(cloud, undefined, 'member', 'bindOperator', { code: 'ABCDEFGH' }, requestId())).code).toBe('UNAUTHENTICATED');
  });
});
