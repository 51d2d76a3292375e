// $jsonSchema as MongoDB reads it (JSON Schema draft 4 with `bsonType`, without $ref, $schema,
// default, definitions, format and id). mingo leaves the validator to its user; this is it.
// A schema is checked and compiled once per query; an invalid one is refused as MongoDB refuses it.
import { DbError } from './errors';

type AnyObject = Record<string, unknown>;
type Check = (value: unknown) => boolean;

const { isEqual } = require('mingo/util') as typeof import('mingo/types/util');

const tagOf = (value: unknown) => Object.prototype.toString.call(value);
const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const INT64_LIMIT = 2 ** 63;

/**
 * The BSON type a value is stored as. JavaScript has one number type: an integer is an int where
 * it fits 32 bits and a long where it fits 64 (how the SDK's EJSON sends it), anything else a double.
 */
export function bsonType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      if (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) return 'int';
      if (Number.isInteger(value) && value >= -INT64_LIMIT && value <= INT64_LIMIT) return 'long';
      return 'double';
  }
  if (Array.isArray(value)) return 'array';
  const tag = tagOf(value);
  if (tag === '[object Date]') return 'date';
  if (tag === '[object RegExp]') return 'regex';
  const bson = (value as { _bsontype?: string })._bsontype;
  if (bson) return BSON_CLASSES[bson] ?? bson.toLowerCase();
  return 'object';
}

const BSON_CLASSES: Record<string, string> = {
  ObjectId: 'objectId',
  ObjectID: 'objectId',
  Decimal128: 'decimal',
  Long: 'long',
  Int32: 'int',
  Double: 'double',
  Binary: 'binData',
  Timestamp: 'timestamp',
  MinKey: 'minKey',
  MaxKey: 'maxKey',
  BSONRegExp: 'regex',
  Code: 'javascript',
  BSONSymbol: 'symbol',
  Symbol: 'symbol',
  DBRef: 'object',
};

const BSON_TYPES = new Set([
  'double', 'string', 'object', 'array', 'binData', 'undefined', 'objectId', 'bool', 'date', 'null', 'regex', 'dbPointer',
  'javascript', 'symbol', 'javascriptWithScope', 'int', 'timestamp', 'long', 'decimal', 'minKey', 'maxKey', 'number',
]);
const NUMERIC = new Set(['int', 'long', 'double', 'decimal']);
const JSON_TYPES = new Set(['object', 'array', 'number', 'boolean', 'string', 'null']);
const UNSUPPORTED = new Set(['$ref', '$schema', 'default', 'definitions', 'format', 'id']);
const KNOWN = new Set([
  'type', 'bsonType', 'enum', 'allOf', 'anyOf', 'oneOf', 'not', 'title', 'description',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minLength', 'maxLength', 'pattern',
  'properties', 'required', 'minProperties', 'maxProperties', 'patternProperties', 'additionalProperties', 'dependencies',
  'items', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems',
]);

function invalid(message: string): never {
  throw new DbError('DATABASE_REQUEST_FAILED', `$jsonSchema: ${message}`);
}

function isObject(value: unknown): value is AnyObject {
  return value !== null && typeof value === 'object' && tagOf(value) === '[object Object]' && !(value as { _bsontype?: unknown })._bsontype;
}

const isNumber = (value: unknown): value is number => typeof value === 'number';
const isDocument = (value: unknown): value is AnyObject => bsonType(value) === 'object';

function typeNames(keyword: string, value: unknown, allowed: Set<string>): string[] {
  const names = Array.isArray(value) ? value : [value];
  if (!names.length) invalid(`${keyword} must name at least one type`);
  for (const name of names) {
    if (typeof name !== 'string') invalid(`${keyword} must be a string or an array of strings`);
    if (keyword === 'type' && name === 'integer') invalid("JSON type 'integer' is not currently supported");
    if (!allowed.has(name)) invalid(`Unknown type name alias: ${name}`);
  }
  if (new Set(names).size !== names.length) invalid(`${keyword} has duplicate values`);
  return names as string[];
}

function jsonTypeOf(value: unknown): string {
  const type = bsonType(value);
  if (NUMERIC.has(type)) return 'number';
  if (type === 'bool') return 'boolean';
  return type;
}

function nonNegativeInteger(keyword: string, value: unknown): number {
  if (!isNumber(value) || !Number.isInteger(value) || value < 0) invalid(`${keyword} must be a non-negative integer`);
  return value;
}

