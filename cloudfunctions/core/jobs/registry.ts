import type { HandlerContext } from '../router/context';
import { recordJobFailure } from './failures';

/**
 * A timer job. Each tick gives it a slice of time; it does what it can, records where it
 * stopped (its query is its own cursor, or a cursor document of its own), and reports whether
 * anything is left.
 */
export interface Job {
  name: string;
  run(ctx: HandlerContext, deadline: number): Promise<{ processed: number; done: boolean; failed?: number }>;
}

/**
 * Each invocation must end well inside the cloud function's time limit: cron/config.json sets
 * 60 s (the most the service allows), and a tick stops taking new work after 40 s.
 */
export const TICK_BUDGET_MS = 40_000;

export interface JobOutcome {
  name: string;
  processed: number;
  done: boolean;
  /** Members this tick could not process; each is in job_failures for an operator. */
  failed: number;
}

/**
 * Runs the jobs in order. A job that fails as a whole (its query, its settings) is recorded and
 * the next one still runs, so one broken job cannot stop reminders or tier reviews for everyone.
 */
export async function runJobs(ctx: HandlerContext, jobs: Job[]): Promise<JobOutcome[]> {
  const deadline = Date.now() + TICK_BUDGET_MS;
  const results: JobOutcome[] = [];
  for (const job of jobs) {
    if (Date.now() >= deadline) break;
    try {
      const outcome = await job.run(ctx, deadline);
      results.push({ name: job.name, processed: outcome.processed, done: outcome.done, failed: outcome.failed ?? 0 });
    } catch (error) {
      await recordJobFailure(ctx, job.name, '*', error);
      results.push({ name: job.name, processed: 0, done: false, failed: 1 });
    }
  }
  return results;
}

/**
 * Works through what a job's query finds, one subject (member, account) at a time. A subject
 * that fails is recorded in job_failures and left out of this tick's later queries (`skip`),
 * so the job moves on to everyone else; the next tick tries it again.
 */
export async function processEach<T extends { _id: string }>(
  ctx: HandlerContext,
  job: string,
  deadline: number,
  nextBatch: (skip: string[]) => Promise<T[]>,
  handle: (item: T) => Promise<void>,
): Promise<{ processed: number; done: boolean; failed: number }> {
  const skip: string[] = [];
  let processed = 0;
  while (Date.now() < deadline) {
    const batch = await nextBatch(skip);
    if (batch.length === 0) return { processed, done: true, failed: skip.length };
    for (const item of batch) {
      if (Date.now() >= deadline) return { processed, done: false, failed: skip.length };
      try {
        await handle(item);
        processed++;
      } catch (error) {
        skip.push(item._id);
        await recordJobFailure(ctx, job, item._id, error);
      }
    }
  }
  return { processed, done: false, failed: skip.length };
}
