import { type PointsAccountDoc, newAccounts } from '../../cloudfunctions/core/ledger/accounts';
import { getDb } from '../../cloudfunctions/core/platform/cloud';
import { serverNow } from '../../cloudfunctions/core/platform/time';
import { runInTransaction } from '../../cloudfunctions/core/platform/transaction';
import { pointsExpiryJob } from '../../cloudfunctions/core/points/expiry-job';
import type { HandlerContext } from '../../cloudfunctions/core/router/context';
import { seedWorld, setClock } from '../../tests/support/world';
import { startLocalCloud } from '../local-cloud';
import { type Cost, measure } from './measure';

// The points-expiry job over many members. It reads only accounts whose nextExpiryAt has
// passed, so its reads, writes and transactions should follow the members due, not the members.
// The job is called directly (the same code the cron function's tick runs first), with a
// deadline far enough away to finish in one run; a tick would stop after TICK_BUDGET_MS and the
// next tick would continue where this stopped.

const NOW = '2026-03-01T04:00:00Z';
/** A bucket that ended on 2025-12-31 (Asia/Shanghai) and one that lives to the end of 2026. */
const ENDED = { expiresOn: '2025-12-31', remaining: 120, nextExpiryAt: new Date('2025-12-31T16:00:00Z') };
const LIVE = { expiresOn: '2026-12-31', remaining: 80, nextExpiryAt: new Date('2026-12-31T16:00:00Z') };
const INSERT_BATCH = 1000;

export interface ExpiryRun {
  members: number;
  due: number;
  processed: number;
  job: Cost;
  /** The same job again right after: nothing is due any more. */
  idleTick: Cost;
  insertMs: number;
}

function pointsAccount(index: number, due: boolean): PointsAccountDoc {
  const points = newAccounts(`bench-m${String(index).padStart(6, '0')}`).points;
  const buckets = due ? [{ expiresOn: ENDED.expiresOn, remaining: ENDED.remaining }, { expiresOn: LIVE.expiresOn, remaining: LIVE.remaining }] : [{ expiresOn: LIVE.expiresOn, remaining: LIVE.remaining }];
  return { ...points, buckets, balance: buckets.reduce((t, b) => t + b.remaining, 0), nextExpiryAt: due ? ENDED.nextExpiryAt : LIVE.nextExpiryAt };
}

/** Inserts the accounts through the SDK, a thousand per request (the service's bulk add). */
async function insertAccounts(members: number, dueEvery: number): Promise<number> {
  const db = getDb();
  let due = 0;
  for (let start = 0; start < members; start += INSERT_BATCH) {
    const batch: PointsAccountDoc[] = [];
    for (let i = start; i < Math.min(members, start + INSERT_BATCH); i++) {
      const isDue = dueEvery > 0 && i % dueEvery === 0;
      if (isDue) due++;
      batch.push(pointsAccount(i, isDue));
    }
    await db.collection('accounts').add({ data: batch });
  }
  return due;
}

function jobContext(): HandlerContext {
  const db = getDb();
  return { fn: 'cron', action: 'tick', openid: 'timer', roles: {}, now: serverNow(), db, transaction: (work) => runInTransaction(db, work) };
}

export async function expiryRun(members: number, dueFraction: number): Promise<ExpiryRun> {
  const cloud = await startLocalCloud();
  setClock(NOW);
  try {
    await seedWorld();
    const insertStarted = Date.now();
    const due = await insertAccounts(members, dueFraction > 0 ? Math.round(1 / dueFraction) : 0);
    const insertMs = Date.now() - insertStarted;
    let processed = 0;
    const job = await measure(cloud, async () => {
      const result = await pointsExpiryJob.run(jobContext(), Date.now() + 10 * 60_000);
      if (!result.done) throw new Error('the expiry job did not finish');
      processed = result.processed;
    });
    const idleTick = await measure(cloud, () => pointsExpiryJob.run(jobContext(), Date.now() + 60_000));
    if (processed !== due) throw new Error(`expired ${processed} accounts, ${due} were due`);
    return { members, due, processed, job, idleTick, insertMs };
  } finally {
    setClock(null);
    await cloud.close();
  }
}
