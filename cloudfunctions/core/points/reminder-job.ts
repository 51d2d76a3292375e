import { loadBrandSettings } from '../brand/settings';
import { type Job, processEach } from '../jobs/registry';
import { ACCOUNTS, type PointsAccountDoc } from '../ledger/accounts';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { sendWithQuota } from '../notify/quota';
import { findDocs, getDocById, txGet } from '../platform/documents';
import { dayjs, inBrandZone } from '../platform/time';
import { nextUnannouncedMoment } from './buckets';

const BATCH = 100;

/**
 * Reminds members `reminderDays` before points expire, once per bucket. It reads only accounts
 * whose earliest unannounced bucket (`unannouncedExpiryAt`, indexed) ends within the horizon;
 * announcing moves that marker to the next bucket, so the query is its own cursor and a member's
 * later buckets (one a day under an N-days policy) are each announced when their time comes.
 * Accounts no posting has touched since the marker existed are found by nextExpiryAt instead.
 * The message goes before the marker moves: after a crash a member may hear twice, never not.
 */
export const expiryReminderJob: Job = {
  name: 'points-expiry-reminders',
  async run(ctx, deadline) {
    const brand = await loadBrandSettings(ctx.db);
    const horizon = dayjs(ctx.now).add(brand.points.reminderDays, 'day').toDate();
    const today = inBrandZone(ctx.now, brand.timeZone).format('YYYY-MM-DD');
    const lastDay = inBrandZone(horizon, brand.timeZone).subtract(1, 'day').format('YYYY-MM-DD');
    const _ = ctx.db.command;
    const due = (skip: string[]) =>
      findDocs<PointsAccountDoc>(
        ctx.db
          .collection(ACCOUNTS)
          .where(
            _.and([
              { asset: 'points', ...(skip.length ? { _id: _.nin(skip) } : {}) },
              _.or([{ unannouncedExpiryAt: _.lte(horizon) }, { unannouncedExpiryAt: _.exists(false), nextExpiryAt: _.lte(horizon) }]),
            ]),
          )
          .limit(BATCH),
      );
    return processEach(ctx, this.name, deadline, due, async (account) => {
      // Buckets ending within the horizon not announced yet; those already ended are only marked.
      const considered = account.buckets.filter((b) => b.expiresOn <= lastDay && (account.remindedFor === null || b.expiresOn > account.remindedFor));
      const announce = considered.filter((b) => b.expiresOn >= today);
      const member = announce.length > 0 ? await getDocById<MemberDoc>(ctx.db, MEMBERS, account.memberId) : null;
      if (member) {
        const points = announce.reduce((total, b) => total + b.remaining, 0);
        // Spends one of the member's pointsExpiry quota; none left: skipped and counted (notify/quota.ts).
        await sendWithQuota(ctx, {
          memberId: member._id,
          openid: member.openid,
          template: 'pointsExpiry',
          page: 'pages/index/index',
          data: { thing1: { value: `${points} 积分即将过期` }, date2: { value: announce[0].expiresOn } },
          timeZone: brand.timeZone,
        });
      }
      await markAnnounced(ctx, account._id, considered[considered.length - 1]?.expiresOn ?? null, brand.timeZone);
    });
  },
};

/**
 * Buckets ending by `upTo` count as announced. (Remembering a day, not each bucket, means a bucket
 * created later that ends on or before it, which only a shortened expiry policy can make, is not
 * announced.) In a transaction, so a posting that changed the buckets meanwhile is read, not lost.
 */
async function markAnnounced(ctx: Parameters<Job['run']>[0], id: string, upTo: string | null, timeZone: string): Promise<void> {
  await ctx.transaction(async (tx) => {
    const account = await txGet<PointsAccountDoc>(tx, ACCOUNTS, id);
    if (!account) return;
    const remindedFor = upTo === null || (account.remindedFor !== null && account.remindedFor > upTo) ? account.remindedFor : upTo;
    await tx.collection(ACCOUNTS).doc(id).update({ data: { remindedFor, unannouncedExpiryAt: nextUnannouncedMoment(account.buckets, remindedFor, timeZone) } });
  });
}
