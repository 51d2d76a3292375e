import type { Database } from './cloud';
import { BusinessError } from './business-error';
import { isTransactionConflict } from './db-errors';
import type { Tx } from './documents';

export interface TransactionOptions {
  /** How many times a conflicting transaction is run in all. */
  attempts?: number;
}

const DEFAULT_ATTEMPTS = 8;

/**
 * Runs `work` in one database transaction and retries it when it loses a race.
 *
 * wx-server-sdk 4.0.2 only retries conflicts reported at commit; a conflict reported at a
 * write reaches us with its code dropped by the SDK's document wrappers, so we recognise both
 * forms here. `work` may therefore run several times: it must not send messages or call
 * outside services, only read and write through `tx`.
 */
export async function runInTransaction<T>(
  db: Database,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      // 0: the SDK runs `work` once and leaves every retry to this loop.
      return (await db.runTransaction(work, 0)) as T;
    } catch (error) {
      if (error instanceof BusinessError || !isTransactionConflict(error)) throw error;
      if (attempt >= attempts) throw new BusinessError('BUSY');
      await backoff(attempt);
    }
  }
}

function backoff(attempt: number): Promise<void> {
  // Jittered, so that two members racing for one document do not collide again in step. The
  // local simulation sets LOCAL_TX_BACKOFF_SCALE=0: its conflicts are injected at random, so
  // waiting makes no retry likelier to pass (never set in the cloud).
  const scale = Number(process.env.LOCAL_TX_BACKOFF_SCALE ?? 1);
  const ms = Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random()) * (scale >= 0 ? scale : 1);
  return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
}
