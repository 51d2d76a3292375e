import type { FunctionName } from '../contract';
import { callerOpenid, getDb } from '../platform/cloud';
import { serverNow } from '../platform/time';
import { runInTransaction } from '../platform/transaction';
import type { CallerFacts, Router } from './router';

/** The `exports.main` of a deployed function: identity from WeChat's context, then the router. */
export function createMain(
  fn: FunctionName,
  router: Router,
  authorize: CallerFacts['authorize'],
  identify: () => string | undefined = callerOpenid,
) {
  return async function main(event: unknown): Promise<unknown> {
    const db = getDb();
    return router.dispatch(event, {
      openid: identify(),
      makeContext: (base) => ({
        fn,
        ...base,
        now: serverNow(),
        db,
        transaction: (work) => runInTransaction(db, work),
      }),
      authorize,
    });
  };
}
