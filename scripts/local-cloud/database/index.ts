// The local stand-in for the WeChat cloud database: answers the SDK's wire actions in-process.
// Collections: a read of a collection that was never written answers empty (the real service
// says DATABASE_COLLECTION_NOT_EXIST) and the first write creates it, so business code needs no
// setup step locally; createCollection of an existing one fails as on the service.
import { Counters } from './counters';
import { Engine } from './engine';
import { DbError, dbErrors } from './errors';
import { Faults } from './faults';
import { DECLARED_INDEXES } from './indexes';
import { Journal } from './journal';
import { Store } from './store';
import { cloneValue } from './wire';

export { installDatabaseTransport } from './transport';
export type { CollectionCounts, TransactionTotals } from './counters';
export type { FaultOptions } from './faults';

export interface LocalDatabaseOptions {
  /** Where data persists (e.g. `.data/db`); omitted = in memory only. */
  dataDir?: string;
  /** When a transaction conflict is reported: at the write (the service's behaviour) or at commit. */
  conflictSignal?: 'write' | 'commit';
  /** The service forgets a transaction 30 s after it started. */
  transactionTimeoutMs?: number;
  /** How long a write outside a transaction waits for a transaction's document lock. */
  lockWaitMs?: number;
  /** Indexed top-level fields per collection (`_id` always is); default: the README's indexes. */
  indexes?: Record<string, string[]>;
}

/**
 * `JSON.parse(JSON.stringify(value))` without writing and re-reading the text: the answers carry
 * documents as long EJSON strings, which a real round trip would copy twice for nothing.
 */
export function jsonCopy(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value + 0 : null; // + 0 turns -0 into 0, as JSON does
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      break;
    default:
      return JSON.parse(JSON.stringify(value)); // bigint: throws as JSON.stringify does
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    const items = new Array(value.length);
    for (let i = 0; i < value.length; i++) items[i] = jsonCopy(value[i]) ?? null;
    return items;
  }
  if (Object.prototype.toString.call(value) !== '[object Object]' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return JSON.parse(JSON.stringify(value));
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = jsonCopy((value as Record<string, unknown>)[key]);
    if (item === undefined) continue;
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, writable: true, enumerable: true, configurable: true });
    else out[key] = item;
  }
  return out;
}

export class LocalDatabase {
  readonly faults = new Faults();
  readonly counters = new Counters();
  private readonly store: Store;
  private readonly journal: Journal | null;
  private readonly engine: Engine;
  private closed = false;
  private requests = 0;

  constructor(opts: LocalDatabaseOptions = {}) {
    this.store = new Store(opts.indexes ?? DECLARED_INDEXES);
    this.journal = opts.dataDir ? new Journal(opts.dataDir, this.store) : null;
    this.engine = new Engine(this.store, this.journal, this.counters, this.faults, {
      conflictSignal: opts.conflictSignal ?? 'write',
      transactionTimeoutMs: opts.transactionTimeoutMs ?? 30_000,
      lockWaitMs: opts.lockWaitMs ?? 5_000,
    });
  }

  /** Answers one wire action with the body the HTTP service would send: data, or `{ code, message }`. */
  async send(action: string, params: any): Promise<any> {
    const requestId = `local-${++this.requests}`;
    try {
      if (this.closed) throw dbErrors.system('[InternalError] The local database is closed');
      const injected = this.faults.nextOperationFailure();
      if (this.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, this.faults.latencyMs));
      if (injected) throw injected;
      const body = await this.engine.handle(action, params ?? {});
      // What a JSON round trip (as over HTTP) would leave: nothing but JSON values reaches the SDK.
      return jsonCopy({ ...body, requestId });
    } catch (error) {
      if (error instanceof DbError) return { code: error.code, message: error.message, requestId };
      const message = error instanceof Error ? error.message : String(error);
      return { code: 'SYS_ERR', message: `[InternalError] ${message}`, requestId };
    }
  }

  /** Committed documents of a collection, as plain JS values (Dates as Date). */
  dump(collection: string): any[] {
    return this.store.docs(collection).map(cloneValue);
  }

  collections(): string[] {
    return this.store.names();
  }

  /** Drops all data (and its files), open transactions, counters and faults. */
  async reset(): Promise<void> {
    this.engine.txs.endAll();
    this.store.clear();
    this.journal?.clear();
    this.counters.reset();
    this.faults.clear();
  }

  /** Aborts open transactions, compacts the journal into a snapshot and releases the data dir. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.engine.txs.endAll();
    this.journal?.close(this.store);
  }
}
