// Indexes only choose which documents mingo tests: a query answers exactly what a scan of the
// whole collection answers, in the same (natural) order, however the documents changed.
import fc from 'fast-check';
import { find } from '../../scripts/local-cloud/database/query';
import { Store } from '../../scripts/local-cloud/database/store';
import { openDatabase } from './helpers';

const INDEXED = { things: ['kind', 'at', 'n'] };

const scalar = fc.oneof(
  fc.constantFrom('a', 'b', 'c'),
  fc.constantFrom('d1', 'd10', 'd5', 'e', ''), // around the ids, for ranges on _id and on strings
  fc.integer({ min: 0, max: 4 }),
  fc.constantFrom(0.5, -0, NaN),
  fc.constant(true),
  fc.constant(null),
  fc.integer({ min: 0, max: 4 }).map((n) => new Date(n * 1000)),
);
const fieldValue = fc.oneof(scalar, scalar, fc.array(scalar, { maxLength: 3 }), fc.record({ kind: scalar }), fc.constant(undefined));
const docArb = fc.record({ id: fc.integer({ min: 0, max: 12 }), kind: fieldValue, at: fieldValue, n: fieldValue, other: scalar });
const change = fc.oneof(docArb.map((doc) => ({ put: doc })), fc.integer({ min: 0, max: 12 }).map((id) => ({ remove: id })));

const field = fc.constantFrom('kind', 'at', 'n', 'other', '_id');
const condition = fc.oneof(
  scalar,
  scalar.map((v) => ({ $eq: v })),
  fc.array(scalar, { minLength: 1, maxLength: 3 }).map((vs) => ({ $in: vs })),
  fc.tuple(fc.constantFrom('$gt', '$gte', '$lt', '$lte'), scalar).map(([op, v]) => ({ [op]: v })),
  fc.tuple(scalar, scalar).map(([lo, hi]) => ({ $gte: lo, $lt: hi })),
  scalar.map((v) => ({ $ne: v })),
  fc.record({ kind: scalar }),
);
const clause = fc.tuple(field, condition).map(([f, c]) => ({ [f]: f === '_id' && typeof c !== 'object' ? `d${String(c)}` : c }));
const query = fc.oneof(
  clause,
  fc.tuple(clause, clause).map(([a, b]) => ({ ...a, ...b })),
  fc.array(clause, { minLength: 1, maxLength: 3 }).map((clauses) => ({ $and: clauses })),
  fc.array(clause, { minLength: 1, maxLength: 2 }).map((clauses) => ({ $or: clauses })),
  fc.integer({ min: 0, max: 12 }).map((i) => ({ _id: { $in: [`d${i}`, `d${i + 1}`, 5] } })),
);

test('an indexed query answers what a full scan answers, in natural order', () => {
  const step = fc.oneof(change, query.map((q) => ({ query: q })));
  fc.assert(
    fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
      const store = new Store(INDEXED);
      for (const s of steps) {
        if ('query' in s) {
          const viaIndex = find(store.candidates('things', s.query), s.query).map((d) => d._id);
          const scanned = find(store.docs('things'), s.query).map((d) => d._id);
          expect(viaIndex).toEqual(scanned);
        } else if ('put' in s) {
          const { id, ...fields } = s.put;
          const doc: Record<string, unknown> = { _id: `d${id}` };
          for (const [k, v] of Object.entries(fields)) if (v !== undefined) doc[k] = v;
          store.apply([{ coll: 'things', id: doc._id, doc: doc as never }], []);
        } else store.apply([{ coll: 'things', id: `d${s.remove}`, doc: null }], []);
      }
    }),
    { numRuns: 1500 },
  );
});

test('through the SDK: equality and ranges on indexed fields follow inserts, updates and removes', async () => {
  const t = openDatabase({ indexes: { orders: ['memberId', 'status', 'createdAt'] } });
  const { _ } = t;
  const orders = t.db.collection('orders');
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 0, minute));
  await orders.add({
    data: [
      { _id: 'o1', memberId: 'm1', status: 'paid', createdAt: at(1) },
      { _id: 'o2', memberId: 'm2', status: 'pending', createdAt: at(2) },
      { _id: 'o3', memberId: 'm1', status: 'pending', createdAt: at(3) },
      { _id: 'o4', memberId: ['m1', 'm2'], status: 'pending', createdAt: at(4) },
    ],
  });
  const ids = async (q: any) => (await orders.where(q).get()).data.map((d: any) => d._id);
  expect(await ids({ memberId: 'm1' })).toEqual(['o1', 'o3', 'o4']);
  expect(await ids({ memberId: 'm1', status: 'pending', createdAt: _.gt(at(1)) })).toEqual(['o3', 'o4']);
  await orders.doc('o1').update({ data: { status: 'pending', memberId: 'm3' } });
  await orders.doc('o3').remove();
  await orders.add({ data: { _id: 'o3', memberId: 'm1', status: 'pending', createdAt: at(0) } });
  expect(await ids({ memberId: 'm1' })).toEqual(['o4', 'o3']);
  expect(await ids({ status: 'pending', createdAt: _.lte(at(2)) })).toEqual(['o1', 'o2', 'o3']);
  expect(await ids({ memberId: _.in(['m3', 'm2']) })).toEqual(['o1', 'o2', 'o4']);
  expect((await orders.where({ memberId: 'm1' }).count()).total).toBe(2);
  await orders.where({ status: 'pending', memberId: 'm2' }).update({ data: { status: 'paid' } });
  expect(await ids({ status: 'paid' })).toEqual(['o2', 'o4']);
  await orders.where({ memberId: 'm3' }).remove();
  expect(await ids({ status: 'pending' })).toEqual(['o3']);
});

test('a page in _id order from a cursor answers what sorting the whole collection answers', async () => {
  const ids = fc.uniqueArray(fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('a', 'B', 'b', 'é', 'Z', '中', '\u{1F600}', 'ab', 'a0')), { minLength: 1, maxLength: 30 });
  await fc.assert(
    fc.asyncProperty(ids, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 8 }), fc.boolean(), fc.integer({ min: 0, max: 29 }), async (idList, skip, limit, descending, at) => {
      const t = openDatabase();
      const { _ } = t;
      const things = t.db.collection('things');
      await things.add({ data: idList.map((id, i) => ({ _id: id, odd: i % 2 === 1 })) });
      const cursor = idList[at % idList.length];
      const direction = descending ? 'desc' : 'asc';
      const query = { _id: descending ? _.lt(cursor) : _.gt(cursor), odd: true };
      const viaIndex = (await things.where(query).orderBy('_id', direction).skip(skip).limit(limit).get()).data.map((d: { _id: string }) => d._id);
      // The same query answered by sorting every document (a second sort key turns the shortcut off).
      const sorted = (await things.where(query).orderBy('_id', direction).orderBy('odd', 'asc').skip(skip).limit(limit).get()).data.map((d: { _id: string }) => d._id);
      expect(viaIndex).toEqual(sorted);
    }),
    { numRuns: 150 },
  );
});
