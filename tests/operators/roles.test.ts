import type { LocalCloud } from '../../scripts/local-cloud';
import { onASeededCloudEachTest, requestId, sdkDb } from '../support/world';
import { OPERATOR, OTHER_STORE, STORE, activeOwners, addOperator, addStore, admin, auditOf, inviteAndBind, operator, ownerCounter, refusedWithoutChange } from './helpers';

let cloud: LocalCloud;
onASeededCloudEachTest((c) => (cloud = c));
beforeEach(() => addStore());

const SECOND_OWNER = 'openid-second-owner';
const PERSON = 'openid-person';

describe('admin.listOperators', () => {
  it('lists operators with their role label, stores, state, binding time and inviter', async () => {
    await inviteAndBind(cloud, PERSON, 'store_manager', [STORE, OTHER_STORE], '赵磊');
    await addOperator('openid-gone', { name: '离职', role: 'analyst', active: false });
    const result = await admin(cloud, 'listOperators');
    expect(result.ok).toBe(true);
    expect(result.data.activeOwners).toBe(1);
    expect(result.data.operators.map((o: { openid: string }) => o.openid)).toEqual([OPERATOR, PERSON, 'openid-gone']);
    const [me, manager, gone] = result.data.operators;
    expect(me).toMatchObject({ name: '运营', role: 'owner', roleLabel: '品牌主', stores: [], active: true, isMe: true, invitedBy: null });
    expect(manager).toMatchObject({
      name: '赵磊',
      role: 'store_manager',
      roleLabel: '店长',
      stores: [
        { storeId: STORE, name: '测试门店' },
        { storeId: OTHER_STORE, name: '另一家店' },
      ],
      active: true,
      isMe: false,
      invitedBy: { openid: OPERATOR, name: '运营' },
    });
    expect(manager.boundAt).toEqual(expect.any(String));
    expect(gone).toMatchObject({ role: 'analyst', roleLabel: '数据分析', active: false, boundAt: null });
  });
});

