import { type Job, processEach } from '../jobs/registry';
import { ACCOUNTS, type Asset } from '../ledger/accounts';
import { type StoredDoc, findDocs, getDocById, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';

// The overview's ledger figures (points outstanding and owed, stored value owed) without the
// page ever scanning the ledger: a cron job walks `accounts` in chunks by _id, keeps its cursor
// and running sums in `stats/overview_rollup`, and when a pass ends publishes the totals to
// `stats/overview` in the same transaction that closes the pass. A tick that runs out of time
// (or a crash) leaves the cursor where the last committed chunk ended; the next tick continues
// from there, so every account is counted exactly once per pass.

export const STATS = 'stats';
export const OVERVIEW_STATS_ID = 'overview';
export const ROLLUP_PROGRESS_ID = 'overview_rollup';
export const ROLLUP_JOB = 'overview-rollup';
/** Accounts per chunk: the most one query answers. */
export const ROLLUP_CHUNK = 1_000;
/** A new pass starts once the last one finished this long ago (ticks come every 15 minutes). */
export const ROLLUP_INTERVAL_MS = 10 * 60_000;

export interface RollupSums {
  /** Points balances (never negative) and points debt, apart. */
  points: number;
  debt: number;
  principalFen: number;
  bonusFen: number;
  accounts: number;
}

export interface RollupProgressDoc extends StoredDoc {
  /** Null between passes. */
  passStartedAt: Date | null;
  /** The last account _id counted in this pass; null before the first chunk. */
  cursor: string | null;
  sums: RollupSums;
  chunks: number;
}

export interface OverviewStatsDoc extends StoredDoc {
  points: { outstanding: number; debt: number };
  wallet: { principalFen: number; bonusFen: number };
  accounts: number;
  chunks: number;
  passStartedAt: Date;
  /** When the pass finished. */
  asOf: Date;
}

interface AccountSlice extends StoredDoc {
  asset: Asset;
  balance: number;
  debt?: number;
}

const ZERO: RollupSums = { points: 0, debt: 0, principalFen: 0, bonusFen: 0, accounts: 0 };

/** What a chunk of accounts adds (pure). */
export function sumAccounts(accounts: readonly AccountSlice[], into: RollupSums = ZERO): RollupSums {
  const sums = { ...into };
  for (const account of accounts) {
    sums.accounts += 1;
    if (account.asset === 'points') {
      sums.points += account.balance;
      sums.debt += account.debt ?? 0;
    } else if (account.asset === 'wallet_principal') sums.principalFen += account.balance;
    else if (account.asset === 'wallet_bonus') sums.bonusFen += account.balance;
  }
  return sums;
}

interface Chunk extends StoredDoc {
  /** The cursor the chunk starts after, and the pass it belongs to. */
  from: string | null;
  passStartedAt: Date;
  accounts: AccountSlice[];
}

export interface RollupOptions {
  chunkSize?: number;
  /** Stop after this many chunks (tests: a pass interrupted part-way). */
  maxChunks?: number;
  /** Start a pass even if the last finished within ROLLUP_INTERVAL_MS. */
  force?: boolean;
}

export async function runOverviewRollup(ctx: HandlerContext, deadline: number, options: RollupOptions = {}) {
  const chunkSize = options.chunkSize ?? ROLLUP_CHUNK;
  const progress = await getDocById<RollupProgressDoc>(ctx.db, STATS, ROLLUP_PROGRESS_ID);
  if (!progress?.passStartedAt && !options.force) {
    const published = await getDocById<OverviewStatsDoc>(ctx.db, STATS, OVERVIEW_STATS_ID);
    if (published && ctx.now.getTime() - new Date(published.asOf).getTime() < ROLLUP_INTERVAL_MS) return { processed: 0, done: true, failed: 0 };
  }
  const _ = ctx.db.command;
  let finished = false;
  let chunks = 0;

  const nextBatch = async (skip: string[]): Promise<Chunk[]> => {
    // A chunk that failed is not skipped (the sums would be short): the pass waits for the next tick.
    if (finished || skip.length > 0 || (options.maxChunks !== undefined && chunks >= options.maxChunks)) return [];
    const current = await getDocById<RollupProgressDoc>(ctx.db, STATS, ROLLUP_PROGRESS_ID);
    const from = current?.passStartedAt ? current.cursor : null;
    const passStartedAt = current?.passStartedAt ? new Date(current.passStartedAt) : ctx.now;
    const accounts = await findDocs<AccountSlice>(
      ctx.db
        .collection(ACCOUNTS)
        .where(from === null ? {} : { _id: _.gt(from) })
        .orderBy('_id', 'asc')
        .field({ asset: true, balance: true, debt: true })
        .limit(chunkSize),
    );
    return [{ _id: `chunk:${passStartedAt.getTime()}:${from ?? ''}`, from, passStartedAt, accounts }];
  };

  const handle = async (chunk: Chunk) => {
    chunks += 1;
    const last = chunk.accounts.length < chunkSize;
    await ctx.transaction(async (tx) => {
      const current = await txGet<RollupProgressDoc>(tx, STATS, ROLLUP_PROGRESS_ID);
      const sameStart = current?.passStartedAt ? new Date(current.passStartedAt).getTime() === chunk.passStartedAt.getTime() : chunk.from === null;
      // Another tick counted this chunk first (ticks overlapping): leave its work as it is.
      if (!sameStart || (current?.passStartedAt ? current.cursor : null) !== chunk.from) return;
      const sums = sumAccounts(chunk.accounts, current?.passStartedAt ? current.sums : ZERO);
      const progress: Omit<RollupProgressDoc, '_id'> = last
        ? { passStartedAt: null, cursor: null, sums: ZERO, chunks: 0 }
        : { passStartedAt: chunk.passStartedAt, cursor: chunk.accounts[chunk.accounts.length - 1]._id, sums, chunks: (current?.chunks ?? 0) + 1 };
      await tx.collection(STATS).doc(ROLLUP_PROGRESS_ID).set({ data: progress });
      if (last) {
        const published: Omit<OverviewStatsDoc, '_id'> = {
          points: { outstanding: sums.points, debt: sums.debt },
          wallet: { principalFen: sums.principalFen, bonusFen: sums.bonusFen },
          accounts: sums.accounts,
          chunks: (current?.chunks ?? 0) + 1,
          passStartedAt: chunk.passStartedAt,
          asOf: ctx.now,
        };
        await tx.collection(STATS).doc(OVERVIEW_STATS_ID).set({ data: published });
      }
    });
    if (last) finished = true;
  };

  const outcome = await processEach(ctx, ROLLUP_JOB, deadline, nextBatch, handle);
  // Done only when the pass was published, not when it stopped part-way (maxChunks, a failure).
  return { ...outcome, done: outcome.done && finished };
}

/** Registered in the cron function after the ledger's own jobs. */
export const overviewRollupJob: Job = {
  name: ROLLUP_JOB,
  run: (ctx, deadline) => runOverviewRollup(ctx, deadline),
};
