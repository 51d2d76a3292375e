// The committed state: collections of documents keyed by a typed _id key.
// Stored documents are never mutated in place (updates clone first), so a reference taken
// before a commit stays a faithful pre-image for open transactions.
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

export class Store {
  private readonly colls = new Map<string, Map<string, Doc>>();
  seq = 0;

  has(coll: string): boolean {
    return this.colls.has(coll);
  }

  names(): string[] {
    return [...this.colls.keys()];
  }

  /** Documents in insertion order (the service's natural order for unsorted queries). */
  docs(coll: string): Doc[] {
    const docs = this.colls.get(coll);
    return docs ? [...docs.values()] : [];
  }

  get(coll: string, id: unknown): Doc | null {
    return this.colls.get(coll)?.get(idKey(id)) ?? null;
  }

  apply(changes: Change[], created: string[]): void {
    for (const coll of created) this.ensure(coll);
    for (const change of changes) {
      const docs = this.ensure(change.coll);
      if (change.doc) docs.set(idKey(change.id), change.doc);
      else docs.delete(idKey(change.id));
    }
  }

  clear(): void {
    this.colls.clear();
    this.seq = 0;
  }

  private ensure(coll: string): Map<string, Doc> {
    let docs = this.colls.get(coll);
    if (!docs) {
      docs = new Map();
      this.colls.set(coll, docs);
    }
    return docs;
  }
}
