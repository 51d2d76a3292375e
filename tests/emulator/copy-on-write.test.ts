// Updates copy only the containers on the paths they touch and share the rest with the stored
// document. These properties hold that copy to a full deep copy: the same result, and the stored
// document (an open transaction's snapshot may hold it) never changes.
import fc from 'fast-check';
import { update as mingoUpdate } from 'mingo';
import { applyUpdate } from '../../scripts/local-cloud/database/query';
import { cloneValue } from '../../scripts/local-cloud/database/wire';

type AnyObject = Record<string, any>;

/** What the engine did before: mingo on a deep copy. */
function reference(doc: AnyObject, data: AnyObject): { doc: AnyObject; modified: boolean } {
  const next = cloneValue(doc);
  let modified = false;
  for (const [op, fields] of Object.entries(data)) {
    if (mingoUpdate(next, { [op]: fields } as never, undefined, undefined, { cloneMode: 'deep' } as never).length) modified = true;
  }
  return { doc: next, modified };
}

const scalar = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom('x', 'y'), fc.constant(null), fc.constant(new Date(5)));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, scalar, tie('object'), tie('array')),
  object: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'n', 'x'), tie('value'), { maxKeys: 4 }),
  array: fc.array(tie('value'), { maxLength: 3 }),
}));
const doc = fc.record({
  a: value,
  n: fc.integer({ min: -5, max: 5 }),
  arr: fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.record({ x: fc.integer({ min: 0, max: 3 }), b: value })), { maxLength: 4 }),
  nested: fc.record({ list: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }), deep: fc.record({ k: value }) }),
  when: fc.constant(new Date(1000)),
});

const path = fc.constantFrom('a', 'a.b', 'a.b.c', 'n', 'arr', 'arr.0', 'arr.1.x', 'arr.x', 'nested', 'nested.list', 'nested.list.1', 'nested.deep.k', 'nested.deep.k.n', 'when', 'fresh.path');
const listPath = fc.constantFrom('arr', 'nested.list');
const update = fc.oneof(
  fc.tuple(path, value).map(([p, v]) => ({ $set: { [p]: v } })),
  path.map((p) => ({ $unset: { [p]: '' } })),
  fc.tuple(fc.constantFrom('n', 'arr.1.x', 'nested.deep.k', 'fresh.count'), fc.integer({ min: -3, max: 3 })).map(([p, v]) => ({ $inc: { [p]: v } })),
  fc.tuple(listPath, value).map(([p, v]) => ({ $push: { [p]: v } })),
  fc.tuple(listPath, fc.integer({ min: 0, max: 3 })).map(([p, v]) => ({ $addToSet: { [p]: v } })),
  fc.tuple(listPath, fc.integer({ min: 0, max: 3 })).map(([p, v]) => ({ $pull: { [p]: v } })),
  fc.tuple(fc.constantFrom('n', 'nested.deep.k'), fc.integer({ min: -3, max: 3 })).map(([p, v]) => ({ $max: { [p]: v } })),
  fc.tuple(fc.constantFrom('a', 'nested.deep', 'arr'), fc.constantFrom('moved', 'b2.c2')).map(([from, to]) => ({ $rename: { [from]: to } })),
  fc.tuple(path, path, value).filter(([p, q]) => p !== q && !p.startsWith(`${q}.`) && !q.startsWith(`${p}.`)).map(([p, q, v]) => ({ $set: { [p]: v }, $unset: { [q]: '' } })),
);

test('a copy-on-write update answers what an update of a deep copy answers, and leaves the stored document as it was', () => {
  fc.assert(
    fc.property(doc, update, (generated, data) => {
      // fast-check reuses its values while shrinking: the property works on copies of them.
      const stored = cloneValue(generated);
      const before = cloneValue(generated);
      let ours: unknown;
      let theirs: unknown;
      try {
        ours = applyUpdate(stored as never, data);
      } catch (error) {
        ours = { threw: true };
      }
      try {
        theirs = reference(before, data);
      } catch (error) {
        theirs = { threw: true };
      }
      expect(ours).toEqual(theirs);
      expect(stored).toEqual(before);
    }),
    { numRuns: 3000 },
  );
});

test('the parts an update does not touch are shared, not copied', () => {
  const stored = { _id: 'd', big: { list: [1, 2, 3] }, touched: { n: 1 }, other: [{ a: 1 }] };
  const { doc } = applyUpdate(stored, { $inc: { 'touched.n': 1 } });
  expect(doc).toEqual({ _id: 'd', big: { list: [1, 2, 3] }, touched: { n: 2 }, other: [{ a: 1 }] });
  expect(doc.big).toBe(stored.big);
  expect(doc.other).toBe(stored.other);
  expect(stored.touched).toEqual({ n: 1 });
});
