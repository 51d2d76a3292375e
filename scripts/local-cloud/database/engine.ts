// Answers the wire actions @cloudbase/database sends, in the shapes the HTTP service answers
// (the SDK's own response parsing reads them). Every handler does its reads and its commit in
// one synchronous stretch, so each operation is atomic; the only awaits are lock waits.
import { Counters } from './counters';
import { dbErrors } from './errors';
import { Faults } from './faults';
import { Journal } from './journal';
import { aggregate, count, find, firstMatches, project } from './query';
import { Body, collectionName, idOf, isPlainObject, modifier, Modified, modifyBody, newDocuments, Params, queryOf } from './requests';
import { Change, docKey, Store } from './store';
import { ConflictSignal, Transaction, Transactions, isConflict } from './transactions';
import { decode, Doc, encode, encodeStored } from './wire';

export interface EngineOptions {
  conflictSignal: ConflictSignal;
  transactionTimeoutMs: number;
  lockWaitMs: number;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
// Guess: the service caps an aggregation without $limit at 20 results, as its docs warn.
const DEFAULT_AGGREGATE_LIMIT = 20;

type Handler = (p: Params, now: number) => Body | Promise<Body>;

export class Engine {
  readonly txs: Transactions;
  private readonly handlers: Record<string, Handler>;

  constructor(
    readonly store: Store,
    private readonly journal: Journal | null,
    private readonly counters: Counters,
    private readonly faults: Faults,
    private readonly options: EngineOptions,
  ) {
    this.txs = new Transactions(store, options.transactionTimeoutMs, options.conflictSignal, (_tx, how) =>
      counters.transaction(how === 'committed' ? 'committed' : 'aborted'),
    );
    this.handlers = {
      'database.addCollection': (p) => this.addCollection(p),
      'database.insertDocument': (p, now) => this.insert(p, now),
      'database.getDocument': (p, now) => this.get(p, now),
      'database.calculateDocument': (p, now) => this.count(p, now),
      'database.modifyDocument': (p, now) => this.modify(p, now),
      'database.modifyAndReturnDoc': (p, now) => this.modifyAndReturn(p, now),
      'database.removeDocument': (p, now) => this.remove(p, now),
      'database.aggregateDocuments': (p, now) => this.aggregate(p, now),
      'database.startTransaction': () => this.startTransaction(),
      'database.commitTransaction': (p) => this.commitTransaction(p),
      'database.abortTransaction': (p) => this.abortTransaction(p),
      // Older SDK builds address documents inside a transaction with these.
      'database.getInTransaction': (p) => this.legacyGet(p),
      'database.updateDocInTransaction': (p, now) => this.legacyUpdate(p, now),
      'database.deleteDocInTransaction': (p) => this.legacyDelete(p),
    };
  }

  handle(action: string, params: Params): Body | Promise<Body> {
    const handler = this.handlers[action];
    if (!handler) throw dbErrors.invalidParam(`Unknown action ${action}`);
    return handler(params ?? {}, Date.now());
  }

  // ---- collections and inserts ----

  private addCollection(p: Params): Body {
    const coll = collectionName(p);
    if (this.store.has(coll)) throw dbErrors.collectionExists(coll);
    this.commit([], [coll]);
    return {};
  }

  private async insert(p: Params, now: number): Promise<Body> {
    const coll = collectionName(p);
    const docs = newDocuments(coll, p.data, now);
    const changes = docs.map((doc) => ({ coll, id: doc._id, doc }));
    this.counters.count(coll, 'writes');
    if (p.transactionId) {
      const tx = this.txs.use(p.transactionId);
      for (const change of changes) {
        if (this.txs.read(tx, coll, change.id)) throw dbErrors.duplicateKey(coll, change.id);
        this.txWrite(tx, change);
      }
    } else {
      await this.plainWrite(() => ({
        keys: changes.map((c) => docKey(coll, c.id)),
        apply: () => {
          const taken = changes.find((c) => this.store.get(coll, c.id));
          if (taken) throw dbErrors.duplicateKey(coll, taken.id);
          this.commit(changes);
        },
      }));
    }
    return { data: { insertedIds: docs.map((d) => d._id) } };
  }