describe('admin.changeOperatorRole', () => {
  it('takes effect on the next call, and logs before and after', async () => {
    await inviteAndBind(cloud, PERSON, 'analyst', undefined, '陈静');
    expect((await admin(cloud, 'createStore', { name: '新店', address: '某路' }, PERSON)).code).toBe('FORBIDDEN');

    const changed = await admin(cloud, 'changeOperatorRole', { openid: PERSON, role: 'manager' });
    expect(changed).toEqual({ ok: true, data: { openid: PERSON, role: 'manager', storeIds: [], active: true } });
    expect((await admin(cloud, 'createStore', { name: '新店', address: '某路' }, PERSON)).ok).toBe(true);

    await admin(cloud, 'changeOperatorRole', { openid: PERSON, role: 'store_manager', storeIds: [OTHER_STORE] });
    expect(operator(cloud, PERSON)).toMatchObject({ role: 'store_manager', storeIds: [OTHER_STORE], updatedBy: OPERATOR });
    const stores = await admin(cloud, 'listStores', {}, PERSON);
    expect(stores.data.stores.map((s: { storeId: string }) => s.storeId)).toEqual([OTHER_STORE]);
    expect((await admin(cloud, 'createStaffBindingCode', { storeId: STORE, staffName: '某人' }, PERSON)).code).toBe('FORBIDDEN');

    const entries = auditOf(cloud, 'changeOperatorRole');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ actor: { openid: OPERATOR, role: 'owner' }, target: { kind: 'operator', id: PERSON, label: '陈静' }, before: { role: 'analyst', storeIds: [] }, after: { role: 'manager', storeIds: [] } });
    expect(entries[1]).toMatchObject({ before: { role: 'manager', storeIds: [] }, after: { role: 'store_manager', storeIds: [OTHER_STORE], storeNames: ['另一家店'] }, storeId: OTHER_STORE });
  });

  it('asking for the role an operator has changes nothing and logs nothing', async () => {
    await addOperator(PERSON, { role: 'store_manager', storeIds: [STORE, OTHER_STORE] });
    const result = await admin(cloud, 'changeOperatorRole', { openid: PERSON, role: 'store_manager', storeIds: [OTHER_STORE, STORE] });
    expect(result.ok).toBe(true);
    expect(auditOf(cloud, 'changeOperatorRole')).toHaveLength(0);
  });

  it('replaces a store manager’s stores rather than merging them', async () => {
    await addOperator(PERSON, { role: 'store_manager', storeIds: [STORE, OTHER_STORE] });
    expect((await admin(cloud, 'changeOperatorRole', { openid: PERSON, role: 'store_manager', storeIds: [OTHER_STORE] })).ok).toBe(true);
    expect(operator(cloud, PERSON).storeIds).toEqual([OTHER_STORE]);
    expect(auditOf(cloud, 'changeOperatorRole')[0]).toMatchObject({ before: { role: 'store_manager', storeIds: [STORE, OTHER_STORE] }, after: { storeIds: [OTHER_STORE] } });
    expect((await admin(cloud, 'listStaff', { storeId: STORE }, PERSON)).code).toBe('FORBIDDEN');
  });

  it('promoting a manager to owner counts a second owner', async () => {
    await addOperator(PERSON, { role: 'manager' });
    expect((await admin(cloud, 'changeOperatorRole', { openid: PERSON, role: 'owner' })).ok).toBe(true);
    expect(ownerCounter(cloud)).toBe(2);
    expect((await admin(cloud, 'listOperators', {}, PERSON)).ok).toBe(true);
  });

  it.each([
    ['an unknown operator', { openid: 'openid-nobody', role: 'analyst' }, 'OPERATOR_NOT_FOUND'],
    ['a disabled operator', { openid: 'openid-gone', role: 'manager' }, 'OPERATOR_INACTIVE'],
    ['a store manager without stores', { openid: PERSON, role: 'store_manager' }, 'INVALID_INPUT'],
    ['stores for a manager', { openid: PERSON, role: 'manager', storeIds: [STORE] }, 'INVALID_INPUT'],
    ['a store that does not exist', { openid: PERSON, role: 'store_manager', storeIds: ['store-nowhere'] }, 'STORE_NOT_FOUND'],
    ['the last owner demoting themselves', { openid: OPERATOR, role: 'manager' }, 'LAST_OWNER'],
  ])('refuses %s, changing nothing', async (_name, input, code) => {
    await addOperator(PERSON, { role: 'analyst' });
    await addOperator('openid-gone', { role: 'analyst', active: false });
    const result = await refusedWithoutChange(cloud, () => admin(cloud, 'changeOperatorRole', input));
    expect(result.code).toBe(code);
    if (code === 'LAST_OWNER') expect(result.message).toBe('至少需要保留一位品牌主');
  });

  it('lets an owner step down while another owner remains', async () => {
    await inviteAndBind(cloud, SECOND_OWNER, 'owner');
    expect((await admin(cloud, 'changeOperatorRole', { openid: OPERATOR, role: 'manager' })).ok).toBe(true);
    expect(activeOwners(cloud)).toEqual([SECOND_OWNER]);
    expect(ownerCounter(cloud)).toBe(1);
    // The change holds on the next call: the former owner no longer runs the operators.
    expect((await admin(cloud, 'listOperators')).code).toBe('FORBIDDEN');
    expect((await refusedWithoutChange(cloud, () => admin(cloud, 'changeOperatorRole', { openid: SECOND_OWNER, role: 'manager' }, SECOND_OWNER))).code).toBe('LAST_OWNER');
  });
});

describe('admin.disableOperator', () => {
  it('takes effect on the next call, and logs before and after', async () => {
    await inviteAndBind(cloud, PERSON, 'manager', undefined, '钱多');
    expect((await admin(cloud, 'whoami', {}, PERSON)).ok).toBe(true);
    const result = await admin(cloud, 'disableOperator', { openid: PERSON });
    expect(result).toEqual({ ok: true, data: { openid: PERSON, role: 'manager', storeIds: [], active: false } });
    expect((await admin(cloud, 'whoami', {}, PERSON)).code).toBe('FORBIDDEN');
    expect(operator(cloud, PERSON)).toMatchObject({ active: false, disabledBy: OPERATOR });
    expect(auditOf(cloud, 'disableOperator')).toEqual([
      expect.objectContaining({ target: { kind: 'operator', id: PERSON, label: '钱多' }, before: { active: true, role: 'manager', storeIds: [] }, after: { active: false, role: 'manager', storeIds: [] } }),
    ]);
    // Twice is not an error, and logs once.
    expect((await admin(cloud, 'disableOperator', { openid: PERSON })).ok).toBe(true);
    expect(auditOf(cloud, 'disableOperator')).toHaveLength(1);
    expect(ownerCounter(cloud)).toBeUndefined();
  });

  it('refuses to disable the last owner, and an unknown operator, changing nothing', async () => {
    expect((await refusedWithoutChange(cloud, () => admin(cloud, 'disableOperator', { openid: OPERATOR }))).code).toBe('LAST_OWNER');
    expect((await refusedWithoutChange(cloud, () => admin(cloud, 'disableOperator', { openid: 'openid-nobody' }))).code).toBe('OPERATOR_NOT_FOUND');
    expect(operator(cloud, OPERATOR).active).toBe(true);
  });

  it('lets one of two owners disable the other, and then the last one stays', async () => {
    await inviteAndBind(cloud, SECOND_OWNER, 'owner');
    expect((await admin(cloud, 'disableOperator', { openid: SECOND_OWNER })).ok).toBe(true);
    expect((await admin(cloud, 'listOperators', {}, SECOND_OWNER)).code).toBe('FORBIDDEN');
    expect(ownerCounter(cloud)).toBe(1);
    expect((await refusedWithoutChange(cloud, () => admin(cloud, 'disableOperator', { openid: OPERATOR }))).code).toBe('LAST_OWNER');
  });

  it('never lets the counter stand above the owners there are (an owner disabled by hand in the database)', async () => {
    await inviteAndBind(cloud, SECOND_OWNER, 'owner');
    expect(ownerCounter(cloud)).toBe(2);
    await addOperator(SECOND_OWNER, { role: 'owner', active: false });
    expect((await refusedWithoutChange(cloud, () => admin(cloud, 'disableOperator', { openid: OPERATOR }))).code).toBe('LAST_OWNER');
  });
});

