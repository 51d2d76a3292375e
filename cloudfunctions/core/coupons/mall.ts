import type { MallItem, RedeemMallItemResult } from '../contract/coupons';
import { loadBrandSettings } from '../brand/settings';
import { ACCOUNTS, type PointsAccountDoc, accountId, loadAccounts } from '../ledger/accounts';
import type { IdempotencyKey } from '../ledger/idempotency';
import { writePosting } from '../ledger/posting';
import { requireMember } from '../members/lookup';
import { BusinessError } from '../platform/business-error';
import { findDocs, getDocById } from '../platform/documents';
import { expireDue } from '../points/expire-lazily';
import { debitPoints } from '../points/operations';
import type { HandlerContext } from '../router/context';
import { issueOnce } from './claim';
import { COUPON_TEMPLATES, type CouponTemplateDoc, templateChannel } from './collections';
import { templateStandings } from './member';
import { summaryLines } from './model';

// 积分商城: a reward is a coupon template of the mall channel with a points cost. Redeeming one
// is the claim's own transaction (stock shard, the member's counter, the coupon) plus a points
// posting that spends the cost, so either both happen or neither does.

/** What the member can spend now: the balance after what has ended expires (as a posting would see it). */
function spendable(account: PointsAccountDoc | null, now: Date, timeZone: string): number {
  return account ? expireDue(account, now, timeZone).after.balance : 0;
}

/** Why a member cannot redeem an item now, in the order they would be refused; null when they can. */
export function mallBlockedReason(args: {
  tierLowName: string | null;
  remainingStock: number;
  remainingForMe: number;
  dailyLimitHit: boolean;
  balance: number;
  pointsCost: number;
}): string | null {
  if (args.tierLowName !== null) return `${args.tierLowName}及以上会员可兑换`;
  if (args.remainingStock <= 0) return '已兑完';
  if (args.remainingForMe <= 0) return args.dailyLimitHit ? '今天已兑满，明天再来吧' : '已达兑换上限';
  if (args.balance < args.pointsCost) return '积分不足';
  return null;
}

export async function pointsMall(ctx: HandlerContext): Promise<{ balance: number; items: MallItem[] }> {
  const member = await requireMember(ctx);
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  const [templates, account] = await Promise.all([
    findDocs<CouponTemplateDoc>(ctx.db.collection(COUPON_TEMPLATES).where({ state: 'active', channel: 'mall' }).orderBy('createdAt', 'desc').limit(100)),
    getDocById<PointsAccountDoc>(ctx.db, ACCOUNTS, accountId(member._id, 'points')),
  ]);
  const balance = spendable(account, ctx.now, brand.timeZone);
  // A fixed window that has ended offers nothing to redeem.
  const open = templates.filter((t) => templateChannel(t) === 'mall' && t.pointsCost && (t.validity.type !== 'fixed' || Date.parse(t.validity.until) > ctx.now.getTime()));
  if (!open.length) return { balance, items: [] };
  const { tierNames, standingOf } = await templateStandings(ctx, member, brand, open);
  return {
    balance,
    items: open.map((t) => {
      const { remainingStock, remainingForMe, tierLowName, dailyLimitHit } = standingOf(t);
      const pointsCost = t.pointsCost!;
      return {
        templateId: t._id,
        name: t.name,
        description: t.description,
        summary: summaryLines(t, brand.timeZone, tierNames),
        kind: t.benefit.kind,
        pointsCost,
        remainingStock,
        remainingForMe,
        blockedReason: mallBlockedReason({
          tierLowName,
          remainingStock,
          remainingForMe,
          dailyLimitHit,
          balance,
          pointsCost,
        }),
      };
    }),
  };
}

/**
 * Spends the item's points and issues its coupon in ONE transaction (the claim's, with the debit
 * as its extra step). Refusals known beforehand (not a mall item, paused, tier, limits, points)
 * record nothing; stock runs out as for a claim. A retry of the request answers the first outcome.
 */
export async function redeemMallItem(ctx: HandlerContext, input: { templateId: string }): Promise<RedeemMallItemResult> {
  if (!ctx.requestId) throw new Error('redeemMallItem is mutating and reached its handler without a request id');
  const member = await requireMember(ctx);
  const key: IdempotencyKey = { scope: `member:${ctx.openid}:redeemMallItem`, requestId: ctx.requestId, input };
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  return issueOnce<RedeemMallItemResult>(ctx, member, input.templateId, key, 'mall', {
    admit: (template) => {
      if (templateChannel(template) !== 'mall' || !template.pointsCost) throw new BusinessError('NOT_IN_MALL');
    },
    precheck: async (template) => {
      const account = await getDocById<PointsAccountDoc>(ctx.db, ACCOUNTS, accountId(member._id, 'points'));
      const balance = spendable(account, ctx.now, brand.timeZone);
      const cost = template.pointsCost ?? 0;
      if (balance < cost) throw new BusinessError('INSUFFICIENT_POINTS', `积分不足，还差 ${(cost - balance).toLocaleString('en-US')} 分`);
    },
    step: async (tx, { issued, template }) => {
      // As read in this transaction: a template moved out of the mall meanwhile refuses here.
      if (templateChannel(template) !== 'mall' || !template.pointsCost) throw new BusinessError('NOT_IN_MALL');
      const { points } = await loadAccounts(tx, member._id, ['points'] as const);
      const expired = expireDue(points, ctx.now, brand.timeZone);
      // The posting shares the coupon's id (both derive from the request); its source names the coupon.
      const source = { type: 'coupon', id: issued.couponId };
      const spend = debitPoints(expired.after, { amount: template.pointsCost, kind: 'spend', reason: `积分兑换 ${template.name}`, source }, brand.timeZone);
      await writePosting(tx, {
        postingId: issued.couponId,
        memberId: member._id,
        actor: { type: 'member', id: ctx.openid },
        createdAt: ctx.now,
        entries: [...expired.entries, ...spend.entries],
        changes: [{ before: points, after: spend.after }],
      });
      return { ...issued, pointsSpent: template.pointsCost, balance: spend.after.balance };
    },
  });
}