  // ---- reads ----

  private get(p: Params, now: number): Body {
    const coll = collectionName(p);
    const query = queryOf(p, now);
    const projection = decode(p.projection, now) as Params | undefined;
    this.counters.count(coll, 'reads');
    const projected = projection !== undefined && Object.keys(projection).length > 0;
    // Stored documents go out as they are (their encoding is kept); projections are new objects.
    const out = projected ? encode : encodeStored;
    if (p.transactionId || p.queryType === 'DOC') {
      const doc = this.readById(p, coll, idOf(query));
      return { data: { list: doc ? [out(project(doc, projection))] : [] } };
    }
    const requested = Number(p.limit) > 0 ? Number(p.limit) : DEFAULT_LIMIT;
    const limit = Math.min(requested, MAX_LIMIT);
    const offset = Number(p.offset) > 0 ? Number(p.offset) : 0;
    const order = decode(p.order, now) as Record<string, 1 | -1> | undefined;
    const byId = this.exactlyById(coll, query);
    if (byId && !projected) return { data: { list: byId.slice(offset, offset + limit).map(out), offset, limit } };
    // Ordered by string _id alone (a walk from a cursor): the _id index gives the order, so only
    // the page is tested, not the collection sorted.
    const idOrder = !byId && order && Object.keys(order).length === 1 && (order._id === 1 || order._id === -1) ? this.store.candidatesByStringId(coll, query, order._id) : null;
    const docs = idOrder
      ? find(firstMatches(idOrder, query, offset + limit), {}, { offset, limit, projection })
      : find(byId ?? this.store.candidates(coll, query), query, { order, offset, limit, projection });
    return { data: { list: docs.map(out), offset, limit } };
  }

  private count(p: Params, now: number): Body {
    const coll = collectionName(p);
    const query = queryOf(p, now);
    this.counters.count(coll, 'reads');
    const byId = this.exactlyById(coll, query);
    return { data: { total: byId ? byId.length : count(this.store.candidates(coll, query), query) } };
  }

  private aggregate(p: Params, now: number): Body {
    const coll = collectionName(p);
    if (!Array.isArray(p.stages)) throw dbErrors.invalidParam('stages must be an array');
    const pipeline = p.stages.map((stage: { stageKey?: unknown; stageValue?: unknown }) => {
      if (typeof stage?.stageKey !== 'string') throw dbErrors.invalidParam('stageKey must be a string');
      return { [stage.stageKey]: decode(stage.stageValue, now) };
    });
    if (!pipeline.some((stage) => '$limit' in stage)) pipeline.push({ $limit: DEFAULT_AGGREGATE_LIMIT });
    this.counters.count(coll, 'reads');
    // A leading $match narrows the input as a query would (by _id or an index); it still runs.
    const first = pipeline[0] as Params;
    const input = isPlainObject(first.$match) ? this.store.candidates(coll, first.$match) : this.store.docs(coll);
    const list = aggregate(input, pipeline, (name) => this.store.docs(name));
    return { data: { list: list.map(encode) } };
  }

  /** A document by _id: the transaction's view inside one, the committed state outside. */
  private readById(p: Params, coll: string, id: unknown): Doc | null {
    if (!p.transactionId) return this.store.get(coll, id);
    return this.txs.read(this.txOf(p), coll, id);
  }

  /** The request's transaction; inside one only document-by-_id operations (and add) exist. */
  private txOf(p: Params): Transaction {
    const tx = this.txs.use(p.transactionId);
    if (p.queryType !== undefined && p.queryType !== 'DOC') {
      throw dbErrors.invalidParam('Only document operations by _id are allowed inside a transaction');
    }
    return tx;
  }

