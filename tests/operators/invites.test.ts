import type { LocalCloud } from '../../scripts/local-cloud';
import { onASeededCloudEachTest, setClock } from '../support/world';
import { STORE, admin, auditOf, bind, operator } from './helpers';

// Pending invites (the clock is set to the second; a call takes a few milliseconds): an owner sees the ones nobody has bound yet and can withdraw one, after which
// its code binds no one; an invite already bound, expired or withdrawn cannot be withdrawn.

let cloud: LocalCloud;
onASeededCloudEachTest((c) => (cloud = c));

async function invite(name: string, role = 'manager', storeIds?: string[]): Promise<{ code: string; inviteId: string }> {
  const sent = await admin(cloud, 'createOperatorInvite', storeIds ? { name, role, storeIds } : { name, role });
  if (!sent.ok) throw new Error(JSON.stringify(sent));
  const doc = cloud.db.dump('operator_invites').find((d: any) => d._id === sent.data.code);
  return { code: sent.data.code, inviteId: doc.inviteId };
}

const pending = async () => (await admin(cloud, 'listOperatorInvites')).data.invites.map((i: any) => i.name);

it('lists invites nobody has bound, newest first, without their codes', async () => {
  setClock('2026-06-01T02:00:00Z');
  const first = await invite('张三');
  setClock('2026-06-01T03:00:00Z');
  await invite('李四', 'store_manager', [STORE]);
  const listed = (await admin(cloud, 'listOperatorInvites')).data.invites;
  // Stamped by the server on the offset test clock: the set moment plus what the calls took (seconds under load, not 100 ms).
  expect(listed).toEqual([
    { inviteId: expect.stringMatching(/^invite_/), name: '李四', role: 'store_manager', roleLabel: '店长', stores: [{ storeId: STORE, name: '测试门店' }], createdAt: expect.stringMatching(/^2026-06-01T03:00:0[0-4]\./), expiresAt: expect.stringMatching(/^2026-06-02T03:00:0[0-4]\./) },
    { inviteId: first.inviteId, name: '张三', role: 'manager', roleLabel: '运营经理', stores: [], createdAt: expect.stringMatching(/^2026-06-01T02:00:0[0-4]\./), expiresAt: expect.stringMatching(/^2026-06-02T02:00:0[0-4]\./) },
  ]);
  expect(JSON.stringify(listed)).not.toContain(first.code);
  // Bound or expired: no longer pending.
  expect((await bind(cloud, 'openid-zhangsan', first.code)).ok).toBe(true);
  expect(await pending()).toEqual(['李四']);
  setClock('2026-06-02T03:00:01Z');
  expect(await pending()).toEqual([]);
});

it('withdraws an invite: its code binds no one, the log says who, a second withdrawal is refused', async () => {
  const { code, inviteId } = await invite('王五');
  expect(await admin(cloud, 'revokeOperatorInvite', { inviteId })).toEqual({ ok: true, data: { inviteId, revoked: true } });
  expect(await pending()).toEqual([]);
  expect(await bind(cloud, 'openid-wangwu', code)).toMatchObject({ ok: false, code: 'BINDING_CODE_INVALID' });
  expect(operator(cloud, 'openid-wangwu')).toBeUndefined();
  expect(auditOf(cloud, 'revokeOperatorInvite')).toEqual([expect.objectContaining({ target: { kind: 'operator', id: inviteId, label: '王五' }, after: { revoked: true } })]);
  expect(await admin(cloud, 'revokeOperatorInvite', { inviteId })).toMatchObject({ ok: false, code: 'INVITE_NOT_PENDING' });
});

it('refuses to withdraw an invite already bound, and an unknown one, changing nothing', async () => {
  const { code, inviteId } = await invite('赵六');
  expect((await bind(cloud, 'openid-zhaoliu', code)).ok).toBe(true);
  const before = JSON.stringify(cloud.db.dump('operator_invites'));
  expect(await admin(cloud, 'revokeOperatorInvite', { inviteId })).toMatchObject({ ok: false, code: 'INVITE_NOT_PENDING' });
  expect(await admin(cloud, 'revokeOperatorInvite', { inviteId: 'invite_0000000000000000' })).toMatchObject({ ok: false, code: 'INVITE_NOT_PENDING' });
  expect(await admin(cloud, 'revokeOperatorInvite', { inviteId: 'not-an-id' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'inviteId' });
  expect(JSON.stringify(cloud.db.dump('operator_invites'))).toBe(before);
  expect(operator(cloud, 'openid-zhaoliu')).toMatchObject({ active: true, role: 'manager' });
});

it('a bind and a withdrawal at the same moment: exactly one of them happens', async () => {
  for (let round = 0; round < 5; round++) {
    const { code, inviteId } = await invite(`同事${round}`);
    const [bound, revoked] = await Promise.all([bind(cloud, `openid-race-${round}`, code), admin(cloud, 'revokeOperatorInvite', { inviteId })]);
    expect([bound.ok, revoked.ok].filter(Boolean)).toHaveLength(1);
    expect(Boolean(operator(cloud, `openid-race-${round}`)?.active)).toBe(bound.ok);
  }
});
