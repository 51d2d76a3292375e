import type { RecordPurchaseResult } from '../contract';
import type { LoadedBrandSettings } from '../brand/settings';
import { loadBrandSettings } from '../brand/settings';
import { type MemberAccounts, loadAccounts } from '../ledger/accounts';
import { walletBalance } from '../ledger/read';
import type { EntryDraft } from '../ledger/entries';
import { replayIfSeen, runOnce } from '../ledger/idempotency';
import { changedAccounts, writePosting } from '../ledger/posting';
import { memberCodeSecret, resolveMemberByCode, tillOf, verifyMemberCodeSignature } from '../member-code';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { BusinessError } from '../platform/business-error';
import { type Tx, txGet } from '../platform/documents';
import { inBrandZone } from '../platform/time';
import { creditPoints } from '../points/operations';
import { expireDue } from '../points/expire-lazily';
import { earnedOnDay, recordEarnedOnDay } from '../points/daily-cap';
import { expiryDayFor, quoteEarn } from '../points/earn';
import type { HandlerContext } from '../router/context';
import { creditGrowth } from '../tiers/growth';
import { effectiveTier, upgradeIfEarned } from '../tiers/member-tier';
import { payFromWallet } from '../wallet/operations';
import { PURCHASES, type PurchaseDoc } from './collections';
import { tierView } from './views';

export interface RecordPurchaseInput {
  code: string;
  amountFen: number;
  walletFen: number;
}

/**
 * Staff record an in-store order for the member whose code they scanned: optionally paid from
 * the wallet, earning points and growth per the brand's rules, all in one posting.
 * Request ids are shared by the store, so two phones submitting one order post it once.
 */
export async function recordPurchase(ctx: HandlerContext, input: RecordPurchaseInput): Promise<RecordPurchaseResult> {
  const storeId = ctx.roles.staff!.storeId;
  // The request is keyed by the member, not the code, which changes every 30 s. A retry after
  // the code expired must still answer the first outcome, so replays are looked up before the
  // code's age is checked.
  const till = tillOf(ctx);
  const { memberId } = verifyMemberCodeSignature(input.code, memberCodeSecret(), till);
  const key = { scope: `store:${storeId}:recordPurchase`, requestId: ctx.requestId!, input: { ...input, code: memberId } };
  await replayIfSeen(ctx, key);
  const member = await resolveMemberByCode(ctx, input.code, till);
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  return runOnce(ctx, key, (tx, postingId) => post(ctx, tx, postingId, brand, member._id, storeId, input));
}

async function post(ctx: HandlerContext, tx: Tx, postingId: string, brand: LoadedBrandSettings, memberId: string, storeId: string, input: RecordPurchaseInput): Promise<RecordPurchaseResult> {
  const member = await txGet<MemberDoc>(tx, MEMBERS, memberId);
  if (!member) throw new BusinessError('MEMBER_NOT_FOUND');
  // The wallet accounts are read only when the order draws on them: a purchase paid in cash
  // costs two reads fewer and leaves them untouched.
  const accounts: Pick<MemberAccounts, 'points' | 'growth'> & Partial<MemberAccounts> = await loadAccounts(tx, memberId, ['points', 'growth'] as const);
  const source = { type: 'purchase', id: postingId };
  const entries: EntryDraft[] = [];
  const after: Partial<MemberAccounts> = { ...accounts };

  // Wallet first: a payment that cannot be covered stops the whole order.
  let walletPaid = { principal: 0, bonus: 0 };
  let walletDraws: PurchaseDoc['walletDraws'] = [];
  let walletAfter: number | null = null;
  if (input.walletFen > 0) {
    const wallet = await loadAccounts(tx, memberId, ['wallet_principal', 'wallet_bonus'] as const);
    const paid = payFromWallet(wallet, input.walletFen, source);
    entries.push(...paid.entries);
    Object.assign(accounts, wallet);
    Object.assign(after, paid.after);
    walletDraws = paid.draws;
    walletPaid = { principal: wallet.wallet_principal.balance - paid.after.wallet_principal.balance, bonus: wallet.wallet_bonus.balance - paid.after.wallet_bonus.balance };
    walletAfter = walletBalance(paid.after);
  }

  const tier = effectiveTier(member, brand, ctx.now);
  const day = inBrandZone(ctx.now, brand.timeZone).format('YYYY-MM-DD');
  const quote = quoteEarn(input.amountFen, brand.points, tier.benefits.pointsMultiplierPercent, earnedOnDay(accounts.points, day));
  const pointsExpireOn = expiryDayFor(ctx.now, brand.points, brand.timeZone);
  const expired = expireDue(accounts.points, ctx.now, brand.timeZone);
  entries.push(...expired.entries);
  const pointsEntryIndex = entries.length;
  const points = creditPoints(
    recordEarnedOnDay(expired.after, day, quote.points),
    { amount: quote.points, expiresOn: pointsExpireOn, kind: 'earn', reason: '门店消费积分', source },
    brand.timeZone,
  );
  entries.push(...points.entries);
  after.points = points.after;
  const growthEntryIndex = entries.length;
  const growth = creditGrowth(accounts.growth, quote.growth, ctx.now, brand.timeZone, source);
  entries.push(...growth.entries);
  after.growth = growth.after;

  const written = await writePosting(tx, {
    postingId,
    memberId,
    actor: { type: 'staff', id: ctx.openid },
    createdAt: ctx.now,
    entries,
    changes: changedAccounts(accounts as MemberAccounts, after as MemberAccounts),
  });
  const upgraded = upgradeIfEarned(member, growth.after, brand, ctx.now);
  if (upgraded) {
    const { _id, ...fields } = upgraded;
    await tx.collection(MEMBERS).doc(_id).set({ data: fields });
  }

  const purchase: PurchaseDoc = {
    _id: postingId,
    memberId,
    memberNo: member.memberNo,
    storeId,
    staffOpenid: ctx.openid,
    amountFen: input.amountFen,
    walletDraws,
    walletPaidFen: input.walletFen,
    pointsEarned: quote.points,
    pointsExpireOn: quote.points > 0 ? pointsExpireOn : null,
    growthEarned: quote.growth,
    pointsEntryId: quote.points > 0 ? written[pointsEntryIndex]._id : null,
    growthEntryId: quote.growth > 0 ? written[growthEntryIndex]._id : null,
    status: 'completed',
    createdAt: ctx.now,
    // The rule versions it was priced and earned with; a refund reverses these amounts, never a recomputation.
    ruleVersions: { points: brand.ruleVersions.points, tiers: brand.ruleVersions.tiers },
    ...(upgraded ? { upgradedFrom: member.tierCode } : {}),
  };
  const { _id, ...purchaseFields } = purchase;
  await tx.collection(PURCHASES).doc(_id).set({ data: purchaseFields });

  const debtSettled = accounts.points.debt - points.after.debt;
  return {
    purchaseId: postingId,
    memberNo: member.memberNo,
    amountFen: input.amountFen,
    walletPaidFen: input.walletFen,
    walletPaid,
    pointsEarned: quote.points,
    pointsCappedBy: quote.cappedBy,
    debtSettled,
    growthEarned: quote.growth,
    status: 'completed',
    createdAt: ctx.now.toISOString(),
    balances: { points: points.after.balance, walletFen: walletAfter },
    tier: tierView(upgraded ? effectiveTier(upgraded, brand, ctx.now) : tier),
    upgraded: upgraded !== null,
  };
}
