// Values cross the wire as canonical EJSON strings (what @cloudbase/database sends and parses).
// We decode with the very same bson build the SDK uses, so numbers, dates and regexps
// round-trip exactly as they would against the real service.
import { databaseDir, requireFrom } from './sdk-modules';

interface BsonEjson {
  parse(text: string, options?: { relaxed?: boolean }): unknown;
  stringify(value: unknown, options?: { relaxed?: boolean }): string;
  serialize(value: unknown, options?: { relaxed?: boolean }): unknown;
  deserialize(value: unknown, options?: { relaxed?: boolean }): unknown;
}

export const EJSON: BsonEjson = requireFrom(databaseDir(), 'bson').EJSON;

export type Doc = { _id: unknown; [field: string]: unknown };

/** Parses one EJSON string from a request and resolves `db.serverDate()` against `now`. */
export function decode(text: unknown, now: number): unknown {
  if (text === undefined || text === null || text === '') return undefined;
  const parsed = typeof text === 'string' ? EJSON.parse(text, { relaxed: true }) : text;
  return toPlain(parsed, now);
}

/** Canonical EJSON, the form the SDK's `EJSON.parse` turns back into numbers and Dates. */
export function encode(value: unknown): string {
  return EJSON.stringify(value, { relaxed: false });
}

/** For the journal: a JSON-safe object that keeps Dates and regexps. */
export function toStorable(value: unknown): unknown {
  return EJSON.serialize(value, { relaxed: false });
}

export function fromStorable(value: unknown): unknown {
  return toPlain(EJSON.deserialize(value, { relaxed: true }), Date.now());
}

// Turns bson wrapper types into the plain JS values mingo understands.
function toPlain(value: unknown, now: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || value instanceof RegExp) return value;
  if (Array.isArray(value)) return value.map((item) => toPlain(item, now));
  const bsonType = (value as { _bsontype?: string })._bsontype;
  if (bsonType === 'BSONRegExp') {
    const { pattern, options } = value as unknown as { pattern: string; options: string };
    // JS lacks Mongo's x and l flags; i, m, s and u mean the same in both.
    return new RegExp(pattern, options.replace(/[^imsu]/g, ''));
  }
  if (bsonType === 'Int32' || bsonType === 'Double' || bsonType === 'Long') {
    return Number((value as { valueOf(): unknown }).valueOf());
  }
  if (bsonType) return value; // ObjectId, Decimal128, Binary: kept as the SDK would send them back.
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === '$tcb_server_date') {
    const offset = Number((obj.$tcb_server_date as { offset?: unknown } | null)?.offset ?? 0);
    return new Date(now + offset);
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = toPlain(obj[key], now);
  return out;
}

/**
 * Deep copy of a stored value. Not structuredClone: that builds Dates of the main realm, which
 * fail `instanceof Date` under jest's sandbox and in mingo's comparisons there.
 */
export function cloneValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object Date]') return new Date((value as unknown as Date).getTime()) as T;
  if (tag === '[object RegExp]') {
    const re = value as unknown as RegExp;
    return new RegExp(re.source, re.flags) as T;
  }
  if (Array.isArray(value)) return value.map((item) => cloneValue(item)) as T;
  if ((value as { _bsontype?: string })._bsontype) return value; // bson values are immutable
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = cloneValue(item);
  return out as T;
}
