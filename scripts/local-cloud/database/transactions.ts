// Transactions as the service documents them: a snapshot taken at start, the transaction's own
// writes on top, per-document write locks, and a deadline after which the server forgets it.
import { DbError, dbErrors } from './errors';
import { randomHex16 } from './ids';
import { Change, docKey, Store } from './store';
import type { Doc } from './wire';

export type ConflictSignal = 'write' | 'commit';

export class Transaction {
  /** Pending writes by document key, in the order first written. */
  readonly writes = new Map<string, Change>();
  /** Committed values as of the snapshot, captured when someone else changes a document later. */
  readonly preimages = new Map<string, Doc | null>();
  /** Set in 'commit' mode when a conflict must surface at commit instead of at the write. */
  doomed = false;
  timer?: NodeJS.Timeout;

  constructor(readonly id: string) {}

  collections(): string[] {
    return [...new Set([...this.writes.values()].map((w) => w.coll))];
  }
}

export type Ending = 'committed' | 'aborted' | 'expired';

export class Transactions {
  private readonly open = new Map<string, Transaction>();
  private readonly ended = new Map<string, Ending>();
  private readonly locks = new Map<string, Transaction>();
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(
    private readonly store: Store,
    private readonly timeoutMs: number,
    readonly signal: ConflictSignal,
    private readonly onEnd: (tx: Transaction, how: Ending) => void = () => {},
  ) {}

  start(): Transaction {
    const tx = new Transaction(randomHex16());
    tx.timer = setTimeout(() => this.end(tx, 'expired'), this.timeoutMs);
    tx.timer.unref();
    this.open.set(tx.id, tx);
    return tx;
  }

  /** The open transaction, or DATABASE_TRANSACTION_FAIL once it committed, aborted or expired. */
  use(id: unknown): Transaction {
    const tx = typeof id === 'string' ? this.open.get(id) : undefined;
    if (!tx) throw dbErrors.transactionGone();
    return tx;
  }

  /** Abort is idempotent for a transaction the server already aborted (e.g. after a conflict). */
  abort(id: unknown): void {
    if (typeof id === 'string' && this.ended.get(id) === 'aborted') return;
    this.end(this.use(id), 'aborted');
  }

  end(tx: Transaction, how: Ending): void {
    if (!this.open.delete(tx.id)) return;
    clearTimeout(tx.timer);
    this.ended.set(tx.id, how);
    if (this.ended.size > 10_000) this.ended.delete(this.ended.keys().next().value as string);
    for (const [key, holder] of this.locks) {
      if (holder !== tx) continue;
      this.locks.delete(key);
      this.wake(key);
    }
    this.onEnd(tx, how);
  }

  endAll(): void {
    for (const tx of [...this.open.values()]) this.end(tx, 'aborted');
  }

  /** What the transaction sees: its own write, else the committed value as of its start. */
  read(tx: Transaction, coll: string, id: unknown): Doc | null {
    const key = docKey(coll, id);
    const own = tx.writes.get(key);
    if (own) return own.doc;
    if (tx.preimages.has(key)) return tx.preimages.get(key) ?? null;
    return this.store.get(coll, id);
  }

  /**
   * Records a write. In 'write' mode it takes the document's lock first and fails at once when
   * another transaction holds it or the document changed after the snapshot. In 'commit' mode
   * nothing is locked (so plain writes never wait) and commit checks instead: first committer wins.
   */
  write(tx: Transaction, change: Change, injectedConflict: boolean): void {
    const key = docKey(change.coll, change.id);
    if (this.signal === 'write') {
      const holder = this.locks.get(key);
      if (injectedConflict || (holder && holder !== tx) || tx.preimages.has(key)) throw dbErrors.conflict();
      this.locks.set(key, tx);
    } else if (injectedConflict) {
      tx.doomed = true;
    }
    tx.writes.delete(key); // re-insert so the latest write is kept once, in order
    tx.writes.set(key, change);
  }

  /** The collection of the first write that conflicts at commit, or null when the commit may go. */
  commitConflict(tx: Transaction): string | null {
    for (const [key, change] of tx.writes) {
      if (tx.doomed || tx.preimages.has(key)) return change.coll;
    }
    return null;
  }

  /** Before a commit changes documents, every open transaction keeps their snapshot value. */
  capturePreimages(changes: Change[], committing?: Transaction): void {
    if (!this.open.size) return;
    for (const change of changes) {
      const key = docKey(change.coll, change.id);
      const before = this.store.get(change.coll, change.id);
      for (const tx of this.open.values()) {
        if (tx !== committing && !tx.preimages.has(key)) tx.preimages.set(key, before);
      }
    }
  }

  lockedByOther(key: string, tx?: Transaction): boolean {
    const holder = this.locks.get(key);
    return holder !== undefined && holder !== tx;
  }

  /** A plain write waits for a transaction's lock, but not past `deadline`. */
  waitForUnlock(key: string, deadline: number): Promise<void> {
    if (!this.locks.has(key)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const set = this.waiters.get(key) ?? new Set<() => void>();
      this.waiters.set(key, set);
      const timer = setTimeout(() => {
        set.delete(done);
        reject(dbErrors.lockTimeout());
      }, Math.max(0, deadline - Date.now()));
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      set.add(done);
    });
  }

  private wake(key: string): void {
    const set = this.waiters.get(key);
    if (!set) return;
    this.waiters.delete(key);
    for (const done of set) done();
  }
}

export function isConflict(error: unknown): boolean {
  return error instanceof DbError && error.code === 'DATABASE_TRANSACTION_CONFLICT';
}
