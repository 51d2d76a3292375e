import type { TopupOrderResult } from '../contract';
import { loadBrandSettings } from '../brand/settings';
import { idempotentThenCallOut, requestKey } from '../ledger/idempotency';
import { readMemberAccounts, walletBalance } from '../ledger/read';
import { requireMember } from '../members/lookup';
import { requireStoredValueAgreement } from '../privacy/consents';
import { BusinessError } from '../platform/business-error';
import { ACCOUNTS, loadAccounts } from '../ledger/accounts';
import { type Tx, findDocs, getDocById } from '../platform/documents';
import { PAYABLE_FOR_MS, requestPayment as requestOrderPayment } from '../payments/unified-order';
import { PAYMENT_ORDERS, type PaymentOrderDoc } from '../payments/orders';
import type { HandlerContext } from '../router/context';
import { formatFen } from '../platform/money-text';
import { type HoldingAccount, type TopupHold, heldFen, liveHolds } from './holds';

export interface TopupOrderDoc extends PaymentOrderDoc {
  purpose: 'topup';
  packageId: string;
  principalFen: number;
  bonusFen: number;
  /** Set when the member's referral could still qualify by it (core/referral): only then does the credit read the member. */
  referralOpen?: true;
  /** The inviter's referral reward this top-up qualified; its refund cancels or claws it back. */
  referralRewardId?: string;
}

/**
 * Places a top-up order and asks WeChat Pay for the payment parameters. The order number
 * derives from the request id, so a retried tap re-asks for the same order instead of a new one.
 * The balance ceiling is checked here, counting what unpaid orders hold (holds.ts); money that
 * arrives is always credited (see settle.ts).
 */
export async function createTopup(ctx: HandlerContext, input: { packageId: string }): Promise<TopupOrderResult> {
  const brand = await loadBrandSettings(ctx.db);
  const member = await requireMember(ctx);
  const scope = `member:${ctx.openid}:createTopup`;
  // 储值协议: its current version accepted (AGREEMENT_REQUIRED otherwise, nothing recorded).
  await requireStoredValueAgreement(ctx, member, scope);
  const outTradeNo = `T${requestKey(scope, ctx.requestId!).slice(0, 31)}`;
  const placeOrder = async (tx: Tx) => {
    // Checked inside the request, so a retry answers what the first call did even if the
    // packages or the balance changed in between.
    const pkg = brand.wallet.packages.find((p) => p.id === input.packageId);
    if (!pkg) throw new BusinessError('TOPUP_PACKAGE_NOT_FOUND');
    const wallet = await loadAccounts(tx, member._id, ['wallet_principal', 'wallet_bonus'] as const);
    // Read and written by id in this transaction: concurrent orders conflict here (holds.ts).
    const principal: HoldingAccount = wallet.wallet_principal;
    const holds = liveHolds(principal, ctx.now);
    const awaiting = heldFen(holds);
    const room = brand.wallet.maxBalanceFen - principal.balance - wallet.wallet_bonus.balance - awaiting;
    if (pkg.payFen + pkg.bonusFen > room) {
      const note = awaiting > 0 ? `（另有 ${formatFen(awaiting)} 待支付订单，支付或 2 小时后释放）` : '';
      throw new BusinessError('WALLET_LIMIT_EXCEEDED', `储值余额上限为 ${formatFen(brand.wallet.maxBalanceFen)}，当前最多还可存入 ${formatFen(Math.max(0, room))}${note}`);
    }
    const hold: TopupHold = { outTradeNo, fen: pkg.payFen + pkg.bonusFen, expiresAt: new Date(ctx.now.getTime() + PAYABLE_FOR_MS) };
    // Not a posting: no balance moves, so the version stays; postings carry the holds along.
    await tx.collection(ACCOUNTS).doc(principal._id).update({ data: { topupHolds: ctx.db.command.set([...holds, hold]) } });
    const doc: TopupOrderDoc = {
      _id: outTradeNo,
      purpose: 'topup',
      memberId: member._id,
      openid: ctx.openid,
      totalFee: pkg.payFen,
      packageId: pkg.id,
      principalFen: pkg.payFen,
      bonusFen: pkg.bonusFen,
      status: 'pending',
      createdAt: ctx.now,
      ...(member.referral && !member.referral.ended && !member.referral.qualifiedAt ? { referralOpen: true as const } : {}),
    };
    const { _id, ...fields } = doc;
    await tx.collection(PAYMENT_ORDERS).doc(_id).set({ data: fields });
    return { outTradeNo, totalFee: pkg.payFen, body: `${brand.name}-储值${pkg.label}` };
  };
  // A retried tap replays the stored order and asks WeChat Pay again: unifiedOrder answers the
  // same prepay for the same order number, so the member can still pay it.
  return idempotentThenCallOut(ctx, { scope, requestId: ctx.requestId!, input }, placeOrder, async (order, _postingId, replayed) => {
    if (!replayed) return requestPayment(order, ctx.now);
    // A retried tap: the order may have been paid since, or be past WeChat Pay's two hours (it no
    // longer holds room under the ceiling, so it must not become payable again).
    const placed = await getDocById<TopupOrderDoc>(ctx.db, PAYMENT_ORDERS, order.outTradeNo);
    if (placed && placed.status !== 'pending') return { outTradeNo: order.outTradeNo, totalFee: order.totalFee, payment: null };
    const placedAt = placed ? new Date(placed.createdAt) : ctx.now;
    if (ctx.now.getTime() - placedAt.getTime() > PAYABLE_FOR_MS) throw new BusinessError('PAYMENT_FAILED', '该订单已超时未支付，请重新下单');
    return requestPayment(order, placedAt);
  });
}

/** Payment parameters for the order (payments/unified-order.ts), in the top-up's answer. */
async function requestPayment(order: { outTradeNo: string; totalFee: number; body: string }, placedAt: Date): Promise<TopupOrderResult> {
  return { outTradeNo: order.outTradeNo, totalFee: order.totalFee, payment: await requestOrderPayment(order, placedAt) };
}

/** What the member's wallet balance is once the order settles, for the paying page to poll. */
export async function topupStatus(ctx: HandlerContext, input: { outTradeNo: string }) {
  const member = await requireMember(ctx);
  const [found] = await findDocs<PaymentOrderDoc>(ctx.db.collection(PAYMENT_ORDERS).where({ _id: input.outTradeNo, memberId: member._id }).limit(1));
  if (!found) throw new BusinessError('ORDER_NOT_FOUND');
  return { outTradeNo: found._id, status: found.status, balanceFen: walletBalance(await readMemberAccounts(ctx.db, member._id)) };
}

