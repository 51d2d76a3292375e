import type { LocalCloud } from '../local-cloud';

export interface Cost {
  reads: number;
  writes: number;
  /** Transactions committed (one per transaction, whatever it wrote). */
  transactions: number;
  /** Transactions that were started but did not commit (a business refusal, a conflict). */
  transactionsAborted: number;
  conflicts: number;
  ms: number;
  /** Reads and writes per collection. */
  byCollection: Record<string, { reads: number; writes: number }>;
}

/**
 * The database operations `work` costs, from the emulator's counters. The local pay service
 * keeps its own books in `_local_*` collections (WeChat's side, not ours); those are left out.
 */
export async function measure(cloud: LocalCloud, work: () => Promise<unknown>): Promise<Cost> {
  cloud.db.counters.reset();
  const started = process.hrtime.bigint();
  await work();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const tx = cloud.db.counters.transactionTotals();
  const cost: Cost = { reads: 0, writes: 0, transactions: tx.committed, transactionsAborted: tx.aborted, conflicts: tx.conflicts, ms: Math.round(ms * 10) / 10, byCollection: {} };
  for (const [collection, counts] of Object.entries(cloud.db.counters.snapshot())) {
    if (collection.startsWith('_local')) continue;
    cost.reads += counts.reads;
    cost.writes += counts.writes;
    cost.byCollection[collection] = { reads: counts.reads, writes: counts.writes };
  }
  return cost;
}
