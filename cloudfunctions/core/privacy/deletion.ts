import type { DeletionPreview, DeletionResult } from '../contract/profile';
import { AUDIT_LOG, type AuditEntryDoc } from '../audit/log';
import { loadBrandSettings } from '../brand/settings';
import { loadAccounts, type PointsAccountDoc, type WalletBonusAccountDoc } from '../ledger/accounts';
import { type IdempotencyKey, replayIfSeen, runOnce } from '../ledger/idempotency';
import { readMemberAccounts } from '../ledger/read';
import { changedAccounts, writePosting } from '../ledger/posting';
import { IDENTITIES, MEMBERS, PHONE_OWNERS, type IdentityDoc } from '../members/collections';
import { formatFen } from '../platform/money-text';
import { requireMember } from '../members/lookup';
import { BusinessError, ReplayedOutcome } from '../platform/business-error';
import type { Database } from '../platform/cloud';
import { findDocs, txGet } from '../platform/documents';
import { expireDue } from '../points/expire-lazily';
import type { HandlerContext } from '../router/context';
import type { HoldingAccount } from '../wallet/holds';
import { WALLET_REFUNDS, type WalletRefundDoc } from '../wallet/refund-sending';
import type { PrivacyMemberDoc } from './collections';
import { PAYMENT_ORDERS, type PaymentOrderDoc } from '../payments/orders';
import { PAYABLE_FOR_MS } from '../payments/unified-order';
import { type PendingOrder, deletionPlan, forfeitChange, previewOf } from './deletion-plan';
import { eraseElsewhere, FILES_TO_DELETE, erasedMember } from './erase';

/** How a deleted member reads wherever a nickname is shown (the console, a receipt). */
export const DELETED_NICKNAME = '已注销会员';

/** Refunds of the member's top-ups that WeChat Pay has not accepted (pending, or failed and waiting for a person). */
async function unsentRefunds(db: Database, memberId: string): Promise<number> {
  const open = await findDocs<WalletRefundDoc>(db.collection(WALLET_REFUNDS).where({ memberId, status: db.command.neq('submitted') }).limit(1));
  return open.length;
}

/**
 * The member's unpaid orders of any purpose (top-up, plan…) placed within the payable window: a
 * payment for one of them would arrive for a deleted account. (payment_orders index memberId, status.)
 */
async function pendingOrders(db: Database, memberId: string, now: Date): Promise<PendingOrder[]> {
  const since = new Date(now.getTime() - PAYABLE_FOR_MS);
  const orders = await findDocs<PaymentOrderDoc & { closedAt?: Date | null }>(
    db.collection(PAYMENT_ORDERS).where({ memberId, status: 'pending', createdAt: db.command.gt(since) }).limit(20),
  );
  return orders.map((o) => ({ purpose: o.purpose, createdAt: o.createdAt, closedAt: o.closedAt ?? null }));
}

export async function deletionPreview(ctx: HandlerContext): Promise<DeletionPreview> {
  const member = await requireMember(ctx);
  const brand = await loadBrandSettings(ctx.db);
  const [accounts, unsent, pending] = await Promise.all([readMemberAccounts(ctx.db, member._id), unsentRefunds(ctx.db, member._id), pendingOrders(ctx.db, member._id, ctx.now)]);
  const points = expireDue(accounts.points, ctx.now, brand.timeZone).after;
  return previewOf(deletionPlan({ points, wallet_principal: accounts.wallet_principal, wallet_bonus: accounts.wallet_bonus }, unsent, ctx.now, pending));
}

/** What the transaction stores: the answer, plus what the erasure after it needs (never sent to the client). */
interface StoredDeletion extends DeletionResult {
  memberId: string;
}

/**
 * 注销. One transaction: checks the wallet (a refund on its way, an unpaid order of any purpose or refundable
 * principal block; what cannot be refunded needs forfeitWallet), posts the forfeit of points
 * and stored value, erases the member's personal fields, deletes `identities/<openid>` (the app
 * then treats the openid as a new visitor), and writes the operator-visible audit entry without
 * personal data. Then, outside it and again on every replay (each step is safe to repeat), the
 * openid is taken out of everything else that held it (erase.ts). Replays are answered before the
 * member is looked up: after the deletion the openid has no member.
 */
