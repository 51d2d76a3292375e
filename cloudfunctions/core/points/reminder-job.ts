import { loadBrandSettings } from '../brand/settings';
import type { Job } from '../jobs/registry';
import { ACCOUNTS, type PointsAccountDoc } from '../ledger/accounts';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { TEMPLATES, sendSubscribeMessage } from '../notify/subscribe-message';
import { findDocs, getDocById } from '../platform/documents';
import { dayjs } from '../platform/time';

export const JOB_CURSORS = 'job_cursors';
const BATCH = 100;

interface CursorDoc {
  _id: string;
  /** Accounts whose earliest expiry is before this, or at it with an id up to `lastId`, have been reminded. */
  upTo: Date;
  lastId?: string | null;
}

/**
 * Reminds members `reminderDays` before their earliest points expire. A cursor document holds
 * how far along (expiry, account id) it has gone; each account's reminder advances it, so a tick
 * cut short resumes where it stopped (at worst one member hears twice after a crash). The id
 * matters: under the default policy every member's points expire at the same moment.
 */
export const expiryReminderJob: Job = {
  name: 'points-expiry-reminders',
  async run(ctx, deadline) {
    const brand = await loadBrandSettings(ctx.db);
    const horizon = dayjs(ctx.now).add(brand.points.reminderDays, 'day').toDate();
    const cursor = (await getDocById<CursorDoc>(ctx.db, JOB_CURSORS, this.name)) ?? { _id: this.name, upTo: ctx.now, lastId: null };
    let upTo = new Date(cursor.upTo);
    let lastId = cursor.lastId ?? null;
    let processed = 0;
    while (Date.now() < deadline) {
      const _ = ctx.db.command;
      const later = { nextExpiryAt: _.gt(upTo).and(_.lte(horizon)) };
      const past = lastId === null ? later : _.or([later, { nextExpiryAt: _.eq(upTo), _id: _.gt(lastId) }]);
      const due = await findDocs<PointsAccountDoc>(
        ctx.db.collection(ACCOUNTS).where(_.and([{ asset: 'points' }, past])).orderBy('nextExpiryAt', 'asc').orderBy('_id', 'asc').limit(BATCH),
      );
      if (due.length === 0) return { processed, done: true };
      for (const account of due) {
        if (Date.now() >= deadline) return { processed, done: false };
        const bucket = account.buckets[0];
        const member = await getDocById<MemberDoc>(ctx.db, MEMBERS, account.memberId);
        if (bucket && member && account.remindedFor !== bucket.expiresOn) {
          await sendSubscribeMessage({
            touser: member.openid,
            templateId: TEMPLATES.pointsExpiry(),
            page: 'pages/index/index',
            data: { thing1: { value: `${bucket.remaining} 积分即将过期` }, date2: { value: bucket.expiresOn } },
          });
          await ctx.db.collection(ACCOUNTS).doc(account._id).update({ data: { remindedFor: bucket.expiresOn } });
        }
        upTo = new Date(account.nextExpiryAt!);
        lastId = account._id;
        await ctx.db.collection(JOB_CURSORS).doc(this.name).set({ data: { upTo, lastId } });
        processed++;
      }
    }
    return { processed, done: false };
  },
};