function schemaArray(keyword: string, value: unknown): AnyObject[] {
  if (!Array.isArray(value) || !value.length) invalid(`${keyword} must be a non-empty array`);
  for (const item of value) if (!isObject(item)) invalid(`${keyword} must contain only objects`);
  return value as AnyObject[];
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/** Compiles one (sub)schema into a check of a value; every keyword must hold. */
function compile(schema: unknown): Check {
  if (!isObject(schema)) invalid('the schema must be an object');
  const checks: Check[] = [];
  for (const keyword of Object.keys(schema)) {
    if (UNSUPPORTED.has(keyword)) invalid(`keyword '${keyword}' is not currently supported`);
    if (!KNOWN.has(keyword)) invalid(`Unknown $jsonSchema keyword: ${keyword}`);
  }
  if ('type' in schema && 'bsonType' in schema) invalid("Cannot specify both $jsonSchema keywords 'type' and 'bsonType'");
  const s = schema;

  if ('type' in s) {
    const names = new Set(typeNames('type', s.type, JSON_TYPES));
    checks.push((v) => names.has(jsonTypeOf(v)));
  }
  if ('bsonType' in s) {
    const names = new Set(typeNames('bsonType', s.bsonType, BSON_TYPES));
    checks.push((v) => {
      const type = bsonType(v);
      return names.has(type) || (names.has('number') && NUMERIC.has(type));
    });
  }
  if ('enum' in s) {
    const values = s.enum;
    if (!Array.isArray(values) || !values.length) invalid('enum must be a non-empty array');
    checks.push((v) => values.some((allowed) => isEqual(allowed, v)));
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (!(keyword in s)) continue;
    const subs = schemaArray(keyword, s[keyword]).map(compile);
    if (keyword === 'allOf') checks.push((v) => subs.every((sub) => sub(v)));
    if (keyword === 'anyOf') checks.push((v) => subs.some((sub) => sub(v)));
    if (keyword === 'oneOf') checks.push((v) => subs.filter((sub) => sub(v)).length === 1);
  }
  if ('not' in s) {
    const sub = compile(s.not);
    checks.push((v) => !sub(v));
  }

  // Numbers: these keywords say nothing about a value of another type.
  for (const [keyword, flag, holds] of [
    ['minimum', 'exclusiveMinimum', (v: number, limit: number, exclusive: boolean) => (exclusive ? v > limit : v >= limit)],
    ['maximum', 'exclusiveMaximum', (v: number, limit: number, exclusive: boolean) => (exclusive ? v < limit : v <= limit)],
  ] as const) {
    if (flag in s && typeof s[flag] !== 'boolean') invalid(`${flag} must be a boolean`);
    if (flag in s && !(keyword in s)) invalid(`${flag} requires ${keyword}`);
    if (!(keyword in s)) continue;
    const limit = s[keyword];
    if (!isNumber(limit)) invalid(`${keyword} must be a number`);
    const exclusive = s[flag] === true;
    checks.push((v) => !isNumber(v) || holds(v, limit, exclusive));
  }
  if ('multipleOf' in s) {
    const divisor = s.multipleOf;
    if (!isNumber(divisor) || !(divisor > 0)) invalid('multipleOf must be a positive number');
    checks.push((v) => !isNumber(v) || v % divisor === 0);
  }

  // Strings.
  if ('minLength' in s) {
    const n = nonNegativeInteger('minLength', s.minLength);
    checks.push((v) => typeof v !== 'string' || codePoints(v) >= n);
  }
  if ('maxLength' in s) {
    const n = nonNegativeInteger('maxLength', s.maxLength);
    checks.push((v) => typeof v !== 'string' || codePoints(v) <= n);
  }
  if ('pattern' in s) {
    if (typeof s.pattern !== 'string') invalid('pattern must be a string');
    const re = new RegExp(s.pattern, 'u');
    checks.push((v) => typeof v !== 'string' || re.test(v));
  }

  // Embedded documents.
  if ('required' in s) {
    const names = s.required;
    if (!Array.isArray(names) || !names.length || names.some((n) => typeof n !== 'string')) invalid('required must be a non-empty array of strings');
    if (new Set(names).size !== names.length) invalid('required array must not contain duplicate values');
    checks.push((v) => !isDocument(v) || names.every((name: string) => v[name] !== undefined && Object.prototype.hasOwnProperty.call(v, name)));
  }
  const properties = new Map<string, Check>();
  if ('properties' in s) {
    if (!isObject(s.properties)) invalid('properties must be an object');
    for (const [name, sub] of Object.entries(s.properties)) properties.set(name, compile(sub));
    checks.push((v) => !isDocument(v) || [...properties].every(([name, check]) => v[name] === undefined || check(v[name])));
  }
  const patterns: [RegExp, Check][] = [];
  if ('patternProperties' in s) {
    if (!isObject(s.patternProperties)) invalid('patternProperties must be an object');
    for (const [pattern, sub] of Object.entries(s.patternProperties)) patterns.push([new RegExp(pattern, 'u'), compile(sub)]);
    checks.push((v) => !isDocument(v) || patterns.every(([re, check]) => Object.keys(v).every((name) => !re.test(name) || v[name] === undefined || check(v[name]))));
  }
  if ('additionalProperties' in s) {
    const extra = s.additionalProperties;
    if (typeof extra !== 'boolean' && !isObject(extra)) invalid('additionalProperties must be a boolean or an object');
    const check: Check = typeof extra === 'boolean' ? () => extra : compile(extra);
    checks.push(
      (v) =>
        !isDocument(v) ||
        Object.keys(v).every((name) => v[name] === undefined || properties.has(name) || patterns.some(([re]) => re.test(name)) || check(v[name])),
    );
  }
  if ('minProperties' in s) {
    const n = nonNegativeInteger('minProperties', s.minProperties);
    checks.push((v) => !isDocument(v) || Object.keys(v).length >= n);
  }
  if ('maxProperties' in s) {
    const n = nonNegativeInteger('maxProperties', s.maxProperties);
    checks.push((v) => !isDocument(v) || Object.keys(v).length <= n);
  }
  if ('dependencies' in s) {
    if (!isObject(s.dependencies)) invalid('dependencies must be an object');
    for (const [name, dependency] of Object.entries(s.dependencies)) {
      let check: Check;
      if (Array.isArray(dependency)) {
        if (!dependency.length || dependency.some((d) => typeof d !== 'string')) invalid(`property dependencies of '${name}' must be a non-empty array of strings`);
        check = (v) => dependency.every((d: string) => (v as AnyObject)[d] !== undefined);
      } else check = compile(dependency);
      checks.push((v) => !isDocument(v) || v[name] === undefined || check(v));
    }
  }

  // Arrays.
  if ('items' in s) {
    if (Array.isArray(s.items)) {
      const positional = schemaArray('items', s.items).map(compile);
      checks.push((v) => !Array.isArray(v) || positional.every((check, i) => i >= v.length || check(v[i])));
      if ('additionalItems' in s) {
        const extra = s.additionalItems;
        if (typeof extra !== 'boolean' && !isObject(extra)) invalid('additionalItems must be a boolean or an object');
        const check: Check = typeof extra === 'boolean' ? () => extra : compile(extra);
        checks.push((v) => !Array.isArray(v) || v.slice(positional.length).every((item) => check(item)));
      }
    } else {
      const check = compile(s.items);
      checks.push((v) => !Array.isArray(v) || v.every((item) => check(item)));
    }
  } else if ('additionalItems' in s && typeof s.additionalItems !== 'boolean' && !isObject(s.additionalItems)) {
    invalid('additionalItems must be a boolean or an object');
  }
  if ('minItems' in s) {
    const n = nonNegativeInteger('minItems', s.minItems);
    checks.push((v) => !Array.isArray(v) || v.length >= n);
  }
  if ('maxItems' in s) {
    const n = nonNegativeInteger('maxItems', s.maxItems);
    checks.push((v) => !Array.isArray(v) || v.length <= n);
  }
  if ('uniqueItems' in s) {
    if (typeof s.uniqueItems !== 'boolean') invalid('uniqueItems must be a boolean');
    if (s.uniqueItems) checks.push((v) => !Array.isArray(v) || v.every((item, i) => v.findIndex((other) => isEqual(other, item)) === i));
  }
  for (const keyword of ['title', 'description']) {
    if (keyword in s && typeof s[keyword] !== 'string') invalid(`${keyword} must be a string`);
  }
  return (value) => checks.every((check) => check(value));
}

/** mingo's `jsonSchemaValidator` option: a schema in, a document predicate out. */
export function jsonSchemaValidator(schema: AnyObject): (doc: AnyObject) => boolean {
  return compile(schema);
}
