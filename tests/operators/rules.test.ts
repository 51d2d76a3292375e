import { inviteUsable, leavesAnOwner, ownerDelta, sameStores, storeAssignmentError } from '../../cloudfunctions/core/operators/rules';

describe('storeAssignmentError', () => {
  test.each([
    ['store_manager', ['s1'], null],
    ['store_manager', ['s1', 's2'], null],
    ['store_manager', [], '店长需要至少选择一家门店'],
    ['store_manager', undefined, '店长需要至少选择一家门店'],
    ['store_manager', ['s1', 's1'], '门店不能重复选择'],
    ['owner', undefined, null],
    ['manager', [], null],
    ['analyst', ['s1'], '只有店长需要选择门店'],
    ['owner', ['s1'], '只有店长需要选择门店'],
  ] as const)('%s with %j → %s', (role, stores, expected) => {
    expect(storeAssignmentError(role, stores as string[] | undefined)).toBe(expected);
  });
});

describe('ownerDelta and leavesAnOwner', () => {
  const owner = { role: 'owner', active: true } as const;
  const disabledOwner = { role: 'owner', active: false } as const;
  const manager = { role: 'manager', active: true } as const;
  test.each([
    ['owner demoted', owner, manager, -1],
    ['owner disabled', owner, disabledOwner, -1],
    ['manager promoted', manager, owner, 1],
    ['new owner bound', null, owner, 1],
    ['disabled owner rebound as owner', disabledOwner, owner, 1],
    ['owner stays owner', owner, owner, 0],
    ['manager disabled', manager, { role: 'manager', active: false }, 0],
  ] as const)('%s → %i', (_name, before, after, delta) => {
    expect(ownerDelta(before, after)).toBe(delta);
  });

  test.each([
    [1, -1, false],
    [0, -1, false],
    [2, -1, true],
    [1, 0, true],
    [0, 1, true],
    [5, -1, true],
  ])('%i owners, change %i → may go %s', (owners, delta, expected) => {
    expect(leavesAnOwner(owners, delta)).toBe(expected);
  });
});

describe('inviteUsable', () => {
  const now = new Date('2024-05-01T10:00:00Z');
  test.each([
    ['unused, before expiry', { usedBy: null, expiresAt: '2024-05-01T10:00:01Z' }, true],
    ['unused, at expiry', { usedBy: null, expiresAt: '2024-05-01T10:00:00Z' }, false],
    ['unused, expired', { usedBy: null, expiresAt: '2024-04-30T10:00:00Z' }, false],
    ['used', { usedBy: 'someone', expiresAt: '2024-05-02T10:00:00Z' }, false],
    ['missing', null, false],
  ] as const)('%s → %s', (_name, invite, expected) => {
    expect(inviteUsable(invite, now)).toBe(expected);
  });
});

test('sameStores ignores order', () => {
  expect(sameStores(['a', 'b'], ['b', 'a'])).toBe(true);
  expect(sameStores(['a'], ['a', 'b'])).toBe(false);
  expect(sameStores(undefined, [])).toBe(true);
});
