import { memberListCronJob } from '../jobs/member-list';
import { bulkGrantKind } from './service';

/**
 * Finishes bulk grants nobody is watching: each running job, oldest first, is worked on until it
 * is done or the tick's time is up (the same chunks the page's runBulkGrant makes). A job with
 * members that could not be granted this tick (each recorded in job_failures) is recorded too and
 * left for the next tick, so the tick moves on to the other jobs. (The member-list machinery is
 * shared with the batch coupon issue: jobs/member-list.ts.)
 */
export const bulkGrantJob = memberListCronJob('bulk-grants', bulkGrantKind);
