import { failure, openDatabase, Opened } from './helpers';

const members = [
  { _id: 'm1', name: 'Ann', age: 30, tier: 'gold', tags: ['vip', 'early'], profile: { city: 'Shanghai', score: 90 } },
  { _id: 'm2', name: 'bob', age: 25, tier: 'silver', tags: ['early'], profile: { city: 'Beijing', score: 70 } },
  { _id: 'm3', name: 'Cat', age: 35, tier: 'gold', tags: [], profile: { city: 'Shanghai', score: 50 } },
  { _id: 'm4', name: 'dan', age: 25, profile: { city: 'Shenzhen' } },
];

let t: Opened;

beforeEach(async () => {
  t = openDatabase();
  await t.db.collection('members').add({ data: members });
});

async function ids(query: any): Promise<string[]> {
  const res = await query.get();
  return res.data.map((d: any) => d._id);
}

describe('query operators', () => {
  const where = (cond: any) => ids(t.db.collection('members').where(cond));

  test('eq, neq, gt, gte, lt, lte', async () => {
    const { _ } = t;
    expect(await where({ age: _.eq(25) })).toEqual(['m2', 'm4']);
    expect(await where({ age: 25 })).toEqual(['m2', 'm4']);
    expect(await where({ tier: _.neq('gold') })).toEqual(['m2', 'm4']);
    expect(await where({ age: _.gt(25) })).toEqual(['m1', 'm3']);
    expect(await where({ age: _.gte(30) })).toEqual(['m1', 'm3']);
    expect(await where({ age: _.lt(30) })).toEqual(['m2', 'm4']);
    expect(await where({ age: _.lte(30) })).toEqual(['m1', 'm2', 'm4']);
  });

  test('in, nin, and, or, exists', async () => {
    const { _ } = t;
    expect(await where({ tier: _.in(['gold', 'bronze']) })).toEqual(['m1', 'm3']);
    expect(await where({ tier: _.nin(['gold']) })).toEqual(['m2', 'm4']);
    expect(await where({ age: _.gt(20).and(_.lt(30)) })).toEqual(['m2', 'm4']);
    expect(await where(_.and([{ tier: 'gold' }, { age: _.gt(31) }]))).toEqual(['m3']);
    expect(await where(_.or([{ name: 'Ann' }, { age: 35 }]))).toEqual(['m1', 'm3']);
    expect(await where({ age: _.lt(26).or(_.gt(34)) })).toEqual(['m2', 'm3', 'm4']);
    expect(await where({ tier: _.exists(false) })).toEqual(['m4']);
    expect(await where({ 'profile.score': _.exists(true) })).toEqual(['m1', 'm2', 'm3']);
  });

  test('nested fields by dot path and by nested object', async () => {
    const { _ } = t;
    expect(await where({ 'profile.city': 'Shanghai' })).toEqual(['m1', 'm3']);
    expect(await where({ profile: { city: 'Shanghai', score: _.gt(60) } })).toEqual(['m1']);
    expect(await where({ tags: 'early' })).toEqual(['m1', 'm2']);
    expect(await where({ 'tags.0': 'vip' })).toEqual(['m1']);
  });

  test('RegExp and db.RegExp', async () => {
    expect(await where({ name: /^[a-c]/ })).toEqual(['m2']);
    expect(await where({ name: /^[a-c]/i })).toEqual(['m1', 'm2', 'm3']);
    expect(await where({ name: t.db.RegExp({ regexp: '^d', options: 'i' }) })).toEqual(['m4']);
  });
});

