import { loadBrandSettings } from '../brand/settings';
import { type Job, processEach } from '../jobs/registry';
import { ACCOUNTS, type PointsAccountDoc, accountId } from '../ledger/accounts';
import { writePosting } from '../ledger/posting';
import { findDocs, txGet } from '../platform/documents';
import { inBrandZone } from '../platform/time';
import { expireBuckets } from './operations';

const BATCH = 100;

/**
 * Expires points whose bucket's day has ended. It reads only accounts whose `nextExpiryAt` has
 * passed (an indexed field), so members with nothing due cost nothing. The query is its own
 * cursor: a processed account's nextExpiryAt moves past now, so the next batch, or the next tick
 * after a timeout, starts where this one stopped. An account that cannot be posted is recorded
 * and skipped for the rest of the tick (processEach).
 */
export const pointsExpiryJob: Job = {
  name: 'points-expiry',
  async run(ctx, deadline) {
    const brand = await loadBrandSettings(ctx.db);
    const today = inBrandZone(ctx.now, brand.timeZone).format('YYYY-MM-DD');
    const _ = ctx.db.command;
    const due = (skip: string[]) =>
      findDocs<PointsAccountDoc>(
        ctx.db
          .collection(ACCOUNTS)
          .where({ asset: 'points', nextExpiryAt: _.lte(ctx.now), ...(skip.length ? { _id: _.nin(skip) } : {}) })
          .orderBy('nextExpiryAt', 'asc')
          .limit(BATCH),
      );
    return processEach(ctx, this.name, deadline, due, (candidate) =>
      ctx.transaction(async (tx) => {
        const account = await txGet<PointsAccountDoc>(tx, ACCOUNTS, accountId(candidate.memberId, 'points'));
        if (!account) return;
        const change = expireBuckets(account, today, brand.timeZone);
        if (change.entries.length === 0) {
          // Nothing ended yet (a clock at the day's edge); move the marker so the query skips it.
          await tx.collection(ACCOUNTS).doc(account._id).update({ data: { nextExpiryAt: change.after.nextExpiryAt } });
          return;
        }
        // One posting per member and day: a rerun after a crash finds it and cannot expire twice.
        await writePosting(tx, {
          postingId: `expire_${account.memberId}_${today}`,
          memberId: account.memberId,
          actor: { type: 'system', id: 'points-expiry' },
          createdAt: ctx.now,
          entries: change.entries,
          changes: [{ before: account, after: change.after }],
        });
      }),
    );
  },
};
