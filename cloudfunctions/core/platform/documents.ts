import type { Database } from './cloud';

// wx-server-sdk's typings answer `Promise<T> | void | string` (callback style overloads), and
// transactions are typed `any`. These few helpers give the rest of core one typed surface.

export interface StoredDoc {
  _id: string;
}

/** What core uses of a transaction: document-by-id operations and `add`, as the service allows. */
export interface Tx {
  collection(name: string): {
    doc(id: string): {
      get(): Promise<{ data: unknown }>;
      set(options: { data: object }): Promise<unknown>;
      update(options: { data: object }): Promise<unknown>;
      remove(): Promise<unknown>;
    };
    add(options: { data: object }): Promise<{ _id?: string }>;
  };
  rollback(value?: unknown): Promise<unknown>;
}

type QueryLike = { get(): unknown };

export async function findDocs<T extends StoredDoc>(query: QueryLike): Promise<T[]> {
  const result = (await query.get()) as { data: T[] };
  return result.data;
}

export async function getDocById<T extends StoredDoc>(db: Database, collection: string, id: string): Promise<T | null> {
  // A where-query answers an empty list for a missing document, where doc(id).get() throws.
  const [found] = await findDocs<T>(db.collection(collection).where({ _id: id }).limit(1));
  return found ?? null;
}

export async function txGet<T extends StoredDoc>(tx: Tx, collection: string, id: string): Promise<T | null> {
  const { data } = await tx.collection(collection).doc(id).get();
  return (data as T | null) ?? null;
}