describe('orderBy, skip, limit, field, count', () => {
  test('orderBy on several fields, then skip and limit', async () => {
    const coll = t.db.collection('members');
    expect(await ids(coll.orderBy('age', 'desc'))).toEqual(['m3', 'm1', 'm2', 'm4']);
    expect(await ids(coll.orderBy('age', 'asc').orderBy('name', 'desc'))).toEqual(['m4', 'm2', 'm1', 'm3']);
    expect(await ids(coll.orderBy('profile.score', 'desc').skip(1).limit(2))).toEqual(['m2', 'm3']);
  });

  test('field projects, keeping _id unless excluded', async () => {
    const res = await t.db.collection('members').where({ _id: 'm1' }).field({ name: true, 'profile.city': true }).get();
    expect(res.data).toEqual([{ _id: 'm1', name: 'Ann', profile: { city: 'Shanghai' } }]);
    const doc = await t.db.collection('members').doc('m2').field({ _id: false, age: true }).get();
    expect(doc.data).toEqual({ age: 25 });
  });

  test('count', async () => {
    const { _ } = t;
    expect((await t.db.collection('members').count()).total).toBe(4);
    expect((await t.db.collection('members').where({ age: _.gte(30) }).count()).total).toBe(2);
    expect((await t.db.collection('nothing').count()).total).toBe(0);
  });
});

describe('documents and ids', () => {
  test('doc get of a missing document: wx-server-sdk throws, or answers null with throwOnNotFound false', async () => {
    const error = await failure(t.db.collection('members').doc('nope').get());
    expect(error.errMsg).toContain('document with _id nope does not exist');
    const lenient = openDatabase(undefined, { throwOnNotFound: false });
    expect((await lenient.db.collection('members').doc('nope').get()).data).toBeNull();
  });

  test('a duplicate _id fails with the E11000 marker (errCode -502001)', async () => {
    const error = await failure(t.db.collection('members').add({ data: { _id: 'm1', name: 'again' } }));
    expect(error.errCode).toBe(-502001);
    expect(error.errMsg).toContain('E11000 duplicate key error');
    expect(t.local.dump('members').find((d) => d._id === 'm1').name).toBe('Ann');
  });

  test('_id 5 and "5" are different documents', async () => {
    const coll = t.db.collection('ids');
    await coll.add({ data: { _id: 5, kind: 'number' } });
    await coll.add({ data: { _id: '5', kind: 'string' } });
    expect((await coll.doc(5).get()).data.kind).toBe('number');
    expect((await coll.doc('5').get()).data.kind).toBe('string');
    expect((await coll.where({ _id: 5 }).get()).data).toEqual([{ _id: 5, kind: 'number' }]);
    await coll.doc(5).remove();
    expect(t.local.dump('ids')).toEqual([{ _id: '5', kind: 'string' }]);
  });

  test('add without _id gets a generated 32-hex-digit id', async () => {
    const { _id } = await t.db.collection('fresh').add({ data: { a: 1 } });
    expect(_id).toMatch(/^[0-9a-f]{32}$/);
    expect((await t.db.collection('fresh').doc(_id).get()).data).toEqual({ _id, a: 1 });
  });

  test('serverDate resolves to the server clock, with offset; Dates round-trip', async () => {
    const before = Date.now();
    const { _id } = await t.db.collection('times').add({
      data: { at: t.db.serverDate(), later: t.db.serverDate({ offset: 60_000 }), given: new Date(1_000) },
    });
    const { data } = await t.db.collection('times').doc(_id).get();
    expect(data.at).toBeInstanceOf(Date);
    expect(data.at.getTime()).toBeGreaterThanOrEqual(before);
    expect(data.at.getTime()).toBeLessThanOrEqual(Date.now());
    expect(data.later.getTime() - data.at.getTime()).toBe(60_000);
    expect(data.given).toEqual(new Date(1_000));
    await t.db.collection('times').doc(_id).update({ data: { touched: t.db.serverDate() } });
    expect(t.local.dump('times')[0].touched).toBeInstanceOf(Date);
    const { _ } = t;
    expect(await ids(t.db.collection('times').where({ given: _.lt(t.db.serverDate()) }))).toEqual([_id]);
  });
});

describe('limits', () => {
  test('100 documents without a limit, at most 1000 with one', async () => {
    const many = Array.from({ length: 1100 }, (_x, i) => ({ _id: `d${i}`, i }));
    await t.db.collection('many').add({ data: many });
    expect((await t.db.collection('many').get()).data).toHaveLength(100);
    expect((await t.db.collection('many').limit(5000).get()).data).toHaveLength(1000);
    expect((await t.db.collection('many').count()).total).toBe(1100);
    // The service caps the limit itself too, whatever the client sends.
    const raw = await t.local.send('database.getDocument', { collectionName: 'many', queryType: 'WHERE', limit: 5000 });
    expect(raw.data.list).toHaveLength(1000);
  });
});

