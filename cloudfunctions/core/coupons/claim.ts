import { type BrandSettings, loadBrandSettings, tierByCode } from '../brand/settings';
import { type IdempotencyKey, REQUESTS, type RequestDoc, replayIfSeen, requestKey, runOnce } from '../ledger/idempotency';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { refuseDeleted, requireMember } from '../members/lookup';
import { BusinessError, ReplayedOutcome } from '../platform/business-error';
import { type Tx, findDocs, getDocById, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { effectiveTier } from '../tiers/member-tier';
import { rankOf } from '../tiers/rules';
import type { ClaimCouponResult } from '../contract/coupons';
import {
  COUPONS,
  COUPON_CLAIMS,
  COUPON_STOCK,
  COUPON_TEMPLATES,
  type CouponClaimsDoc,
  type CouponDoc,
  type CouponStockDoc,
  type CouponTemplateDoc,
  claimsId,
  stockId,
  templateChannel,
} from './collections';
import { brandDay, validityAt } from './model';
import { paidTermsAt } from '../membership/collections';

// Claiming and issuing: one transaction reads and writes one stock shard and the member's
// counter, and creates the coupon. Shards found dry are skipped; the refusals a claim can meet
// are decided before the transaction too, so most of them record nothing.

/** A shard ran dry between the read that chose it and the transaction: try another. */
class ShardDry extends Error {}

export async function readShards(ctx: HandlerContext, templateId: string): Promise<CouponStockDoc[]> {
  return findDocs<CouponStockDoc>(ctx.db.collection(COUPON_STOCK).where({ templateId }).limit(100));
}

const remaining = (shard: CouponStockDoc) => shard.stock - shard.issued;

interface Checked {
  template: CouponTemplateDoc;
  timeZone: string;
}

/** Refusals that do not depend on stock or counters: unknown, paused, tier. */
async function checkTemplate(ctx: HandlerContext, member: MemberDoc, templateId: string, admit?: (template: CouponTemplateDoc) => void, rules?: BrandSettings): Promise<Checked> {
  const template = await getDocById<CouponTemplateDoc>(ctx.db, COUPON_TEMPLATES, templateId);
  if (!template) throw new BusinessError('COUPON_TEMPLATE_NOT_FOUND');
  // The way in (领券中心, the mall) refuses a template of another channel before anything else.
  admit?.(template);
  if (template.state !== 'active') throw new BusinessError('COUPON_TEMPLATE_PAUSED');
  const brand = rules ?? (await loadBrandSettings(ctx.db, ctx.now));
  if (template.minTierCode) {
    const tier = effectiveTier(member, brand, ctx.now);
    if (rankOf(brand.tiers, tier.code) < rankOf(brand.tiers, template.minTierCode)) {
      throw new BusinessError('TIER_TOO_LOW', `${tierByCode(brand, template.minTierCode).name}及以上会员才能领取`);
    }
  }
  // Members-only (issue 12): a paid membership in force now, read from the member document.
  if (template.paidMembersOnly && !paidTermsAt(member, ctx.now)) throw new BusinessError('MEMBERS_ONLY');
  return { template, timeZone: brand.timeZone };
}

function checkLimits(template: CouponTemplateDoc, counter: CouponClaimsDoc | null, day: string): void {
  if (!counter) return;
  if (counter.total >= template.perMemberLimit) throw new BusinessError('CLAIM_LIMIT_REACHED');
  if (template.perMemberPerDayLimit !== null && counter.day === day && counter.dayCount >= template.perMemberPerDayLimit) {
    throw new BusinessError('DAILY_CLAIM_LIMIT_REACHED');
  }
}

/** The claim's transaction on shard `n`: template, shard and counter read; shard and counter written, coupon created. */
async function claimOnShard<R>(
  tx: Tx,
  ctx: HandlerContext,
  args: { memberId: string; templateId: string; couponId: string; n: number; timeZone: string; source: string },
  step: IssueStep<R>,
): Promise<R> {
  const template = await txGet<CouponTemplateDoc>(tx, COUPON_TEMPLATES, args.templateId);
  if (!template) throw new BusinessError('COUPON_TEMPLATE_NOT_FOUND');
  if (template.state !== 'active') throw new BusinessError('COUPON_TEMPLATE_PAUSED');
  const day = brandDay(ctx.now, args.timeZone);
  const counterId = claimsId(args.templateId, args.memberId);
  const counter = await txGet<CouponClaimsDoc>(tx, COUPON_CLAIMS, counterId);
  checkLimits(template, counter, day);
  const shard = await txGet<CouponStockDoc>(tx, COUPON_STOCK, stockId(args.templateId, args.n));
  if (!shard || remaining(shard) <= 0) throw new ShardDry();

  const { validFrom, validUntil } = validityAt(template.validity, ctx.now, args.timeZone);
  const untilKey = String(validUntil.getTime());
  const { _id: _shardId, ...shardFields } = shard;
  await tx.collection(COUPON_STOCK).doc(shard._id).set({
    data: { ...shardFields, issued: shard.issued + 1, untilCounts: { ...shard.untilCounts, [untilKey]: (shard.untilCounts[untilKey] ?? 0) + 1 } },
  });
  const nextCounter: Omit<CouponClaimsDoc, '_id'> = {
    templateId: args.templateId,
    memberId: args.memberId,
    total: (counter?.total ?? 0) + 1,
    day,
    dayCount: counter && counter.day === day ? counter.dayCount + 1 : 1,
  };
  await tx.collection(COUPON_CLAIMS).doc(counterId).set({ data: nextCounter });
  const { name, description, benefit, validity, weekdays, hours, storeIds, minTierCode, stackable } = template;
  const coupon: Omit<CouponDoc, '_id'> = {
    memberId: args.memberId,
    templateId: args.templateId,
    rules: { name, description, benefit, validity, weekdays, hours, storeIds, minTierCode, stackable, ...(template.paidMembersOnly ? { paidMembersOnly: true } : {}) },
    validFrom,
    validUntil,
    status: 'available',
    stockShard: args.n,
    source: args.source,
    createdAt: ctx.now,
  };
  await tx.collection(COUPONS).doc(args.couponId).set({ data: coupon });
  const issued = { couponId: args.couponId, templateId: args.templateId, validFrom: validFrom.toISOString(), validUntil: validUntil.toISOString() };
  return step(tx, { issued, template });
}

/** Shards in random order, those with stock left first (as last read). */
function shardOrder(shards: CouponStockDoc[]): number[] {
  const live = shards.filter((s) => remaining(s) > 0).map((s) => s.n);
  for (let i = live.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [live[i], live[j]] = [live[j], live[i]];
  }
  return live;
}

/**
 * What a caller adds to an issue, in the same transaction (the points mall spends points there):
 * `step` gets the transaction, the coupon just issued and the template as read in it, and answers
 * the transaction's result (a refusal it throws aborts everything, coupon included); `precheck`
 * refuses before anything is recorded, after the template's own checks.
 */
export interface IssueExtra<R> {
  /** Refuses a template this way in does not serve (its channel), right after it is found. */
  admit?: (template: CouponTemplateDoc) => void;
  precheck?: (template: CouponTemplateDoc) => Promise<void>;
  step?: IssueStep<R>;
  /** The brand rules the caller already read (a job issuing for many members): saves a read per coupon. */
  brand?: BrandSettings;
}
export type IssueStep<R> = (tx: Tx, args: { issued: ClaimCouponResult; template: CouponTemplateDoc }) => Promise<R>;
const asIssued: IssueStep<ClaimCouponResult> = async (_tx, { issued }) => issued;

/**
 * Gives `member` one coupon of `templateId` once per idempotency key. Shared by the member's
 * claim, the internal issue API and the points mall (which adds its debit through `extra`).
 */
export async function issueOnce<R = ClaimCouponResult>(
  ctx: HandlerContext,
  member: MemberDoc,
  templateId: string,
  key: IdempotencyKey,
  source: string,
  extra: IssueExtra<R> = {},
): Promise<R> {
  const step = extra.step ?? (asIssued as IssueStep<R>);
  await replayIfSeen(ctx, key);
  try {
    return await issueOnShards(ctx, member, templateId, key, source, extra, step);
  } catch (error) {
    // A refusal met before any transaction (limit, stock) may be this very request's own success,
    // committed meanwhile by a concurrent delivery of it: answer that instead.
    if (error instanceof BusinessError) {
      const earlier = await getDocById<RequestDoc>(ctx.db, REQUESTS, requestKey(key.scope, key.requestId));
      if (earlier?.outcome.ok) await replayIfSeen(ctx, key);
    }
    throw error;
  }
}

async function issueOnShards<R>(ctx: HandlerContext, member: MemberDoc, templateId: string, key: IdempotencyKey, source: string, extra: IssueExtra<R>, step: IssueStep<R>): Promise<R> {
  const { template, timeZone } = await checkTemplate(ctx, member, templateId, extra.admit, extra.brand);
  const day = brandDay(ctx.now, timeZone);
  checkLimits(template, await getDocById<CouponClaimsDoc>(ctx.db, COUPON_CLAIMS, claimsId(templateId, member._id)), day);
  // The caller's own refusals, also before anything is recorded (e.g. the mall's points).
  await extra.precheck?.(template);
  // Two passes: stock only grows by an operator's raise, so shards read dry stay dry unless raised meanwhile.
  for (let pass = 0; pass < 2; pass++) {
    const order = shardOrder(await readShards(ctx, templateId));
    // Nothing left when first read: a second read straight away would find the same.
    if (!order.length) break;
    for (const n of order) {
      try {
        return await runOnce(ctx, key, (tx, postingId) => claimOnShard(tx, ctx, { memberId: member._id, templateId, couponId: postingId, n, timeZone, source }, step));
      } catch (error) {
        if (!(error instanceof ShardDry)) throw error;
      }
    }
  }
  throw new BusinessError('OUT_OF_STOCK');
}

export async function claimCoupon(ctx: HandlerContext, input: { templateId: string }): Promise<ClaimCouponResult> {
  if (!ctx.requestId) throw new Error('claimCoupon is mutating and reached its handler without a request id');
  const member = await requireMember(ctx);
  return issueOnce(ctx, member, input.templateId, { scope: `member:${ctx.openid}:claimCoupon`, requestId: ctx.requestId, input }, 'claim', {
    // Mall and grant-only templates are not free for the taking.
    admit: (template) => {
      if (templateChannel(template) !== 'center') throw new BusinessError('NOT_CLAIMABLE');
    },
  });
}

/**
 * The internal issue API, for other capabilities (tier gifts, birthday, referral, bulk issue):
 * one coupon per `key`, however often it is called; the same limits and stock as a claim.
 * `source` names the capability (e.g. 'tier_gift'). Not reachable from any client.
 */
export async function issueCoupon(ctx: HandlerContext, args: { memberId: string; templateId: string; key: string; source?: string; brand?: BrandSettings }): Promise<ClaimCouponResult> {
  const member = await getDocById<MemberDoc>(ctx.db, MEMBERS, args.memberId);
  if (!member) throw new BusinessError('MEMBER_NOT_FOUND');
  refuseDeleted(member);
  const key: IdempotencyKey = { scope: 'coupon-issue', requestId: args.key, input: { memberId: args.memberId, templateId: args.templateId } };
  try {
    return await issueOnce(ctx, member, args.templateId, key, args.source ?? 'issue', { brand: args.brand });
  } catch (error) {
    // A second call with the key answers the first outcome as a value (or the same refusal).
    if (!(error instanceof ReplayedOutcome)) throw error;
    if (error.outcome.ok) return error.outcome.data as ClaimCouponResult;
    throw new BusinessError(error.outcome.code, error.outcome.message, error.outcome.field);
  }
}
