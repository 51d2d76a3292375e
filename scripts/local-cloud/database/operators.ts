// mingo's operators with the few answers where it parts from MongoDB (the service's engine)
// replaced by MongoDB's. Each replacement is registered in the engine's own mingo context, ahead
// of mingo's operator of the same name, so a query, projection, update condition or pipeline
// sees the same operator everywhere. The conformance tests in tests/emulator pin each one.
import * as path from 'path';
import type { Options } from 'mingo/types/core';
import { DbError } from './errors';
import { jsonSchemaValidator } from './json-schema';

// mingo's subpath exports are invisible to moduleResolution "node": required, typed from its .d.ts.
const { Context, initOptions, computeValue } = require('mingo/core') as typeof import('mingo/types/core');
const { resolve, isEqual } = require('mingo/util') as typeof import('mingo/types/util');

type AnyObject = Record<string, unknown>;
type Predicate = (value: unknown) => boolean;

const mingoCjs = path.join(path.dirname(require.resolve('mingo/package.json')), 'cjs');
/** A module of mingo that its package does not export (the very instance mingo itself uses). */
export function mingoInternal(relative: string): any {
  return require(path.join(mingoCjs, relative));
}

const predicates = mingoInternal('operators/_predicates.js');
const { QueryImpl } = mingoInternal('query/_internal.js');
const dates = mingoInternal('operators/expression/date/_internal.js');

/** An error of the kind MongoDB raises while evaluating an expression (code and message). */
function fail(code: number, message: string): never {
  throw new DbError('DATABASE_REQUEST_FAILED', `${message} (code ${code})`);
}

const tagOf = (value: unknown) => Object.prototype.toString.call(value);

/** A BSON embedded document: a plain object (not a Date, RegExp or bson value). */
function isDocument(value: unknown): value is AnyObject {
  return value !== null && typeof value === 'object' && tagOf(value) === '[object Object]' && !(value as { _bsontype?: unknown })._bsontype;
}

// ---- $elemMatch ----

// MongoDB's parser (expression_parser.cpp, parseElemMatch): the criteria apply to the element
// itself when their first field is an operator other than these, which take field names.
const FIELD_FORM_OPERATORS = new Set(['$and', '$or', '$nor', '$where', '$expr', '$jsonSchema', '$text', '$comment', '$alwaysTrue', '$alwaysFalse']);

function isValueForm(criteria: AnyObject): boolean {
  const first = Object.keys(criteria)[0];
  return first !== undefined && first.startsWith('$') && !FIELD_FORM_OPERATORS.has(first);
}

/**
 * Whether one array element satisfies `$elemMatch` criteria. Field criteria (`{ value: … }`)
 * only ever match an element that is a document, as in MongoDB (ElemMatchObjectMatchExpression
 * skips every element that is not an object or array); mingo also tried them on plain values,
 * so `{ value: { $exists: true } }` matched `[1, 2]`. An array element is a document whose
 * fields are its indexes, as in BSON.
 */
function elementMatcher(criteria: AnyObject, options: Options): Predicate {
  if (isValueForm(criteria)) {
    const query = new QueryImpl({ element: criteria }, options);
    return (element) => query.test({ element });
  }
  const query = new QueryImpl(criteria, options);
  return (element) => {
    if (Array.isArray(element)) return query.test({ ...element });
    return isDocument(element) && query.test(element);
  };
}

function elemMatch(values: unknown, criteria: AnyObject, options: Options): boolean {
  if (!Array.isArray(values) || values.length === 0) return false;
  if (!isDocument(criteria)) fail(2, '$elemMatch needs an Object');
  return values.some(elementMatcher(criteria, options));
}

// mingo's $all with MongoDB's $elemMatch for `{ $all: [{ $elemMatch: … }] }`.
function all(values: unknown, queries: unknown, options: Options): boolean {
  if (!Array.isArray(values) || !Array.isArray(queries) || !values.length || !queries.length) return false;
  return queries.every((query) => {
    if (isDocument(query) && '$elemMatch' in query) return elemMatch(values, query.$elemMatch as AnyObject, options);
    if (query instanceof RegExp || tagOf(query) === '[object RegExp]') return values.some((s) => typeof s === 'string' && (query as RegExp).test(s));
    return values.some((v) => isEqual(query, v));
  });
}