describe('collections', () => {
  test('createCollection, and again fails with DATABASE_COLLECTION_ALREADY_EXIST', async () => {
    await t.db.createCollection('coupons');
    expect(t.local.collections()).toContain('coupons');
    const error = await failure(t.db.createCollection('coupons'));
    expect(error.code).toBe('DATABASE_COLLECTION_ALREADY_EXIST');
  });

  test('reading a collection that was never written answers empty', async () => {
    expect((await t.db.collection('never').get()).data).toEqual([]);
  });
});

// Where mingo answered otherwise, the emulator answers as MongoDB (the service's engine) does.
describe('as MongoDB answers', () => {
  beforeEach(async () => {
    await t.db.collection('lists').add({
      data: [
        { _id: 'plain', arr: [1, 2] },
        { _id: 'docs', arr: [{ value: 1 }, { value: 2 }] },
        { _id: 'other', arr: [{ other: 1 }] },
        { _id: 'mixed', arr: [3, { value: 3 }] },
        { _id: 'nested', arr: [[1, 2]] },
      ],
    });
  });
  const lists = (cond: any) => ids(t.db.collection('lists').where(cond));

  test('$elemMatch with field conditions matches only elements that are documents', async () => {
    const { _ } = t;
    expect(await lists({ arr: _.elemMatch({ value: _.exists(true) }) })).toEqual(['docs', 'mixed']);
    // A plain value has no fields: not even a condition that a field is absent holds for it.
    expect(await lists({ arr: _.elemMatch({ value: _.exists(false) }) })).toEqual(['other', 'nested']);
    expect(await lists({ arr: _.elemMatch({ value: _.neq(1) }) })).toEqual(['docs', 'other', 'mixed', 'nested']);
    expect(await lists({ arr: _.elemMatch({ value: 1 }) })).toEqual(['docs']);
    // Conditions on the element itself (value form) still apply to plain values.
    expect(await lists({ arr: _.elemMatch(_.gte(3)) })).toEqual(['mixed']);
    // The same rule inside $all (raw: the SDK cannot serialise a command inside all()) and in a projection.
    expect(await lists({ arr: { $all: [{ $elemMatch: { value: { $exists: true } } }] } })).toEqual(['docs', 'mixed']);
    const res = await t.db.collection('lists').where({ _id: 'mixed' }).field({ arr: { $elemMatch: { value: { $exists: true } } } }).get();
    expect(res.data).toEqual([{ _id: 'mixed', arr: [{ value: 3 }] }]);
  });

  test('$jsonSchema in a where', async () => {
    const { _ } = t;
    const schema = {
      bsonType: 'object',
      required: ['tier', 'age'],
      properties: {
        age: { bsonType: 'int', minimum: 26 },
        tier: { enum: ['gold', 'silver'] },
        tags: { bsonType: 'array', minItems: 1, items: { bsonType: 'string' } },
        profile: { bsonType: 'object', required: ['score'], properties: { city: { type: 'string', pattern: '^Sh' } } },
      },
    };
    expect(await ids(t.db.collection('members').where(_.jsonSchema(schema)))).toEqual(['m1']);
    expect(await ids(t.db.collection('members').where(_.and([_.jsonSchema({ required: ['tier'] }), { age: 25 }])))).toEqual(['m2']);
    expect(await ids(t.db.collection('members').where({ $jsonSchema: { not: { required: ['tier'] } } }))).toEqual(['m4']);
    expect((await t.db.collection('members').where(_.jsonSchema({ properties: { age: { bsonType: 'double' } } })).count()).total).toBe(0);
    // MongoDB refuses what it does not support, such as the JSON type integer.
    const error = await failure(t.db.collection('members').where(_.jsonSchema({ properties: { age: { type: 'integer' } } })).get());
    expect(error.errMsg).toContain("JSON type 'integer' is not currently supported");
  });
});
