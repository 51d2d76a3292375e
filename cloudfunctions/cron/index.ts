// Timer-triggered jobs. A timer invocation has no user; a user calling this function is refused.
import { cronActions } from '../core/contract';
import { TIMER_CALLER, requireTimer } from '../core/access/roles';
import { type Job, runJobs } from '../core/jobs/registry';
import { callerOpenid } from '../core/platform/cloud';
import { pointsExpiryJob } from '../core/points/expiry-job';
import { expiryReminderJob } from '../core/points/reminder-job';
import { tierEvaluationJob } from '../core/tiers/evaluation-job';
import { pendingRefundsJob } from '../core/wallet/refund-sending';
import { requestRetentionJob } from '../core/ledger/request-retention';
import { bulkGrantJob } from '../core/bulk-grant/job';
import { couponIssueJob } from '../core/coupons/batch-issue';
import { couponExpiryReminderJob } from '../core/coupons/expiry-reminders';
import { tierGiftsJob } from '../core/coupons/tier-gifts';
import { welcomeGiftsJob } from '../core/engagement/welcome';
import { birthdayGiftsJob } from '../core/engagement/birthday';
import { overviewRollupJob } from '../core/overview/rollup';
import { referralRewardsJob } from '../core/referral/approval-job';
import { membershipExpiryRemindersJob, membershipPacksJob } from '../core/membership/packs';
import { createMain } from '../core/router/main';
import { createRouter } from '../core/router/router';

/** The jobs each tick runs, in order. Capabilities add theirs here. */
export const jobs: Job[] = [pendingRefundsJob, pointsExpiryJob, expiryReminderJob, tierEvaluationJob, requestRetentionJob, overviewRollupJob, bulkGrantJob, couponIssueJob, tierGiftsJob, welcomeGiftsJob, birthdayGiftsJob, couponExpiryReminderJob, referralRewardsJob, membershipPacksJob, membershipExpiryRemindersJob];

export const router = createRouter(cronActions, {
  tick: async (ctx) => ({ jobs: await runJobs(ctx, jobs) }),
});

interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
  Time: string;
}

function isTimerEvent(event: unknown): event is TimerEvent {
  return typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer';
}

export async function main(event: unknown): Promise<unknown> {
  // The platform's timer sends { Type: 'Timer', ... } with no OPENID; only that becomes a tick.
  const fromTimer = isTimerEvent(event) && !callerOpenid();
  const dispatch = createMain('cron', router, requireTimer, () => (fromTimer ? TIMER_CALLER : callerOpenid()));
  return dispatch(fromTimer ? { action: 'tick', data: {} } : event);
}
