import type { CouponIneligibleCode } from '../checkout/coupon-offers';
import { COUPON_INELIGIBLE_TEXT } from '../checkout/coupon-offers';
import type { GiftCouponPreview, GiftRedemptionView } from '../contract/coupons';
import type { ErrorCode } from '../contract/errors';
import { type LoadedBrandSettings, loadBrandSettings } from '../brand/settings';
import { replayIfSeen, runOnce } from '../ledger/idempotency';
import { memberCodeSecret, verifyGiftCode, verifyGiftCodeSignature } from '../member-code';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { BusinessError } from '../platform/business-error';
import { type StoredDoc, type Tx, getDocById, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { effectiveTier } from '../tiers/member-tier';
import { rankOf } from '../tiers/rules';
import { COUPONS, type CouponDoc } from './collections';
import { couponEligibility } from './eligibility';
import { paidTermsAt } from '../membership/collections';
import { giveCouponBack, markCouponUsed, readCoupon } from './redeem';

// A gift-item coupon (兑换券) handed over at the counter: the cashier scans the member's gift code
// (core/member-code, G1), previews it, and redeems it; the same cashier may undo it for 10 minutes.
//
// Redeeming is one idempotent transaction whose request ids are shared by the store (two
// cashiers' phones retrying post once) and keyed by the coupon, not the token, which changes
// every 30 s: a retry after the token aged still answers its first outcome. Whatever number of
// request ids race for one coupon, each transaction re-reads it and re-judges it, so one marks
// it used and the others are refused COUPON_USED.

/** `coupon_redemptions/<id>`: one per gift item handed over; the id is the redeeming request's posting id. */
export const COUPON_REDEMPTIONS = 'coupon_redemptions';

/**
 * How long the redeeming cashier may undo. The boundary is inclusive: an undo exactly 10 minutes
 * after redeemedAt is still allowed, one millisecond later is not.
 */
export const UNDO_WINDOW_MS = 10 * 60_000;

export interface CouponRedemptionDoc extends StoredDoc {
  couponId: string;
  memberId: string;
  memberNo: string;
  templateId: string;
  name: string;
  itemName: string;
  storeId: string;
  staffOpenid: string;
  redeemedAt: Date;
  status: 'redeemed' | 'undone';
  undoneAt: Date | null;
}

/** 会员 ****1234: the last four digits of the member number. */
export const maskMemberNo = (memberNo: string) => `****${memberNo.slice(-4)}`;

/** Each reason couponEligibility gives, as the typed refusal of a redemption. */
const REFUSAL: Record<Exclude<CouponIneligibleCode, 'BELOW_THRESHOLD'>, ErrorCode> = {
  NOT_OWNER: 'COUPON_NOT_OWNER',
  USED: 'COUPON_USED',
  EXPIRED: 'COUPON_EXPIRED',
  NOT_YET_VALID: 'COUPON_NOT_YET_VALID',
  NOT_FOR_STORE: 'COUPON_NOT_FOR_STORE',
  BELOW_TIER: 'COUPON_BELOW_TIER',
  MEMBERS_ONLY: 'COUPON_MEMBERS_ONLY',
  OUTSIDE_HOURS: 'COUPON_OUTSIDE_HOURS',
  PAUSED: 'COUPON_TEMPLATE_PAUSED',
};

export function redemptionView(doc: CouponRedemptionDoc): GiftRedemptionView {
  const redeemedAt = new Date(doc.redeemedAt);
  return {
    redemptionId: doc._id,
    couponId: doc.couponId,
    name: doc.name,
    itemName: doc.itemName,
    memberNoMasked: maskMemberNo(doc.memberNo),
    redeemedAt: redeemedAt.toISOString(),
    undoUntil: new Date(redeemedAt.getTime() + UNDO_WINDOW_MS).toISOString(),
    status: doc.status,
    undoneAt: doc.undoneAt ? new Date(doc.undoneAt).toISOString() : null,
  };
}

interface Gift {
  coupon: CouponDoc & { rules: { benefit: { kind: 'gift_item'; itemName: string } } };
  member: MemberDoc;
  brand: LoadedBrandSettings;
}

/** The coupon a genuine gift code names, its member and the brand's rules. */
async function loadGift(ctx: HandlerContext, couponId: string): Promise<Gift> {
  const coupon = await getDocById<CouponDoc>(ctx.db, COUPONS, couponId);
  if (!coupon) throw new BusinessError('COUPON_NOT_HELD');
  if (coupon.rules.benefit.kind !== 'gift_item') throw new BusinessError('NOT_A_GIFT_COUPON');
  const member = await getDocById<MemberDoc>(ctx.db, MEMBERS, coupon.memberId);
  if (!member) throw new BusinessError('MEMBER_NOT_FOUND');
  return { coupon: coupon as Gift['coupon'], member, brand: await loadBrandSettings(ctx.db, ctx.now) };
}

/** couponEligibility at the cashier's store now, for the coupon's own member (the code proves who holds it). */
function judge(coupon: CouponDoc, member: MemberDoc, brand: LoadedBrandSettings, storeId: string, now: Date) {
  const tierRank = rankOf(brand.tiers, effectiveTier(member, brand, now).code);
  // An unknown tier code ranks above every tier (rankOf answers -1 for it).
  const rankOfCode = (code: string) => {
    const rank = rankOf(brand.tiers, code);
    return rank < 0 ? Number.POSITIVE_INFINITY : rank;
  };
  return couponEligibility(coupon, { memberId: member._id, storeId, now, timeZone: brand.timeZone, tierRank, rankOf: rankOfCode, paidMember: paidTermsAt(member, now) !== null });
}

function refuseUnlessUsable(coupon: CouponDoc, gift: Gift, storeId: string, now: Date): void {
  const verdict = judge(coupon, gift.member, gift.brand, storeId, now);
  if (!verdict.eligible) throw new BusinessError(REFUSAL[verdict.reason]);
}

export async function previewGiftCoupon(ctx: HandlerContext, input: { token: string }): Promise<GiftCouponPreview> {
  const { couponId } = verifyGiftCode(input.token, ctx.now, memberCodeSecret());
  const gift = await loadGift(ctx, couponId);
  const { coupon, member } = gift;
  const verdict = judge(coupon, member, gift.brand, ctx.roles.staff!.storeId, ctx.now);
  return {
    couponId: coupon._id,
    name: coupon.rules.name,
    itemName: coupon.rules.benefit.itemName,
    memberNoMasked: maskMemberNo(member.memberNo),
    nickname: member.nickname,
    validUntil: new Date(coupon.validUntil).toISOString(),
    usable: verdict.eligible,
    reasonText: verdict.eligible ? null : COUPON_INELIGIBLE_TEXT[verdict.reason],
  };
}

export async function redeemGiftCoupon(ctx: HandlerContext, input: { token: string }): Promise<GiftRedemptionView> {
  const storeId = ctx.roles.staff!.storeId;
  const secret = memberCodeSecret();
  // Genuine first (a forgery records nothing), then a replay, then the token's age.
  const { couponId } = verifyGiftCodeSignature(input.token, secret);
  const key = { scope: `store:${storeId}:redeemGiftCoupon`, requestId: ctx.requestId!, input: { couponId } };
  await replayIfSeen(ctx, key);
  verifyGiftCode(input.token, ctx.now, secret);
  const gift = await loadGift(ctx, couponId);
  // Judged before the transaction too, so a refusal (a replayed token, another store) records nothing.
  refuseUnlessUsable(gift.coupon, gift, storeId, ctx.now);
  return runOnce(ctx, key, async (tx, redemptionId) => {
    const coupon = await readCoupon(tx, couponId);
    if (!coupon) throw new BusinessError('COUPON_NOT_HELD');
    refuseUnlessUsable(coupon, gift, storeId, ctx.now);
    await markCouponUsed(tx, coupon, { type: 'gift_redemption', id: redemptionId, storeId, staffOpenid: ctx.openid, at: ctx.now });
    const redemption: CouponRedemptionDoc = {
      _id: redemptionId,
      couponId,
      memberId: coupon.memberId,
      memberNo: gift.member.memberNo,
      templateId: coupon.templateId,
      name: coupon.rules.name,
      itemName: gift.coupon.rules.benefit.itemName,
      storeId,
      staffOpenid: ctx.openid,
      redeemedAt: ctx.now,
      status: 'redeemed',
      undoneAt: null,
    };
    const { _id, ...fields } = redemption;
    await tx.collection(COUPON_REDEMPTIONS).doc(_id).set({ data: fields });
    return redemptionView(redemption);
  });
}

/** Only the redeeming cashier, only while it stands, only within the window (inclusive). */
function checkUndo(redemption: CouponRedemptionDoc | null, ctx: HandlerContext): asserts redemption is CouponRedemptionDoc {
  // Another cashier's redemption reads exactly like none.
  if (!redemption || redemption.staffOpenid !== ctx.openid) throw new BusinessError('REDEMPTION_NOT_FOUND');
  if (redemption.status === 'undone') throw new BusinessError('ALREADY_UNDONE');
  if (ctx.now.getTime() - new Date(redemption.redeemedAt).getTime() > UNDO_WINDOW_MS) throw new BusinessError('UNDO_WINDOW_PASSED');
}

export async function undoGiftRedemption(ctx: HandlerContext, input: { redemptionId: string }): Promise<GiftRedemptionView> {
  const key = { scope: `staff:${ctx.openid}:undoGiftRedemption`, requestId: ctx.requestId!, input };
  await replayIfSeen(ctx, key);
  checkUndo(await getDocById<CouponRedemptionDoc>(ctx.db, COUPON_REDEMPTIONS, input.redemptionId), ctx);
  return runOnce(ctx, key, async (tx: Tx) => {
    const redemption = await txGet<CouponRedemptionDoc>(tx, COUPON_REDEMPTIONS, input.redemptionId);
    checkUndo(redemption, ctx);
    const coupon = await readCoupon(tx, redemption.couponId);
    // Only this redemption's undo gives a gift coupon back, so it is still used by it.
    if (!coupon || coupon.status !== 'used' || coupon.usedBy?.id !== redemption._id) {
      throw new Error(`coupon ${redemption.couponId} is not used by redemption ${redemption._id}`);
    }
    await giveCouponBack(tx, coupon, ctx.now);
    await tx.collection(COUPON_REDEMPTIONS).doc(redemption._id).update({ data: { status: 'undone', undoneAt: ctx.now } });
    return redemptionView({ ...redemption, status: 'undone', undoneAt: ctx.now });
  });
}
