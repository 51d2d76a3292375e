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
  if (typeof text !== 'string') return toPlain(text, now);
  return fromJson(JSON.parse(text), now);
}

/** Canonical EJSON, the form the SDK's `EJSON.parse` turns back into numbers and Dates. */
export function encode(value: unknown): string {
  return canonical(value);
}

const encodedDocs = new WeakMap<object, string>();

/**
 * `encode` of a stored document, kept with it: stored documents are never changed in place, and
 * the hot ones (settings, the caller's member and staff records) are read on every call.
 */
export function encodeStored(doc: Doc): string {
  let text = encodedDocs.get(doc);
  if (text === undefined) {
    text = canonical(doc);
    encodedDocs.set(doc, text);
  }
  return text;
}

/** For the journal: a JSON-safe object that keeps Dates and regexps. */
export function toStorable(value: unknown): unknown {
  return JSON.parse(canonical(value));
}

export function fromStorable(value: unknown): unknown {
  return fromJson(value, Date.now());
}

// ---- decoding ----
//
// The same answer as `toPlain(EJSON.parse(text, { relaxed: true }))` (a property test holds the
// two together), without the bson reviver's cost on every value: plain JSON and the common
// wrappers ($numberInt, $numberDouble, $date) are read here, anything rarer goes to bson itself.

/** Wrapper keys bson turns into a value of its own (keysToCodecs in bson's extended_json). */
const CODEC_KEYS = new Set([
  '$oid', '$binary', '$uuid', '$symbol', '$numberInt', '$numberDecimal', '$numberDouble', '$numberLong',
  '$minKey', '$maxKey', '$regex', '$regularExpression', '$timestamp',
]);

function fromJson(value: unknown, now: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = fromJson(value[i], now);
    return out;
  }
  const obj = value as Record<string, unknown>;
  let special = false;
  for (const key in obj) {
    if (key.charCodeAt(0) === 36 /* $ */ || key.includes('\u0000')) {
      special = true;
      break;
    }
  }
  if (!special) {
    const out: Record<string, unknown> = {};
    for (const key in obj) setField(out, key, fromJson(obj[key], now));
    return out;
  }
  return fromSpecial(obj, now);
}

/** An object with a `$` key: an EJSON wrapper, a server date, or a query/update operator object. */
function fromSpecial(obj: Record<string, unknown>, now: number): unknown {
  if (obj.$undefined) return null;
  const keys = Object.keys(obj);
  // bson picks the first `$` key whose (decoded) value is not null and that names a wrapper.
  const wrapper = keys.find((k) => k.charCodeAt(0) === 36 && CODEC_KEYS.has(k) && present(obj[k]));
  const text = wrapper === undefined ? undefined : obj[wrapper];
  if (typeof text === 'string') {
    if (wrapper === '$numberInt') return parseInt(text, 10);
    if (wrapper === '$numberDouble') return parseFloat(text);
    if (wrapper === '$numberLong' && SAFE_LONG.test(text)) return Number(text);
  }
  if (wrapper !== undefined || keys.some((k) => k.includes('\u0000')) || obj.$code != null || obj.$ref != null || obj.$dbPointer != null) {
    return viaBson(obj, now);
  }
  if (present(obj.$date)) {
    const d = fromJson(obj.$date, now);
    if (typeof d === 'string') return new Date(Date.parse(d));
    if (typeof d === 'number') return new Date(d);
    return viaBson(obj, now);
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) setField(out, key, fromJson(obj[key], now));
  if (keys.length === 1 && keys[0] === '$tcb_server_date') {
    const offset = Number((out.$tcb_server_date as { offset?: unknown } | null)?.offset ?? 0);
    return new Date(now + offset);
  }
  return out;
}

/** A $numberLong that Number() reads exactly as bson's Long does (|n| < 2^53). */
const SAFE_LONG = /^-?\d{1,15}$/;

/** Not null once decoded (`{ $undefined: true }` decodes to null). */
function present(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  return !(typeof value === 'object' && !Array.isArray(value) && (value as { $undefined?: unknown }).$undefined);
}

function viaBson(obj: Record<string, unknown>, now: number): unknown {
  return toPlain(EJSON.parse(JSON.stringify(obj), { relaxed: true }), now);
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

function setField(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  else out[key] = value;
}

// ---- encoding ----
//
// The same text as `EJSON.stringify(value, { relaxed: false })` (held together by the same
// property test), written straight to a string instead of through an intermediate object.

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const INT64_LIMIT = 0x8000000000000000;

function canonical(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return canonicalNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return 'null'; // as JSON.stringify writes them in an array (an object leaves them out)
    case 'object':
      break;
    default:
      return EJSON.stringify(value, { relaxed: false });
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonical(value[i]);
    return out + ']';
  }
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object Date]') {
    const time = (value as Date).getTime();
    // bson writes an invalid date's NaN through its Long; leave that to bson.
    if (Number.isNaN(time)) return EJSON.stringify(value, { relaxed: false });
    return `{"$date":{"$numberLong":"${time}"}}`;
  }
  if (tag !== '[object Object]' || (value as { _bsontype?: unknown })._bsontype !== undefined || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return EJSON.stringify(value, { relaxed: false });
  }
  let out = '{';
  let first = true;
  const obj = value as Record<string, unknown>;
  for (const key in obj) {
    const item = obj[key];
    if (typeof item === 'function' || typeof item === 'symbol') continue; // JSON.stringify drops them
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + canonical(item);
    first = false;
  }
  return out + '}';
}

function canonicalNumber(n: number): string {
  if (Math.floor(n) === n) {
    if (n >= INT32_MIN && n <= INT32_MAX) return `{"$numberInt":"${n}"}`;
    if (n >= -INT64_LIMIT && n <= INT64_LIMIT) return `{"$numberLong":"${n}"}`;
  }
  return `{"$numberDouble":"${n}"}`;
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
