// Reading the parameters of a wire request, and the small pieces of answer shared by handlers.
import { dbErrors } from './errors';
import { randomHex16 } from './ids';
import { applyUpdate, replacement } from './query';
import { docKey } from './store';
import { decode, Doc, encodeStored } from './wire';

export type Params = Record<string, unknown>;
export type Body = Record<string, unknown>;

export interface Modified {
  doc: Doc;
  modified: boolean;
  upserted: boolean;
}

export function collectionName(p: Params): string {
  if (typeof p.collectionName !== 'string' || !p.collectionName) throw dbErrors.invalidParam('collectionName is required');
  return p.collectionName;
}

export function queryOf(p: Params, now: number): Params {
  const query = decode(p.query, now) ?? {};
  if (!isPlainObject(query)) throw dbErrors.invalidParam('query must be an object');
  return query;
}

export function idOf(query: Params): unknown {
  if (!('_id' in query)) throw dbErrors.invalidParam('a document operation needs an _id');
  return query._id;
}

// Documents to insert; the service generates 32-hex-digit ids for those without one.
export function newDocuments(coll: string, data: unknown, now: number): Doc[] {
  if (!Array.isArray(data) || !data.length) throw dbErrors.invalidParam('data must be a non-empty array');
  const docs = data.map((item) => {
    const value = decode(item, now);
    if (!isPlainObject(value)) throw dbErrors.invalidParam('each document must be an object');
    const { _id, ...rest } = value;
    return { _id: _id ?? randomHex16(), ...rest } as Doc;
  });
  const ids = new Set<string>();
  for (const doc of docs) {
    const key = docKey(coll, doc._id);
    if (ids.has(key)) throw dbErrors.duplicateKey(coll, doc._id);
    ids.add(key);
  }
  return docs;
}

/**
 * How one document changes: `merge` applies update operators (update), otherwise the data
 * replaces the body (set); `upsert` creates a missing document. Null means "no such document".
 */
export function modifier(p: Params, now: number): (current: Doc | null, id: unknown) => Modified | null {
  const data = decode(p.data, now);
  if (!isPlainObject(data)) throw dbErrors.invalidParam('data must be an object');
  const merge = p.merge !== false;
  const upsert = p.upsert === true;
  return (current, id) => {
    if (current) {
      if (merge) return { ...applyUpdate(current, data), upserted: false };
      const doc = replacement(current._id, data);
      // Both are (or become) stored documents, whose encoding is kept for their next read.
      return { doc, modified: encodeStored(doc) !== encodeStored(current), upserted: false };
    }
    if (!upsert) return null;
    const doc = merge ? applyUpdate({ _id: id }, data).doc : replacement(id, data);
    return { doc, modified: true, upserted: true };
  };
}

export function modifyBody(results: Modified[], id?: unknown): Body {
  const upserted = results.find((r) => r.upserted);
  const updated = results.filter((r) => r.modified && !r.upserted).length;
  return { data: { updated, matched: results.length - (upserted ? 1 : 0), upsert_id: upserted ? id : undefined } };
}

export function isPlainObject(value: unknown): value is Params {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof RegExp);
}
