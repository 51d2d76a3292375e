import type { Database } from '../platform/cloud';
import { type StoredDoc, findDocs } from '../platform/documents';

/** The service answers at most 1,000 documents per query; console lists page through by id. */
const PAGE = 1000;
const MAX_PAGES = 20;

type Query = ReturnType<Database['collection']>;
type Where = Parameters<Query['where']>[0];

export async function findAll<T extends StoredDoc>(db: Database, collection: string, where: Where = {}): Promise<T[]> {
  const all: T[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const docs = await findDocs<T>(db.collection(collection).where(where).orderBy('_id', 'asc').skip(page * PAGE).limit(PAGE));
    all.push(...docs);
    if (docs.length < PAGE) return all;
  }
  throw new Error(`${collection} holds more than ${PAGE * MAX_PAGES} matching documents: this list needs real paging`);
}

export function isoOrNull(value: Date | string | undefined | null): string | null {
  return value ? new Date(value).toISOString() : null;
}
