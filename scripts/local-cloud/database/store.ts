// The committed state: collections of documents keyed by a typed _id key, with the secondary
// indexes of indexes.ts kept in step.
// Stored documents are never mutated in place (updates copy what they change), so a reference
// taken before a commit stays a faithful pre-image for open transactions, and a document's
// encoded form can be kept with it.
import { Constraint, constraints, FieldIndex } from './indexes';
import type { Doc } from './wire';

/** One document's new committed value; `doc: null` deletes it. */
export interface Change {
  coll: string;
  id: unknown;
  doc: Doc | null;
}

/** `_id` 5 and '5' are different documents, so the key carries the type. */
export function idKey(id: unknown): string {
  if (typeof id === 'string') return `s:${id}`;
  if (typeof id === 'number') return `n:${id}`;
  return `j:${JSON.stringify(id)}`;
}

export function docKey(coll: string, id: unknown): string {
  return `${coll}\u0000${idKey(id)}`;
}

interface Entry {
  doc: Doc;
  /** Position in the collection's natural (insertion) order. */
  ord: number;
}

class Collection {
  readonly entries = new Map<string, Entry>();
  readonly indexes: FieldIndex[];
  nextOrd = 0;

  /**
   * `_id` ranges and order (a job walking a collection from a cursor): built on the first such
   * query and kept from then on, so collections never walked pay nothing for it.
   */
  private ids: FieldIndex | null = null;

  constructor(fields: string[]) {
    this.indexes = fields.filter((field) => field !== '_id').map((field) => new FieldIndex(field));
  }

  idIndex(): FieldIndex {
    if (!this.ids) {
      this.ids = new FieldIndex('_id');
      for (const [key, entry] of this.entries) this.ids.add(key, entry.doc);
    }
    return this.ids;
  }

  put(key: string, doc: Doc | null): void {
    const old = this.entries.get(key);
    if (old) for (const index of this.indexes) index.remove(key, old.doc);
    // An _id never changes: the id index only learns of documents coming and going.
    if (this.ids && old && !doc) this.ids.remove(key, old.doc);
    if (!doc) {
      this.entries.delete(key);
      return;
    }
    // A replaced document keeps its place (as Map.set does); a deleted and re-added one goes last.
    this.entries.set(key, { doc, ord: old ? old.ord : this.nextOrd++ });
    for (const index of this.indexes) index.add(key, doc);
    if (this.ids && !old) this.ids.add(key, doc);
  }
}

export class Store {
  private readonly colls = new Map<string, Collection>();
  seq = 0;

  /** `indexes`: the indexed top-level fields per collection. */
  constructor(private readonly indexes: Record<string, string[]> = {}) {}

  has(coll: string): boolean {
    return this.colls.has(coll);
  }

  names(): string[] {
    return [...this.colls.keys()];
  }

  /** Documents in insertion order (the service's natural order for unsorted queries). */
  docs(coll: string): Doc[] {
    const entries = this.colls.get(coll)?.entries;
    if (!entries) return [];
    const docs = new Array<Doc>(entries.size);
    let i = 0;
    for (const entry of entries.values()) docs[i++] = entry.doc;
    return docs;
  }

  get(coll: string, id: unknown): Doc | null {
    return this.colls.get(coll)?.entries.get(idKey(id))?.doc ?? null;
  }

  /**
   * The documents `query` can match, in natural order: a superset of its matches, narrowed by
   * `_id` or by an indexed field where the query binds one; the whole collection otherwise.
   */
  candidates(coll: string, query: Record<string, unknown>): Doc[] {
    const collection = this.colls.get(coll);
    if (!collection) return [];
    let best: string[] | null = null;
    for (const constraint of constraints(query)) {
      const keys = this.lookup(collection, constraint);
      if (keys && (!best || keys.length < best.length)) best = keys;
      if (best && best.length <= 1) break;
    }
    if (!best || best.length >= collection.entries.size) return this.docs(coll);
    const entries: Entry[] = [];
    const seen = new Set<string>();
    for (const key of best) {
      const entry = collection.entries.get(key);
      if (entry && !seen.has(key)) {
        seen.add(key);
        entries.push(entry);
      }
    }
    if (entries.length > 1) entries.sort((a, b) => a.ord - b.ord);
    return entries.map((entry) => entry.doc);
  }

  /**
   * The documents `query` can match in `_id` order (descending with `direction` -1), when every
   * _id in the collection is a string; null otherwise. Lets a paged walk in _id order (a job's
   * cursor) read its page without sorting the collection.
   */
  candidatesByStringId(coll: string, query: Record<string, unknown>, direction: 1 | -1): Iterable<Doc> | null {
    const collection = this.colls.get(coll);
    if (!collection) return [];
    const bounds = constraints(query).flatMap((c) => (c.field === '_id' && 'range' in c ? c.range : []));
    const keys = collection.idIndex().stringOrder(bounds, collection.entries.size, direction);
    if (!keys) return null;
    const { entries } = collection;
    return (function* () {
      for (const key of keys) yield entries.get(key)!.doc;
    })();
  }

  private lookup(collection: Collection, constraint: Constraint): string[] | null {
    if (constraint.field === '_id') {
      // The primary key: a document's _id is never an array, so equality is the key itself.
      return 'equal' in constraint ? constraint.equal.map(idKey) : collection.idIndex().range(constraint.range);
    }
    const index = collection.indexes.find((i) => i.field === constraint.field);
    if (!index) return null;
    return 'equal' in constraint ? index.equal(constraint.equal) : index.range(constraint.range);
  }

  apply(changes: Change[], created: string[]): void {
    for (const coll of created) this.ensure(coll);
    for (const change of changes) this.ensure(change.coll).put(idKey(change.id), change.doc);
  }

  clear(): void {
    this.colls.clear();
    this.seq = 0;
  }

  private ensure(coll: string): Collection {
    let collection = this.colls.get(coll);
    if (!collection) {
      collection = new Collection(this.indexes[coll] ?? []);
      this.colls.set(coll, collection);
    }
    return collection;
  }
}
