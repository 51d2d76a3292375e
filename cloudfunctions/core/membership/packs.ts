import { type BrandSettings, loadBrandSettings } from '../brand/settings';
import { issueCoupon } from '../coupons/claim';
import { ERROR_MESSAGES } from '../contract/errors';
import { recordJobFailure } from '../jobs/failures';
import { type Job, processEach } from '../jobs/registry';
import { sendWithQuota } from '../notify/quota';
import { BusinessError } from '../platform/business-error';
import { findDocs, getDocById, txGet } from '../platform/documents';
import { inBrandZone } from '../platform/time';
import type { HandlerContext } from '../router/context';
import { PAID_MEMBERSHIPS, REMINDER_DAYS, type MembershipDoc, type PackRecord, reminderKey, scheduleOf } from './collections';
import { issuePendingGifts } from './orders';
import { livePeriods, monthStarts, paidUntil } from './pricing';
import { monthOf } from './views';

// 每月券包 and the expiry reminders, by cron.
//
// Packs: month n of a period starts at its start + n months (brand zone). The job reads only
// memberships whose indexed `nextPackAt` has come; for each month start due and not yet recorded
// it issues the period's monthly templates through issueCoupon under
// `plan-pack:<memberId>:<monthStartISO>:<templateId>` (once per key, however often or in
// parallel the job runs), then records the pack on the period in a transaction that adds it only
// if absent, and moves `nextPackAt` on. A job a day (or a month) late issues each month it missed,
// once. The 'monthlyPack' message goes once per pack, by the run whose transaction recorded it.
// The same job finishes opening gifts left in the outbox (`giftsPendingAt`).

const BATCH = 100;
const PACKS_JOB = 'membership-packs';
const REMINDERS_JOB = 'membership-expiry-reminders';
const DAY_MS = 86_400_000;

export const packKey = (memberId: string, monthStart: string, templateId: string) => `plan-pack:${memberId}:${monthStart}:${templateId}`;

/** A membership job's query for processEach: those whose indexed `field` has come, oldest first. */
function membershipsDueBy(ctx: HandlerContext, field: 'nextPackAt' | 'giftsPendingAt' | 'nextReminderAt') {
  const _ = ctx.db.command;
  return (skip: string[]) =>
    findDocs<MembershipDoc>(
      ctx.db
        .collection(PAID_MEMBERSHIPS)
        .where({ [field]: _.lte(ctx.now), ...(skip.length ? { _id: _.nin(skip) } : {}) })
        .orderBy(field, 'asc')
        .limit(BATCH),
    );
}

/** The month starts due at `now` whose pack is not recorded, per period. */
function duePacks(membership: MembershipDoc, now: Date, timeZone: string): Array<{ periodId: string; monthStart: Date }> {
  const due: Array<{ periodId: string; monthStart: Date }> = [];
  for (const period of livePeriods(membership.periods)) {
    const recorded = new Set(period.packs.map((k) => k.monthStart));
    for (const start of monthStarts(period, period.months, timeZone, period.packsFromMonth)) {
      if (start.getTime() > now.getTime()) break;
      if (!recorded.has(start.toISOString())) due.push({ periodId: period.periodId, monthStart: start });
    }
  }
  return due;
}

async function givePacks(ctx: HandlerContext, brand: BrandSettings, memberId: string): Promise<void> {
  const membership = await getDocById<MembershipDoc>(ctx.db, PAID_MEMBERSHIPS, memberId);
  if (!membership) return;
  const due = duePacks(membership, ctx.now, brand.timeZone);
  let failure: unknown = null;
  for (const { periodId, monthStart } of due) {
    const period = membership.periods.find((p) => p.periodId === periodId)!;
    const monthStartIso = monthStart.toISOString();
    const couponIds: string[] = [];
    let complete = true;
    for (const templateId of period.monthlyCouponTemplateIds) {
      try {
        couponIds.push((await issueCoupon(ctx, { memberId, templateId, key: packKey(memberId, monthStartIso, templateId), source: 'plan_pack', brand })).couponId);
      } catch (error) {
        if (error instanceof BusinessError && error.code !== 'BUSY') {
          // The template refuses (stock, paused, a deleted member): retrying answers the same. Recorded for an operator.
          await recordJobFailure(ctx, PACKS_JOB, `${memberId}:${monthStartIso}:${templateId}`, new Error(`${error.code} ${error.userMessage ?? ERROR_MESSAGES[error.code]}`));
        } else {
          complete = false;
          failure = error;
        }
      }
    }
    if (!complete) continue;
    const templates = period.monthlyCouponTemplateIds.length;
    const pack: PackRecord = {
      monthStart: monthStartIso,
      month: monthOf(monthStart, brand.timeZone),
      couponIds,
      valueFen: templates ? Math.floor((period.monthlyPackValueFen * couponIds.length) / templates) : 0,
    };
    const recorded = await ctx.transaction(async (tx) => {
      const fresh = await txGet<MembershipDoc>(tx, PAID_MEMBERSHIPS, memberId);
      const target = fresh?.periods.find((p) => p.periodId === periodId);
      if (!fresh || !target || target.packs.some((k) => k.monthStart === monthStartIso)) return false;
      const next: MembershipDoc = { ...fresh, periods: fresh.periods.map((p) => (p.periodId === periodId ? { ...p, packs: [...p.packs, pack] } : p)), updatedAt: ctx.now };
      Object.assign(next, scheduleOf(next, brand.timeZone));
      await tx.collection(PAID_MEMBERSHIPS).doc(memberId).update({ data: { periods: next.periods, nextPackAt: next.nextPackAt, updatedAt: ctx.now } });
      return true;
    });
    if (recorded && couponIds.length) {
      await sendWithQuota(ctx, {
        memberId,
        openid: membership.openid,
        template: 'monthlyPack',
        page: 'member/membership/index',
        timeZone: brand.timeZone,
        data: { thing1: { value: `${period.planName}${pack.month}券包` }, thing2: { value: `${couponIds.length}张券已放入券包` } },
      });
    }
  }
  // Nothing was due (a stale cursor): move it on so the member is not read again until it is.
  if (due.length === 0) await refreshCursor(ctx, brand, memberId);
  if (failure) throw failure;
}

