// Drives a resumable server job from an open console page (bulk points grant, batch coupon
// issue): calls its run action until the job says it is finished, the page stops it, or the
// calls keep failing. Each run call is safe to repeat (the server issues each item once), so a
// lost answer is simply asked again.

export interface DriveJobOptions<S> {
  /** One run call: processes the next chunk and answers the job's status. */
  step: () => Promise<S>;
  finished: (status: S) => boolean;
  /** Each answer, as it comes (not called once the page has stopped the drive). */
  onStatus: (status: S) => void;
  /** True once the page no longer wants this drive (left, stopped, another drive started). */
  cancelled: () => boolean;
  /** Failures in a row after which the drive gives up and reports the last one. */
  maxFailures?: number;
  /** Waits between retries; replaced in tests. */
  wait?: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves with null when the job finished or the drive was stopped, or with the error that made it give up. */
export async function driveJob<S>({ step, finished, onStatus, cancelled, maxFailures = 3, wait = sleep }: DriveJobOptions<S>): Promise<unknown | null> {
  let failures = 0;
  while (!cancelled()) {
    try {
      const status = await step();
      failures = 0;
      if (cancelled()) return null;
      onStatus(status);
      if (finished(status)) return null;
    } catch (error) {
      // A lost answer or a busy moment: ask again a little later; give up after a few in a row.
      failures++;
      if (failures >= maxFailures) return cancelled() ? null : error;
      await wait(1000 * failures);
    }
  }
  return null;
}
