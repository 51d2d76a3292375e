import type { BoundOperator } from '../contract';
import { OPERATORS } from '../access/roles';
import { appendAudit } from '../audit/log';
import { type IdempotencyKey, replayIfSeen, runOnce } from '../ledger/idempotency';
import { BusinessError } from '../platform/business-error';
import { type Tx, getDocById, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { OPERATOR_INVITES, type OperatorInviteDoc, type OperatorRecord } from './collections';
import { moveOwnerCount } from './owners';
import { inviteUsable, ownerDelta } from './rules';
import { openStores, roleLabel } from './views';

/**
 * Makes the caller an operator with the invite's role and stores, and spends the invite.
 *
 * Race: two people submit one code at once. Both transactions read it unused; both write
 * `operator_invites/<code>`. The database commits the first and fails the other with a
 * conflict; its retry reads the invite as used and answers BINDING_CODE_INVALID. One operator
 * results. An owner invite also moves the owner counter (owners.ts), in the same transaction.
 * Someone re-submitting an invite they already used gets their binding back, not an error.
 * An active operator cannot bind another invite: a role changes through changeOperatorRole,
 * which keeps the last owner.
 */
export async function bindOperator(ctx: HandlerContext, input: { code: string }): Promise<BoundOperator> {
  if (!ctx.requestId) throw new Error('bindOperator is mutating and reached its handler without a request id');
  const key: IdempotencyKey = { scope: `member:${ctx.openid}:bindOperator`, requestId: ctx.requestId, input };
  await replayIfSeen(ctx, key);
  // The plain refusals (an unknown, used or expired code; already an operator) before the request is recorded.
  const [seen, existing] = await Promise.all([
    getDocById<OperatorInviteDoc>(ctx.db, OPERATOR_INVITES, input.code),
    getDocById<OperatorRecord>(ctx.db, OPERATORS, ctx.openid),
  ]);
  if (seen?.usedBy !== ctx.openid) {
    if (!seen || !inviteUsable(seen, ctx.now)) throw new BusinessError('BINDING_CODE_INVALID', undefined, 'code');
    if (existing?.active) throw new BusinessError('ALREADY_OPERATOR');
  }

  return runOnce(ctx, key, async (tx) => {
    const invite = await txGet<OperatorInviteDoc>(tx, OPERATOR_INVITES, input.code);
    if (invite && invite.usedBy === ctx.openid) return alreadyBound(tx, ctx.openid, invite);
    if (!invite || !inviteUsable(invite, ctx.now)) throw new BusinessError('BINDING_CODE_INVALID', undefined, 'code');
    const before = await txGet<OperatorRecord>(tx, OPERATORS, ctx.openid);
    if (before?.active) throw new BusinessError('ALREADY_OPERATOR');
    const stores = await openStores(tx, invite.storeIds);

    const delta = ownerDelta(before, { role: invite.role, active: true });
    if (delta !== 0) await moveOwnerCount(tx, ctx, delta);
    const operator: Omit<OperatorRecord, '_id'> = {
      name: invite.name,
      role: invite.role,
      storeIds: invite.storeIds,
      active: true,
      boundAt: ctx.now,
      invitedBy: invite.createdBy,
      inviteId: invite.inviteId,
    };
    // `set` replaces a disabled operator's old record: a new invite is the way back.
    await tx.collection(OPERATORS).doc(ctx.openid).set({ data: operator });
    await tx.collection(OPERATOR_INVITES).doc(input.code).update({ data: { usedBy: ctx.openid, usedAt: ctx.now } });
    await appendAudit(tx, ctx, {
      target: { kind: 'operator', id: ctx.openid, label: invite.name },
      before: before ? { active: false, role: before.role, storeIds: before.storeIds ?? [] } : null,
      after: { active: true, name: invite.name, role: invite.role, storeIds: invite.storeIds, inviteId: invite.inviteId, invitedBy: invite.createdBy },
      storeId: invite.storeIds.length === 1 ? invite.storeIds[0] : null,
    });
    return { name: invite.name, role: invite.role, roleLabel: roleLabel(invite.role), stores };
  });
}

async function alreadyBound(tx: Tx, openid: string, invite: OperatorInviteDoc): Promise<BoundOperator> {
  const operator = await txGet<OperatorRecord>(tx, OPERATORS, openid);
  // The binding this invite made may since have been changed or disabled: then the code is spent.
  if (!operator?.active || operator.inviteId !== invite.inviteId || operator.role !== invite.role) throw new BusinessError('BINDING_CODE_INVALID', undefined, 'code');
  const stores = await openStores(tx, operator.role === 'store_manager' ? (operator.storeIds ?? []) : []);
  return { name: operator.name, role: operator.role, roleLabel: roleLabel(operator.role), stores };
}