async function refreshCursor(ctx: HandlerContext, brand: BrandSettings, memberId: string): Promise<void> {
  await ctx.transaction(async (tx) => {
    const fresh = await txGet<MembershipDoc>(tx, PAID_MEMBERSHIPS, memberId);
    if (!fresh) return;
    const { nextPackAt, nextReminderAt } = scheduleOf(fresh, brand.timeZone);
    await tx.collection(PAID_MEMBERSHIPS).doc(memberId).update({ data: { nextPackAt, nextReminderAt } });
  });
}

export const membershipPacksJob: Job = {
  name: PACKS_JOB,
  async run(ctx, deadline) {
    const brand = await loadBrandSettings(ctx.db, ctx.now);
    const gifts = await processEach(ctx, PACKS_JOB, deadline, membershipsDueBy(ctx, 'giftsPendingAt'), (m) => issuePendingGifts(ctx, m._id, brand));
    const packs = await processEach(ctx, PACKS_JOB, deadline, membershipsDueBy(ctx, 'nextPackAt'), (m) => givePacks(ctx, brand, m._id));
    return { processed: gifts.processed + packs.processed, done: gifts.done && packs.done, failed: gifts.failed + packs.failed };
  },
};

/**
 * One membership's due reminder: 7 days and 1 day before the membership ends (the end of the last
 * live period), once each per end. The reminder is claimed in a transaction before it is sent, so
 * two runs never send it twice (a crash between the two loses that one reminder). Past the 1-day
 * mark the 7-day one is skipped; past the end neither goes.
 */
async function remind(ctx: HandlerContext, brand: BrandSettings, memberId: string): Promise<void> {
  const claimed = await ctx.transaction(async (tx) => {
    const fresh = await txGet<MembershipDoc>(tx, PAID_MEMBERSHIPS, memberId);
    if (!fresh) return null;
    const end = paidUntil(fresh.periods);
    const sent = new Set(fresh.remindersSent);
    let stage: number | null = null;
    if (end && ctx.now.getTime() < end.getTime()) {
      for (const days of [...REMINDER_DAYS].sort((a, b) => a - b)) {
        if (ctx.now.getTime() >= end.getTime() - days * DAY_MS && !sent.has(reminderKey(end, days))) {
          stage = days;
          break;
        }
      }
    }
    // Everything at or before now for this end is settled: the stage sent now, and any it passed.
    const settled = end ? REMINDER_DAYS.filter((days) => ctx.now.getTime() >= end.getTime() - days * DAY_MS).map((days) => reminderKey(end, days)) : [];
    const remindersSent = [...new Set([...fresh.remindersSent, ...settled])].slice(-20);
    const { nextReminderAt } = scheduleOf({ periods: fresh.periods, remindersSent }, brand.timeZone);
    await tx.collection(PAID_MEMBERSHIPS).doc(memberId).update({ data: { remindersSent, nextReminderAt } });
    return stage === null || !end ? null : { days: stage, end, openid: fresh.openid, planName: livePeriods(fresh.periods).slice(-1)[0]?.planName ?? '会员卡' };
  });
  if (!claimed) return;
  await sendWithQuota(ctx, {
    memberId,
    openid: claimed.openid,
    template: 'membershipExpiry',
    page: 'member/membership/index',
    timeZone: brand.timeZone,
    data: { thing1: { value: claimed.planName }, date2: { value: inBrandZone(claimed.end, brand.timeZone).format('YYYY年M月D日 HH:mm') }, thing3: { value: `还有${claimed.days}天到期，续费可叠加` } },
  });
}

export const membershipExpiryRemindersJob: Job = {
  name: REMINDERS_JOB,
  async run(ctx, deadline) {
    const brand = await loadBrandSettings(ctx.db, ctx.now);
    return processEach(ctx, REMINDERS_JOB, deadline, membershipsDueBy(ctx, 'nextReminderAt'), (m) => remind(ctx, brand, m._id));
  },
};
