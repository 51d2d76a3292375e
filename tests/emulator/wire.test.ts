// The engine reads and writes EJSON with its own codec (bson's reviver and serializer cost more
// than the queries). These properties hold it to bson's own answers, value for value.
import fc from 'fast-check';
import { jsonCopy } from '../../scripts/local-cloud/database';
import { decode, EJSON, encode, fromStorable, toStorable } from '../../scripts/local-cloud/database/wire';

const NOW = Date.UTC(2026, 11, 2);

// The decoder the engine used before: bson's parse, then plain JS values.
function reference(text: string): unknown {
  return toPlain(EJSON.parse(text, { relaxed: true }));
}
function toPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || value instanceof RegExp) return value;
  if (Array.isArray(value)) return value.map(toPlain);
  const bsonType = (value as { _bsontype?: string })._bsontype;
  if (bsonType === 'BSONRegExp') {
    const { pattern, options } = value as unknown as { pattern: string; options: string };
    return new RegExp(pattern, options.replace(/[^imsu]/g, ''));
  }
  if (bsonType === 'Int32' || bsonType === 'Double' || bsonType === 'Long') return Number((value as { valueOf(): unknown }).valueOf());
  if (bsonType) return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === '$tcb_server_date') {
    return new Date(NOW + Number((obj.$tcb_server_date as { offset?: unknown } | null)?.offset ?? 0));
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = toPlain(obj[key]);
  return out;
}

const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('_id', 'a', 'b.c', '0', '10', 'value', '$gt', '$in', '$set'));
const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 2 ** 63, -(2 ** 63), 1e300, 0.1, NaN, Infinity, -Infinity),
  fc.maxSafeInteger(),
);
const date = fc.oneof(fc.date({ min: new Date(-1e13), max: new Date(4e14) }), fc.constant(new Date(NaN)));
// Stored values: what documents hold once decoded.
const { value: stored } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string(),
    number,
    fc.boolean(),
    fc.constant(null),
    date,
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(key, fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 5 }),
}));

// Wire text: EJSON wrappers as the SDK sends them, operators, server dates, and odd cases.
const wrapper = fc.oneof(
  fc.integer().map((n) => ({ $numberInt: String(n) })),
  number.map((n) => ({ $numberDouble: String(n) })),
  fc.oneof(fc.maxSafeInteger(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })).map((n) => ({ $numberLong: String(n) })),
  fc.integer({ min: -1e13, max: 4e14 }).map((n) => ({ $date: { $numberLong: String(n) } })),
  fc.date({ min: new Date(0), max: new Date(2e14) }).map((d) => ({ $date: d.toISOString() })),
  fc.integer({ min: 0, max: 2e12 }).map((n) => ({ $date: n })),
  fc.constantFrom(
    { $regularExpression: { pattern: '^a.b', options: 'imx' } },
    { $oid: '5f1d7a3b9c0e4a2b1c3d4e5f' },
    { $undefined: true },
    { $tcb_server_date: { offset: { $numberInt: '60000' } } },
    { $tcb_server_date: {} },
    { $numberInt: { $undefined: true }, $numberDouble: '1.5' },
    { $date: '2026-12-02T00:00:00Z', other: 1 },
    { $minKey: 1 },
    { $numberDecimal: '1.10' },
  ),
);
const { json: wire } = fc.letrec((tie) => ({
  json: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), wrapper, tie('array'), tie('object')),
  array: fc.array(tie('json'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('json'), { maxKeys: 5 }),
}));

test('encode writes what bson writes (canonical EJSON)', () => {
  fc.assert(
    fc.property(stored, (value) => {
      expect(encode(value)).toBe(EJSON.stringify(value, { relaxed: false }));
      expect(toStorable(value)).toEqual(EJSON.serialize(value, { relaxed: false }));
    }),
    { numRuns: 2000 },
  );
  const withProto = JSON.parse('{"__proto__":{"x":1},"a":[1,undefined]}'.replace('undefined', 'null'));
  expect(encode(withProto)).toBe(EJSON.stringify(withProto, { relaxed: false }));
  expect(encode({ a: undefined, b: [undefined], f: () => 1 })).toBe(EJSON.stringify({ a: undefined, b: [undefined], f: () => 1 }, { relaxed: false }));
});

test('decode reads what bson reads, then plain values', () => {
  fc.assert(
    fc.property(wire, (value) => {
      const text = JSON.stringify(value);
      expect(decode(text, NOW)).toEqual(reference(text));
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(stored, (value) => {
      for (const relaxed of [false, true]) {
        const text = EJSON.stringify(value, { relaxed });
        expect(decode(text, NOW)).toEqual(reference(text));
      }
      expect(fromStorable(toStorable(value))).toEqual(reference(EJSON.stringify(value, { relaxed: false })));
    }),
    { numRuns: 2000 },
  );
  expect(() => decode('{"a\\u0000b":1}', NOW)).toThrow('BSON Document field names cannot contain null bytes');
  const proto = decode('{"__proto__":{"polluted":true}}', NOW) as Record<string, unknown>;
  expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
  expect(Object.keys(proto)).toEqual(['__proto__']);
});

test('jsonCopy answers what a JSON round trip answers', () => {
  fc.assert(
    fc.property(fc.oneof(stored, wire), (value) => {
      const body = { data: value, list: [value, undefined], requestId: 'r' };
      expect(jsonCopy(body)).toEqual(JSON.parse(JSON.stringify(body)));
    }),
    { numRuns: 2000 },
  );
  expect(Object.is(jsonCopy(-0), 0)).toBe(true);
});
