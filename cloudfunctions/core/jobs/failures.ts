import type { HandlerContext } from '../router/context';

/** One document per job and subject that failed: what went wrong, how often, since when. */
export const JOB_FAILURES = 'job_failures';

export interface JobFailureDoc {
  _id: string;
  job: string;
  /** The account or member id, or `*` when the job failed as a whole. */
  subject: string;
  error: string;
  attempts: number;
  firstAt: Date;
  lastAt: Date;
}

export function jobFailureId(job: string, subject: string): string {
  return `${job}:${subject}`;
}

/**
 * Records a failure for an operator to look at. Best effort: if the database is what failed,
 * recording fails too, and the log line is all there is.
 */
export async function recordJobFailure(ctx: HandlerContext, job: string, subject: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`job ${job} failed for ${subject}:`, error);
  const id = jobFailureId(job, subject);
  try {
    await ctx.transaction(async (tx) => {
      const { data } = await tx.collection(JOB_FAILURES).doc(id).get();
      const earlier = data as JobFailureDoc | null;
      const doc: Omit<JobFailureDoc, '_id'> = {
        job,
        subject,
        error: message.slice(0, 500),
        attempts: (earlier?.attempts ?? 0) + 1,
        firstAt: earlier?.firstAt ?? ctx.now,
        lastAt: ctx.now,
      };
      await tx.collection(JOB_FAILURES).doc(id).set({ data: doc });
    });
  } catch (recording) {
    console.error(`job ${job}: could not record the failure of ${subject}`, recording);
  }
}