  /** The answer to `{ _id: <string or number> }`, the commonest query, without evaluating it. */
  private exactlyById(coll: string, query: Params): Doc[] | null {
    const id = query._id;
    if ((typeof id !== 'string' && typeof id !== 'number') || Object.keys(query).length !== 1) return null;
    const doc = this.store.get(coll, id);
    return doc ? [doc] : [];
  }

  // ---- updates and removes ----

  private async modify(p: Params, now: number): Promise<Body> {
    const coll = collectionName(p);
    const query = queryOf(p, now);
    const change = modifier(p, now);
    this.counters.count(coll, 'writes');
    if (p.transactionId) {
      const tx = this.txOf(p);
      const id = idOf(query);
      const result = change(this.txs.read(tx, coll, id), id);
      if (result && (result.modified || result.upserted)) this.txWrite(tx, { coll, id, doc: result.doc });
      return modifyBody(result ? [result] : [], id);
    }
    if (p.queryType === 'DOC') {
      const id = idOf(query);
      return this.plainWrite(() => ({
        keys: [docKey(coll, id)],
        apply: () => {
          const result = change(this.store.get(coll, id), id);
          if (result) this.commitModified(coll, [result]);
          return modifyBody(result ? [result] : [], id);
        },
      }));
    }
    return this.plainWrite(() => {
      const matched = this.matching(coll, query, p.multi !== false);
      return {
        keys: matched.map((doc) => docKey(coll, doc._id)),
        apply: () => {
          const results = matched.map((doc) => change(doc, doc._id) as Modified);
          this.commitModified(coll, results);
          return modifyBody(results);
        },
      };
    });
  }

  private async modifyAndReturn(p: Params, now: number): Promise<Body> {
    const coll = collectionName(p);
    if (p.transactionId) throw dbErrors.invalidParam('updateAndReturn is not available inside a transaction');
    const query = queryOf(p, now);
    const change = modifier({ ...p, merge: true, upsert: false }, now);
    this.counters.count(coll, 'writes');
    return this.plainWrite(() => {
      const matched = this.matching(coll, query, false);
      return {
        keys: matched.map((doc) => docKey(coll, doc._id)),
        apply: () => {
          const result = matched.length ? change(matched[0], matched[0]._id) : null;
          if (result) this.commitModified(coll, [result]);
          return { data: { updated: result?.modified ? 1 : 0, doc: result ? encodeStored(result.doc) : null } };
        },
      };
    });
  }

  private async remove(p: Params, now: number): Promise<Body> {
    const coll = collectionName(p);
    const query = queryOf(p, now);
    this.counters.count(coll, 'writes');
    if (p.transactionId) {
      const tx = this.txOf(p);
      const id = idOf(query);
      if (!this.txs.read(tx, coll, id)) return { data: { deleted: 0 } };
      this.txWrite(tx, { coll, id, doc: null });
      return { data: { deleted: 1 } };
    }
    return this.plainWrite(() => {
      const matched =
        p.queryType === 'DOC' ? [this.store.get(coll, idOf(query))].filter(isDoc) : this.matching(coll, query, p.multi !== false);
      return {
        keys: matched.map((doc) => docKey(coll, doc._id)),
        apply: () => {
          this.commit(matched.map((doc) => ({ coll, id: doc._id, doc: null })));
          return { data: { deleted: matched.length } };
        },
      };
    });
  }

  private matching(coll: string, query: Params, multi: boolean): Doc[] {
    const matched = this.exactlyById(coll, query) ?? find(this.store.candidates(coll, query), query);
    return multi ? matched : matched.slice(0, 1);
  }

  // ---- transactions ----

  private startTransaction(): Body {
    const tx = this.txs.start();
    this.counters.transaction('started');
    return { transactionId: tx.id };
  }

