// Operation counts per collection, for benchmarks and for tests that assert round trips.

export interface CollectionCounts {
  reads: number;
  writes: number;
  /** Committed transactions that wrote to the collection. */
  transactions: number;
  conflicts: number;
}

export interface TransactionTotals {
  started: number;
  committed: number;
  aborted: number;
  conflicts: number;
}

export class Counters {
  private perCollection = new Map<string, CollectionCounts>();
  private totals: TransactionTotals = { started: 0, committed: 0, aborted: 0, conflicts: 0 };

  count(coll: string, what: keyof CollectionCounts): void {
    let counts = this.perCollection.get(coll);
    if (!counts) {
      counts = { reads: 0, writes: 0, transactions: 0, conflicts: 0 };
      this.perCollection.set(coll, counts);
    }
    counts[what] += 1;
  }

  transaction(what: keyof TransactionTotals): void {
    this.totals[what] += 1;
  }

  snapshot(): Record<string, CollectionCounts> {
    const out: Record<string, CollectionCounts> = {};
    for (const [coll, counts] of this.perCollection) out[coll] = { ...counts };
    return out;
  }

  /** Transactions started, committed, aborted (by the client, by a conflict or a timeout) and conflicting. */
  transactionTotals(): TransactionTotals {
    return { ...this.totals };
  }

  reset(): void {
    this.perCollection = new Map();
    this.totals = { started: 0, committed: 0, aborted: 0, conflicts: 0 };
  }
}
