import { EXPIRING_SOON_DAYS } from '../contract/coupons';
import { loadBrandSettings } from '../brand/settings';
import { type Job, processEach } from '../jobs/registry';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { sendWithQuota } from '../notify/quota';
import { findDocs, getDocById } from '../platform/documents';
import { inBrandZone } from '../platform/time';
import { COUPONS, type CouponDoc } from './collections';

// Coupon expiry reminders: a subscribe message EXPIRING_SOON_DAYS brand-zone days before an
// available coupon's last valid day, once per coupon (`remindedAt`). Locally the message lands
// in the `outbox` collection. A member with no couponExpiry quota left is not sent anything (the
// send is skipped and counted, notify/quota.ts); the coupon is marked reminded all the same, so
// the job does not ask again.

const BATCH = 100;

/** The coupon's last valid day in the brand zone (validUntil is the exclusive end). */
export function lastValidDay(validUntil: Date, timeZone: string): string {
  return inBrandZone(new Date(validUntil.getTime() - 1), timeZone).format('YYYY-MM-DD');
}

/** From this moment the coupon is due a reminder: the start of the brand day EXPIRING_SOON_DAYS before its last day. */
export function remindFrom(validUntil: Date, timeZone: string): Date {
  return inBrandZone(new Date(validUntil.getTime() - 1), timeZone).startOf('day').subtract(EXPIRING_SOON_DAYS, 'day').toDate();
}

/**
 * The latest validUntil due a reminder at `now`: coupons whose last day is at most
 * EXPIRING_SOON_DAYS brand days away (the query's bound; remindFrom(v) <= now ⟺ v <= this).
 */
export function reminderHorizon(now: Date, timeZone: string): Date {
  return inBrandZone(now, timeZone).startOf('day').add(EXPIRING_SOON_DAYS + 1, 'day').toDate();
}

/**
 * What to do with a coupon found due: send, or only mark it (a coupon issued already inside its
 * reminder window, e.g. valid for two days, would get a reminder the moment it arrived).
 */
export function reminderAction(coupon: Pick<CouponDoc, 'validUntil' | 'createdAt'>, timeZone: string): 'send' | 'mark' {
  return new Date(coupon.createdAt).getTime() >= remindFrom(new Date(coupon.validUntil), timeZone).getTime() ? 'mark' : 'send';
}

export const couponExpiryReminderJob: Job = {
  name: 'coupon-expiry-reminders',
  async run(ctx, deadline) {
    const brand = await loadBrandSettings(ctx.db);
    const horizon = reminderHorizon(ctx.now, brand.timeZone);
    const _ = ctx.db.command;
    // Indexed on status and validUntil; marking a coupon takes it out of the query (its own cursor).
    const due = (skip: string[]) =>
      findDocs<CouponDoc>(
        ctx.db
          .collection(COUPONS)
          .where(
            _.and([
              { status: 'available', remindedAt: _.exists(false), ...(skip.length ? { _id: _.nin(skip) } : {}) },
              { validUntil: _.gt(ctx.now) },
              { validUntil: _.lte(horizon) },
            ]),
          )
          .limit(BATCH),
      );
    return processEach(ctx, this.name, deadline, due, async (coupon) => {
      if (reminderAction(coupon, brand.timeZone) === 'send') {
        const member = await getDocById<MemberDoc>(ctx.db, MEMBERS, coupon.memberId);
        if (member) {
          // Sent before the mark: after a crash a member may hear twice, never not.
          // Spends one of the member's couponExpiry quota; none left: skipped and counted (notify/quota.ts).
          await sendWithQuota(ctx, {
            memberId: member._id,
            openid: member.openid,
            template: 'couponExpiry',
            page: `member/coupon/index?id=${coupon._id}`,
            data: { thing1: { value: coupon.rules.name.slice(0, 20) }, date2: { value: lastValidDay(new Date(coupon.validUntil), brand.timeZone) } },
            timeZone: brand.timeZone,
          });
        }
      }
      await ctx.db.collection(COUPONS).where({ _id: coupon._id, remindedAt: _.exists(false) }).update({ data: { remindedAt: ctx.now } });
    });
  },
};
