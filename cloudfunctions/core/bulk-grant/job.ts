import { type Job, processEach } from '../jobs/registry';
import { findDocs } from '../platform/documents';
import { BULK_GRANTS, type BulkGrantDoc } from './collections';
import { runUntil } from './service';

const JOBS_PER_QUERY = 5;

/**
 * Finishes bulk grants nobody is watching: each running job, oldest first, is worked on until it
 * is done or the tick's time is up (the same chunks the page's runBulkGrant makes). A job with
 * members that could not be granted this tick (each recorded in job_failures) is recorded too
 * and left for the next tick, so the tick moves on to the other jobs.
 */
export const bulkGrantJob: Job = {
  name: 'bulk-grants',
  async run(ctx, deadline) {
    const _ = ctx.db.command;
    const running = (skip: string[]) =>
      findDocs<BulkGrantDoc>(
        ctx.db
          .collection(BULK_GRANTS)
          .where({ state: 'running', ...(skip.length ? { _id: _.nin(skip) } : {}) })
          .orderBy('startedAt', 'asc')
          .limit(JOBS_PER_QUERY),
      );
    return processEach(ctx, this.name, deadline, running, async (job) => {
      const outcome = await runUntil(ctx, job, deadline);
      if (!outcome.done && outcome.stuck > 0) throw new Error(`${outcome.stuck} members of bulk grant ${job._id} could not be granted this tick`);
    });
  },
};
