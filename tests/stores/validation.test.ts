import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs, startTestCloud } from '../support/cloud';
import { admin, makeOperator, newBindingCode, newStore, rejectedWithoutChange, rid, sdkDb } from './helpers';

let cloud: LocalCloud;
let storeId: string;
beforeAll(async () => {
  cloud = await startTestCloud();
  await makeOperator();
  storeId = await newStore(cloud, '国贸店');
  await newBindingCode(cloud, storeId, '王芳');
  await sdkDb().collection('staff').doc('openid-staff').set({ data: { storeId, name: '李雷', active: true, boundAt: new Date() } });
});
afterAll(() => cloud.close());

const name41 = '店'.repeat(41);
const name40 = '店'.repeat(40);

describe('input validation', () => {
  it.each<[string, unknown, string]>([
    ['no name', { address: '北京' }, 'name'],
    ['a number for a name', { name: 42, address: '北京' }, 'name'],
    ['an empty name', { name: '', address: '北京' }, 'name'],
    ['a name of spaces', { name: '   ', address: '北京' }, 'name'],
    ['a 41-character name', { name: name41, address: '北京' }, 'name'],
    ['a name with a line break', { name: '国贸\n店', address: '北京' }, 'name'],
    ['a name of zero-width spaces only', { name: '\u200B\u200B', address: '北京' }, 'name'],
    ['a name behind a left-to-right mark', { name: '\u200E国贸店', address: '北京' }, 'name'],
    ['a name with a lone surrogate', { name: '国\uD800贸店', address: '北京' }, 'name'],
    ['an address of invisible characters', { name: '国贸店', address: '\u2060\uFEFF\u200D' }, 'address'],
    ['an empty address', { name: '国贸店', address: '' }, 'address'],
    ['an address of 121 characters', { name: '国贸店', address: '路'.repeat(121) }, 'address'],
    ['an extra field', { name: '国贸店', address: '北京', active: false }, 'active'],
    ['an array for a name', { name: ['国贸店'], address: '北京' }, 'name'],
  ])('createStore refuses %s', async (_, data, field) => {
    const result = await rejectedWithoutChange(cloud, () => admin(cloud, 'createStore', data));
    expect(result).toMatchObject({ code: 'INVALID_INPUT', field });
  });

  it('createStore takes a 40-character name, counting characters as people do (an emoji is one)', async () => {
    expect((await admin(cloud, 'createStore', { name: name40, address: '北京' })).ok).toBe(true);
    expect((await admin(cloud, 'createStore', { name: `${'店'.repeat(39)}😀`, address: '北京' })).ok).toBe(true);
    // Zero-width joiners between visible characters stay: they make one emoji of three.
    expect((await admin(cloud, 'createStore', { name: '👨\u200D👩\u200D👧亲子店', address: '北京' })).ok).toBe(true);
  });

  it('createStore refuses a call without a valid request id', async () => {
    for (const requestId of [undefined, 'short', 'has spaces in it', 'x'.repeat(65)]) {
      const result = await rejectedWithoutChange(cloud, () => callAs(cloud, 'openid-operator', 'admin', 'createStore', { name: '国贸店', address: '北京' }, requestId));
      expect(result).toMatchObject({ code: 'INVALID_INPUT', field: 'requestId' });
    }
  });

  it.each<[string, unknown, string]>([
    ['no store', { staffName: '王芳' }, 'storeId'],
    ['an empty store id', { storeId: '', staffName: '王芳' }, 'storeId'],
    ['a store id with a slash', { storeId: 'stores/x', staffName: '王芳' }, 'storeId'],
    ['a store id that is an object', { storeId: { $ne: null }, staffName: '王芳' }, 'storeId'],
    ['an empty staff name', { storeId: 's', staffName: ' ' }, 'staffName'],
    ['a 41-character staff name', { storeId: 's', staffName: name41 }, 'staffName'],
    ['an extra field', { storeId: 's', staffName: '王芳', usedBy: 'me' }, 'usedBy'],
  ])('createStaffBindingCode refuses %s', async (_, data, field) => {
    const result = await rejectedWithoutChange(cloud, () => admin(cloud, 'createStaffBindingCode', data));
    expect(result).toMatchObject({ code: 'INVALID_INPUT', field });
  });

  it.each<[string, string, unknown, string]>([
    ['listStores with a field', 'listStores', { all: true }, 'all'],
    ['listStaff with a numeric store', 'listStaff', { storeId: 7 }, 'storeId'],
    ['listStaff with an extra field', 'listStaff', { active: true }, 'active'],
    ['deactivateStaff without an openid', 'deactivateStaff', {}, 'openid'],
    ['deactivateStaff with an operator-style query', 'deactivateStaff', { openid: { $exists: true } }, 'openid'],
    ['deactivateStaff with a 65-character openid', 'deactivateStaff', { openid: 'o'.repeat(65) }, 'openid'],
  ])('%s is refused', async (_, action, data, field) => {
    const result = await rejectedWithoutChange(cloud, () => admin(cloud, action, data));
    expect(result).toMatchObject({ code: 'INVALID_INPUT', field });
  });

  it.each<[string, unknown, string]>([
    ['no code', {}, 'code'],
    ['a numeric code', { code: 12345678 }, 'code'],
    ['an empty code', { code: '' }, 'code'],
    ['a 7-character code', { code: 'ABCDEFG' }, 'code'],
    ['a 9-character code', { code: 'ABCDEFGHJ' }, 'code'],
    ['a code with an ambiguous letter', { code: 'ABCDEFG0' }, 'code'],
    ['a code with an I', { code: 'ABCDEFGI' }, 'code'],
    ['a very long code', { code: 'A'.repeat(1000) }, 'code'],
    ['an extra field', { code: 'ABCDEFGH', storeId: 's' }, 'storeId'],
  ])('bindStaff refuses %s', async (_, data, field) => {
    const result = await rejectedWithoutChange(cloud, () => callAs(cloud, 'openid-binder', 'member', 'bindStaff', data, rid()));
    expect(result).toMatchObject({ code: 'INVALID_INPUT', field });
  });

  it('whoami refuses input', async () => {
    const result = await rejectedWithoutChange(cloud, () => callAs(cloud, 'openid-staff', 'staff', 'whoami', { storeId: 'x' }));
    expect(result).toMatchObject({ code: 'INVALID_INPUT', field: 'storeId' });
  });
});

describe('permissions', () => {
  it.each(['createStore', 'listStores', 'createStaffBindingCode', 'listStaff', 'deactivateStaff'])(
    'admin.%s is FORBIDDEN to members and staff',
    async (action) => {
      for (const openid of ['openid-member', 'openid-staff']) {
        const result = await rejectedWithoutChange(cloud, () =>
          admin(cloud, action, { name: '国贸店', address: '北京', storeId, staffName: '王芳', openid: 'openid-staff' }, rid(), openid),
        );
        expect(result.code).toBe('FORBIDDEN');
      }
    },
  );

  it('staff.whoami is FORBIDDEN to a member who is not staff', async () => {
    const result = await rejectedWithoutChange(cloud, () => callAs(cloud, 'openid-member', 'staff', 'whoami'));
    expect(result.code).toBe('FORBIDDEN');
  });

  it('an operator cannot deactivate staff through the member function', async () => {
    const result = await rejectedWithoutChange(cloud, () => callAs(cloud, 'openid-operator', 'member', 'deactivateStaff', { openid: 'openid-staff' }, rid()));
    expect(result.code).toBe('UNKNOWN_ACTION');
  });
});
