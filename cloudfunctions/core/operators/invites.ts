import type { PendingInviteView, RevokeInviteResult } from '../contract';
import { appendAudit } from '../audit/log';
import { idempotent } from '../ledger/idempotency';
import { BusinessError } from '../platform/business-error';
import { findDocs, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { STORES, type StoreDoc } from '../stores/collections';
import { findAll } from '../stores/listing';
import { OPERATOR_INVITES, type OperatorInviteDoc } from './collections';
import { inviteUsable } from './rules';
import { roleLabel } from './views';

// Invites an owner has sent that nobody has bound yet: listed, and withdrawn before they are used
// (a code shown to the wrong person, a person who will not join after all).

export async function listOperatorInvites(ctx: HandlerContext): Promise<{ invites: PendingInviteView[] }> {
  const _ = ctx.db.command;
  const [open, stores] = await Promise.all([
    findDocs<OperatorInviteDoc>(ctx.db.collection(OPERATOR_INVITES).where({ usedBy: null, expiresAt: _.gt(ctx.now) }).orderBy('createdAt', 'desc').limit(100)),
    findAll<StoreDoc>(ctx.db, STORES),
  ]);
  const names = new Map(stores.map((store) => [store._id, store.name]));
  return {
    invites: open
      .filter((invite) => inviteUsable(invite, ctx.now))
      .map((invite) => ({
        inviteId: invite.inviteId,
        name: invite.name,
        role: invite.role,
        roleLabel: roleLabel(invite.role),
        stores: invite.storeIds.map((storeId) => ({ storeId, name: names.get(storeId) ?? '' })),
        createdAt: new Date(invite.createdAt).toISOString(),
        expiresAt: new Date(invite.expiresAt).toISOString(),
      })),
  };
}

export async function revokeOperatorInvite(ctx: HandlerContext, input: { inviteId: string }): Promise<RevokeInviteResult> {
  if (!ctx.requestId) throw new Error('revokeOperatorInvite is mutating and reached its handler without a request id');
  // The invite's document id is its code, which the console never sees: find it by its public id.
  const [found] = await findDocs<OperatorInviteDoc>(ctx.db.collection(OPERATOR_INVITES).where({ inviteId: input.inviteId }).limit(1));
  if (!found) throw new BusinessError('INVITE_NOT_PENDING', undefined, 'inviteId');
  return idempotent(ctx, { scope: `admin:${ctx.openid}:revokeOperatorInvite`, requestId: ctx.requestId, input }, async (tx) => {
    // Read again in the transaction: a bind that commits first wins, and this refuses.
    const invite = await txGet<OperatorInviteDoc>(tx, OPERATOR_INVITES, found._id);
    if (!invite || !inviteUsable(invite, ctx.now)) throw new BusinessError('INVITE_NOT_PENDING', undefined, 'inviteId');
    await tx.collection(OPERATOR_INVITES).doc(found._id).update({ data: { revokedAt: ctx.now, revokedBy: ctx.openid } });
    await appendAudit(tx, ctx, {
      target: { kind: 'operator', id: invite.inviteId, label: invite.name },
      before: { invite: true, role: invite.role, expiresAt: invite.expiresAt },
      after: { revoked: true },
      storeId: invite.storeIds.length === 1 ? invite.storeIds[0] : null,
    });
    return { inviteId: invite.inviteId, revoked: true as const };
  });
}
