import type { Job } from '../jobs/registry';
import { findDocs } from '../platform/documents';
import { REQUESTS, type RequestDoc } from './idempotency';

const BATCH = 100;

/** Deletes refusal records past their retention (REFUSALS_KEPT_DAYS); successes carry no expiresAt. */
export const requestRetentionJob: Job = {
  name: 'requests-retention',
  async run(ctx, deadline) {
    const _ = ctx.db.command;
    let processed = 0;
    while (Date.now() < deadline) {
      const due = await findDocs<RequestDoc>(ctx.db.collection(REQUESTS).where({ expiresAt: _.lte(ctx.now) }).field({ _id: true }).limit(BATCH));
      if (due.length === 0) return { processed, done: true };
      // The condition is repeated: only records still expired when the delete runs go.
      await ctx.db.collection(REQUESTS).where({ _id: _.in(due.map((d) => d._id)), expiresAt: _.lte(ctx.now) }).remove();
      processed += due.length;
    }
    return { processed, done: false };
  },
};
