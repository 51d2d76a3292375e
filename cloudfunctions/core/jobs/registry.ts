import type { HandlerContext } from '../router/context';

/**
 * A timer job. Each tick gives it a slice of time; it does what it can, records where it
 * stopped (a cursor document of its own), and reports whether anything is left.
 */
export interface Job {
  name: string;
  run(ctx: HandlerContext, deadline: number): Promise<{ processed: number; done: boolean }>;
}

/**
 * Each invocation must end well inside the cloud function's time limit: cron/config.json sets
 * 60 s (the most the service allows), and a tick stops taking new work after 40 s.
 */
export const TICK_BUDGET_MS = 40_000;

export async function runJobs(ctx: HandlerContext, jobs: Job[]): Promise<{ name: string; processed: number; done: boolean }[]> {
  const deadline = Date.now() + TICK_BUDGET_MS;
  const results = [];
  for (const job of jobs) {
    if (Date.now() >= deadline) break;
    results.push({ name: job.name, ...(await job.run(ctx, deadline)) });
  }
  return results;
}