const queryOverrides = {
  $elemMatch: (selector: string, value: AnyObject, options: Options) => predicates.processQuery(selector, value, options, elemMatch),
  $all: (selector: string, value: unknown[], options: Options) => predicates.processQuery(selector, value, options, all),
};

// Projection `{ arr: { $elemMatch: … } }`: the first matching element, by the same rule; a
// field that is not an array, or has no match, is left out (mingo threw on a non-array).
const projectionOverrides = {
  $elemMatch: (obj: AnyObject, expr: AnyObject, field: string, options: Options) => {
    const values = resolve(obj, field);
    if (!Array.isArray(values)) return undefined;
    const matches = elementMatcher(expr, options);
    const found = values.find((element) => matches(element));
    return found === undefined ? undefined : [found];
  },
};

// ---- strings ----

/** MongoDB's coerceToString for the string operators: null and missing are "". */
function coerceToString(op: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (tagOf(value) === '[object Date]') return (value as Date).toISOString();
  return fail(16007, `${op}: can't convert from BSON type ${bsonTypeName(value)} to String`);
}

function bsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  if (typeof value === 'boolean') return 'bool';
  if (tagOf(value) === '[object Date]') return 'date';
  if (tagOf(value) === '[object RegExp]') return 'regex';
  return typeof value === 'object' ? 'object' : typeof value;
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');
const isContinuationByte = (byte: number | undefined) => byte !== undefined && (byte & 0xc0) === 0x80;

/**
 * $substrBytes (and $substr, its old name): byte offsets into the UTF-8 string; a negative
 * length takes the rest of the string (mingo refused it); a negative start is refused, and so is
 * a range that would cut a character in two.
 */
function substrBytes(op: string) {
  return (obj: AnyObject, expr: unknown, options: Options) => {
    const args = computeValue(obj, expr, null, options) as unknown[];
    if (!Array.isArray(args) || args.length !== 3) fail(16020, `Expression ${op} takes exactly 3 arguments. ${Array.isArray(args) ? args.length : 1} were passed in.`);
    const [input, start, length] = args;
    const bytes = utf8.encode(coerceToString(op, input));
    if (typeof start !== 'number') fail(16034, `${op}:  starting index must be a numeric type (is BSON type ${bsonTypeName(start)})`);
    if (typeof length !== 'number') fail(16035, `${op}:  length must be a numeric type (is BSON type ${bsonTypeName(length)})`);
    const lower = Math.trunc(start);
    if (lower < 0) fail(50752, `${op}:  starting index must be non-negative (got: ${lower})`);
    const count = Math.trunc(length) < 0 ? bytes.length : Math.trunc(length);
    if (lower < bytes.length && isContinuationByte(bytes[lower])) fail(28656, `${op}:  Invalid range, starting index is a UTF-8 continuation byte.`);
    if (lower + count < bytes.length && isContinuationByte(bytes[lower + count])) fail(28657, `${op}:  Invalid range, ending index is in the middle of a UTF-8 character.`);
    if (lower >= bytes.length) return '';
    return utf8Decoder.decode(bytes.subarray(lower, Math.min(bytes.length, lower + count)));
  };
}

function integral(op: string, what: string, value: unknown, codes: [number, number]): number {
  if (typeof value !== 'number') fail(codes[0], `${op}: ${what} must be a numeric type (is BSON type ${bsonTypeName(value)})`);
  if (!Number.isInteger(value)) fail(codes[1], `${op}: ${what} cannot be represented as a 32-bit integral value: ${value}`);
  return value;
}

/**
 * $substrCP: code points, not UTF-16 units (mingo's $substrCP was its $substr). MongoDB refuses
 * a negative start (34455) and a negative length (34454); unlike $substrBytes it has no
 * "rest of the string" reading for a negative length.
 */