export async function deleteAccount(ctx: HandlerContext, input: { confirm: true; forfeitWallet: boolean }): Promise<DeletionResult> {
  const key: IdempotencyKey = { scope: `member:${ctx.openid}:deleteAccount`, requestId: ctx.requestId!, input };
  try {
    await replayIfSeen(ctx, key);
  } catch (error) {
    if (!(error instanceof ReplayedOutcome && error.outcome.ok)) throw error;
    const stored = error.outcome.data as StoredDeletion;
    await eraseElsewhere(ctx, stored.memberId);
    throw new ReplayedOutcome({ ok: true, data: answerOf(stored) });
  }
  const member = await requireMember(ctx);
  const brand = await loadBrandSettings(ctx.db);
  const [unsent, pending] = await Promise.all([unsentRefunds(ctx.db, member._id), pendingOrders(ctx.db, member._id, ctx.now)]);
  const stored = await runOnce(ctx, key, async (tx, postingId): Promise<StoredDeletion> => {
    const identity = await txGet<IdentityDoc>(tx, IDENTITIES, ctx.openid);
    // A deletion racing this one won: refused without a record (a record's scope would name the
    // openid again, after the winner erased it).
    if (!identity || identity.memberId !== member._id) throw new IdentityGone();
    const current = (await txGet<PrivacyMemberDoc>(tx, MEMBERS, member._id))!;
    const loaded = await loadAccounts(tx, member._id, ['points', 'wallet_principal', 'wallet_bonus'] as const);
    const expired = expireDue(loaded.points, ctx.now, brand.timeZone);
    const accounts = { points: expired.after as PointsAccountDoc, wallet_principal: loaded.wallet_principal as HoldingAccount, wallet_bonus: loaded.wallet_bonus as WalletBonusAccountDoc };
    const plan = deletionPlan(accounts, unsent, ctx.now, pending);
    if (plan.block) throw new BusinessError(plan.block);
    if (plan.walletForfeitFen > 0 && !input.forfeitWallet) throw new BusinessError('FORFEIT_REQUIRED', `注销将放弃剩余储值 ${formatFen(plan.walletForfeitFen)}，请确认后再注销`, 'forfeitWallet');

    const forfeit = forfeitChange(accounts, { type: 'account_deletion', id: member._id });
    const entries = [...expired.entries, ...forfeit.entries];
    if (entries.length > 0) {
      await writePosting(tx, {
        postingId,
        memberId: member._id,
        // The member acting, named by member id (never the openid, which is being erased).
        actor: { type: 'member', id: member._id },
        createdAt: ctx.now,
        entries,
        changes: changedAccounts(loaded, { points: forfeit.after.points, wallet_principal: forfeit.after.wallet_principal, wallet_bonus: forfeit.after.wallet_bonus }),
      });
    }
    // Files in cloud storage that were the member's (avatar, 我的数据 exports): deleted after the commit.
    const stored = current as PrivacyMemberDoc & { avatarFileId?: string | null };
    const avatar = [...new Set([stored.avatarFileId, stored.avatarUrl].filter((f): f is string => typeof f === 'string' && f.startsWith('cloud://')))];
    if (avatar.length) await tx.collection(FILES_TO_DELETE).doc(postingId).set({ data: { memberId: member._id, fileIds: avatar, createdAt: ctx.now } });
    await tx.collection(MEMBERS).doc(member._id).set({ data: erasedMember(current, DELETED_NICKNAME, ctx.now) });
    await tx.collection(IDENTITIES).doc(ctx.openid).remove();
    // The number is free again for whoever verifies it next.
    if (current.phoneHash) await tx.collection(PHONE_OWNERS).doc(current.phoneHash).remove();
    // The audit entry an operator sees: the member (by number) deleted their account. The actor
    // is the member id, not the openid; nothing else about who they were.
    const audit: Omit<AuditEntryDoc, '_id'> = {
      at: ctx.now,
      actor: { openid: member._id, role: 'member' },
      fn: ctx.fn,
      action: ctx.action,
      target: { kind: 'member', id: member._id, label: member.memberNo },
      before: null,
      after: { deletedAt: ctx.now.toISOString(), pointsForfeited: plan.points, walletForfeitedFen: plan.walletForfeitFen },
      requestId: ctx.requestId ?? null,
      storeId: null,
      reason: null,
      read: false,
    };
    await tx.collection(AUDIT_LOG).add({ data: audit });
    return { memberId: member._id, deletedAt: ctx.now.toISOString(), pointsForfeited: plan.points, walletForfeitedFen: plan.walletForfeitFen };
  }).catch((error: unknown) => {
    throw error instanceof IdentityGone ? new BusinessError('MEMBER_NOT_FOUND') : error;
  });
  await eraseElsewhere(ctx, stored.memberId);
  return answerOf(stored);
}

/** Not a BusinessError, so runOnce records nothing for it. */
class IdentityGone extends Error {}

function answerOf(stored: StoredDeletion): DeletionResult {
  return { deletedAt: stored.deletedAt, pointsForfeited: stored.pointsForfeited, walletForfeitedFen: stored.walletForfeitedFen };
}