describe('the last owner, when owners act at the same moment', () => {
  /** Both owners active again for the next round, with the counter kept or gone. */
  async function bothOwnersAgain(counted: boolean) {
    for (const openid of [OPERATOR, SECOND_OWNER]) await addOperator(openid, { role: 'owner', name: openid });
    const counter = sdkDb().collection('operator_stats').doc('owners');
    if (counted) await counter.set({ data: { activeOwners: 2, updatedAt: new Date() } });
    else await counter.remove();
  }

  const races: [string, (cloud: LocalCloud) => Promise<any>[]][] = [
    ['demote each other', (c) => [admin(c, 'changeOperatorRole', { openid: SECOND_OWNER, role: 'manager' }), admin(c, 'changeOperatorRole', { openid: OPERATOR, role: 'analyst' }, SECOND_OWNER)]],
    ['disable each other', (c) => [admin(c, 'disableOperator', { openid: SECOND_OWNER }), admin(c, 'disableOperator', { openid: OPERATOR }, SECOND_OWNER)]],
    ['one demotes, the other disables', (c) => [admin(c, 'changeOperatorRole', { openid: SECOND_OWNER, role: 'manager' }), admin(c, 'disableOperator', { openid: OPERATOR }, SECOND_OWNER)]],
    ['both step down', (c) => [admin(c, 'changeOperatorRole', { openid: OPERATOR, role: 'manager' }), admin(c, 'changeOperatorRole', { openid: SECOND_OWNER, role: 'manager' }, SECOND_OWNER)]],
  ];

  describe.each([
    ['the counter already kept', true],
    ['the counter made by the race itself', false],
  ])('%s', (_name, counted) => {
    it.each(races)('%s: exactly one succeeds and one active owner remains', async (_race, run) => {
      if (counted) await inviteAndBind(cloud, SECOND_OWNER, 'owner');
      else await addOperator(SECOND_OWNER, { role: 'owner', name: '老板娘' });
      for (let round = 0; round < 5; round++) {
        const changesBefore = auditOf(cloud, 'changeOperatorRole').length + auditOf(cloud, 'disableOperator').length;
        const results = await Promise.all(run(cloud));
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.find((r) => !r.ok)).toMatchObject({ code: 'LAST_OWNER', message: '至少需要保留一位品牌主' });
        expect(activeOwners(cloud)).toHaveLength(1);
        expect(ownerCounter(cloud)).toBe(1);
        expect(auditOf(cloud, 'changeOperatorRole').length + auditOf(cloud, 'disableOperator').length).toBe(changesBefore + 1);
        await bothOwnersAgain(counted);
      }
    });
  });

  it('a retried request answers its first outcome, even after the owners changed', async () => {
    await inviteAndBind(cloud, SECOND_OWNER, 'owner');
    const rid = requestId();
    const first = await admin(cloud, 'disableOperator', { openid: SECOND_OWNER }, OPERATOR, rid);
    expect(first.ok).toBe(true);
    expect(await admin(cloud, 'disableOperator', { openid: SECOND_OWNER }, OPERATOR, rid)).toEqual({ ...first, replayed: true });
  });
});