function substrCP(obj: AnyObject, expr: unknown, options: Options): string {
  const args = computeValue(obj, expr, null, options) as unknown[];
  if (!Array.isArray(args) || args.length !== 3) fail(16020, `Expression $substrCP takes exactly 3 arguments. ${Array.isArray(args) ? args.length : 1} were passed in.`);
  const [input, startArg, lengthArg] = args;
  const text = coerceToString('$substrCP', input);
  const start = integral('$substrCP', 'starting index', startArg, [34450, 34451]);
  const length = integral('$substrCP', 'length', lengthArg, [34452, 34453]);
  if (length < 0) fail(34454, '$substrCP: length must be a nonnegative integer.');
  if (start < 0) fail(34455, '$substrCP: the starting index must be nonnegative integer.');
  return Array.from(text).slice(start, start + length).join('');
}

function indexArgument(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    fail(40096, `$indexOfCP requires an integral ${what}, found a value of type: ${bsonTypeName(value)}, with value: ${JSON.stringify(value)}`);
  }
  if (value < 0) fail(40097, `$indexOfCP requires a nonnegative ${what}, found: ${value}`);
  return value;
}

/**
 * $indexOfCP (missing from mingo): the code point index of the first occurrence of a substring,
 * searched from the start index up to (not including) the end index; -1 when absent; null when
 * the string is null or missing.
 */
function indexOfCP(obj: AnyObject, expr: unknown, options: Options): number | null {
  const args = computeValue(obj, expr, null, options) as unknown[];
  if (!Array.isArray(args) || args.length < 2 || args.length > 4) {
    fail(16020, `Expression $indexOfCP takes at least 2 arguments, and at most 4, but ${Array.isArray(args) ? args.length : 1} were passed in.`);
  }
  const [input, token] = args;
  if (input === null || input === undefined) return null;
  if (typeof input !== 'string') fail(40093, `$indexOfCP requires a string as the first argument, found: ${bsonTypeName(input)}`);
  if (typeof token !== 'string') fail(40094, `$indexOfCP requires a string as the second argument, found: ${bsonTypeName(token)}`);
  const points = Array.from(input);
  const start = args.length > 2 ? indexArgument(args[2], 'starting index') : 0;
  const end = args.length > 3 ? Math.min(points.length, indexArgument(args[3], 'ending index')) : points.length;
  if (end < start) return -1;
  if (input === '' && token === '') return 0;
  // UTF-16 offset of each code point, so the match is a plain startsWith at that offset.
  let offset = 0;
  for (let i = 0; i < start; i++) offset += points[i].length;
  for (let i = start; i < end; i++) {
    if (input.startsWith(token, offset)) return i;
    offset += points[i].length;
  }
  return -1;
}

// ---- dates ----

/**
 * $week as MongoDB counts it: weeks start on Sunday, and the days before the year's first
 * Sunday are week 0 (mingo gave 2019-05-14 week 20 and 2019-01-05 week 1).
 */
function week(obj: AnyObject, expr: unknown, options: Options): number {
  const date: Date = dates.computeDate(obj, expr, options);
  const dayOfYear0 = dates.dayOfYear(date) - 1;
  return Math.floor((dayOfYear0 - date.getUTCDay() + 7) / 7);
}

const expressionOverrides = {
  $week: week,
  $indexOfCP: indexOfCP,
  $substrBytes: substrBytes('$substrBytes'),
  $substr: substrBytes('$substr'),
  $substrCP: substrCP,
};

/**
 * The engine's mingo options: one context holding every operator, the replacements first (a
 * context keeps the first operator registered under a name). Built once: mingo's public Query
 * and Aggregator copy their whole context on every construction, which cost more than the
 * queries themselves.
 */
export const MINGO_OPTIONS: Options = initOptions({
  context: Context.init({ query: queryOverrides, projection: projectionOverrides, expression: expressionOverrides } as never)
    .addAccumulatorOps(require('mingo/operators/accumulator'))
    .addExpressionOps(require('mingo/operators/expression'))
    .addPipelineOps(require('mingo/operators/pipeline'))
    .addProjectionOps(require('mingo/operators/projection'))
    .addQueryOps(require('mingo/operators/query'))
    .addWindowOps(require('mingo/operators/window')),
  jsonSchemaValidator,
});