  private commitTransaction(p: Params): Body {
    const tx = this.txs.use(p.transactionId);
    const conflicting = this.txs.commitConflict(tx);
    if (conflicting !== null) {
      this.noteConflict(tx, conflicting);
      throw dbErrors.conflict();
    }
    try {
      this.commit([...tx.writes.values()], [], tx);
    } catch (error) {
      this.txs.end(tx, 'aborted');
      throw error;
    }
    this.txs.end(tx, 'committed');
    for (const coll of tx.collections()) this.counters.count(coll, 'transactions');
    return {};
  }

  private abortTransaction(p: Params): Body {
    this.txs.abort(p.transactionId);
    return {};
  }

  /** A conflicting write ends the transaction on the server, as MongoDB does. */
  private txWrite(tx: Transaction, change: Change): void {
    try {
      this.txs.write(tx, change, this.faults.injectConflict());
    } catch (error) {
      if (isConflict(error)) this.noteConflict(tx, change.coll);
      throw error;
    }
  }

  private noteConflict(tx: Transaction, coll: string): void {
    this.counters.count(coll, 'conflicts');
    this.counters.transaction('conflicts');
    this.txs.end(tx, 'aborted');
  }

  // ---- legacy transaction actions (documents addressed by `_id` param) ----

  private legacyGet(p: Params): Body {
    const coll = collectionName(p);
    this.counters.count(coll, 'reads');
    return { data: encode(this.txs.read(this.txs.use(p.transactionId), coll, p._id)) };
  }

  private legacyUpdate(p: Params, now: number): Body {
    const coll = collectionName(p);
    const tx = this.txs.use(p.transactionId);
    const change = modifier({ data: p.data, merge: p.upsert !== true, upsert: p.upsert === true }, now);
    this.counters.count(coll, 'writes');
    const result = change(this.txs.read(tx, coll, p._id), p._id);
    if (result && (result.modified || result.upserted)) this.txWrite(tx, { coll, id: p._id, doc: result.doc });
    const body: Body = { updated: encode(result && result.modified && !result.upserted ? 1 : 0) };
    if (result?.upserted) body.upserted = JSON.stringify([{ _id: p._id }]);
    return body;
  }

  private legacyDelete(p: Params): Body {
    const coll = collectionName(p);
    const tx = this.txs.use(p.transactionId);
    this.counters.count(coll, 'writes');
    if (!this.txs.read(tx, coll, p._id)) return { deleted: encode(0) };
    this.txWrite(tx, { coll, id: p._id, doc: null });
    return { deleted: encode(1) };
  }

  // ---- committing ----

  /**
   * A write outside a transaction waits while a transaction holds a lock on any document it
   * would touch (MongoDB: "the write waits until the transaction ends"), up to lockWaitMs.
   * `plan` is recomputed after each wait because the matching documents may have changed.
   */
  private async plainWrite<T>(plan: () => { keys: string[]; apply: () => T }): Promise<T> {
    const deadline = Date.now() + this.options.lockWaitMs;
    for (;;) {
      const { keys, apply } = plan();
      const locked = keys.find((key) => this.txs.lockedByOther(key));
      if (locked === undefined) return apply();
      await this.txs.waitForUnlock(locked, deadline);
    }
  }

  private commitModified(coll: string, results: Modified[]): void {
    const changed = results.filter((r) => r.modified || r.upserted);
    this.commit(changed.map((r) => ({ coll, id: r.doc._id, doc: r.doc })));
  }

  /** Journal first (write-ahead), then the snapshot values open transactions still need, then memory. */
  private commit(changes: Change[], created: string[] = [], committing?: Transaction): void {
    const newColls = [...new Set([...created, ...changes.map((c) => c.coll)])].filter((c) => !this.store.has(c));
    if (!changes.length && !newColls.length) return;
    const seq = this.store.seq + 1;
    this.journal?.append(seq, changes, newColls);
    this.txs.capturePreimages(changes, committing);
    this.store.apply(changes, newColls);
    this.store.seq = seq;
    if (this.journal?.shouldCompact()) this.journal.compact(this.store);
  }
}

function isDoc(doc: Doc | null): doc is Doc {
  return doc !== null;
}
