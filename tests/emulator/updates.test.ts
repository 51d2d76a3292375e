import { failure, openDatabase, Opened } from './helpers';

let t: Opened;

beforeEach(async () => {
  t = openDatabase();
  await t.db.collection('accounts').add({
    data: [
      { _id: 'a', balance: 100, tags: ['x', 'y'], nested: { n: 1 }, drop: true },
      { _id: 'b', balance: 5, tags: [] },
      { _id: 'c', balance: 50, tags: ['x'] },
    ],
  });
});

const doc = (id: string) => t.local.dump('accounts').find((d) => d._id === id);

describe('update operators through doc().update', () => {
  test('inc, mul, set, remove', async () => {
    const { _ } = t;
    const res = await t.db.collection('accounts').doc('a').update({
      data: { balance: _.inc(-30), 'nested.n': _.mul(5), nested2: _.set({ deep: 1 }), drop: _.remove() },
    });
    expect(res.stats.updated).toBe(1);
    expect(doc('a')).toEqual({ _id: 'a', balance: 70, tags: ['x', 'y'], nested: { n: 5 }, nested2: { deep: 1 } });
  });

  test('push, pull, addToSet', async () => {
    const { _ } = t;
    await t.db.collection('accounts').doc('a').update({ data: { tags: _.push(['z', 'x']) } });
    expect(doc('a').tags).toEqual(['x', 'y', 'z', 'x']);
    await t.db.collection('accounts').doc('a').update({ data: { tags: _.pull('x') } });
    expect(doc('a').tags).toEqual(['y', 'z']);
    await t.db.collection('accounts').doc('a').update({ data: { tags: _.addToSet('y') } });
    await t.db.collection('accounts').doc('a').update({ data: { tags: _.addToSet('w') } });
    expect(doc('a').tags).toEqual(['y', 'z', 'w']);
    await t.db.collection('accounts').doc('b').update({ data: { tags: _.pull(_.in(['nothing'])) } });
    await t.db.collection('accounts').doc('b').update({ data: { missing: _.pull(1) } }); // MongoDB: a no-op
    expect(doc('b')).toEqual({ _id: 'b', balance: 5, tags: [] });
  });

  test('min and max', async () => {
    const { _ } = t;
    await t.db.collection('accounts').doc('a').update({ data: { balance: _.min(40) } });
    expect(doc('a').balance).toBe(40);
    await t.db.collection('accounts').doc('a').update({ data: { balance: _.min(90) } });
    expect(doc('a').balance).toBe(40);
    await t.db.collection('accounts').doc('a').update({ data: { balance: _.max(60) } });
    expect(doc('a').balance).toBe(60);
  });

  test('plain nested objects are merged field by field', async () => {
    await t.db.collection('accounts').doc('a').update({ data: { nested: { m: 2 } } });
    expect(doc('a').nested).toEqual({ n: 1, m: 2 });
  });

  test('an update that changes nothing reports updated 0; a missing doc reports 0', async () => {
    const same = await t.db.collection('accounts').doc('b').update({ data: { balance: 5 } });
    expect(same.stats.updated).toBe(0);
    const missing = await t.db.collection('accounts').doc('zzz').update({ data: { balance: 1 } });
    expect(missing.stats.updated).toBe(0);
    expect(t.local.dump('accounts')).toHaveLength(3);
  });

  test('a non-numeric $inc is refused as MongoDB refuses it', async () => {
    const { _ } = t;
    const error = await failure(t.db.collection('accounts').doc('a').update({ data: { balance: _.inc('1') } }));
    expect(error.errMsg).toContain('non-numeric');
    expect(doc('a').balance).toBe(100);
  });
});

describe('where().update and remove', () => {
  test('update by condition touches every match; stats.updated counts changed docs', async () => {
    const { _ } = t;
    const res = await t.db.collection('accounts').where({ balance: _.gte(50) }).update({ data: { rich: true } });
    expect(res.stats.updated).toBe(2);
    expect(t.local.dump('accounts').filter((d) => d.rich).map((d) => d._id)).toEqual(['a', 'c']);
  });

  test('conditional update by version, the optimistic-lock idiom', async () => {
    const coll = t.db.collection('accounts');
    const first = await coll.where({ _id: 'b', balance: 5 }).update({ data: { balance: 6 } });
    const second = await coll.where({ _id: 'b', balance: 5 }).update({ data: { balance: 7 } });
    expect([first.stats.updated, second.stats.updated]).toEqual([1, 0]);
    expect(doc('b').balance).toBe(6);
  });

  test('remove by doc and by condition', async () => {
    const { _ } = t;
    expect((await t.db.collection('accounts').doc('b').remove()).stats.removed).toBe(1);
    expect((await t.db.collection('accounts').doc('b').remove()).stats.removed).toBe(0);
    expect((await t.db.collection('accounts').where({ balance: _.gt(0) }).remove()).stats.removed).toBe(2);
    expect(t.local.dump('accounts')).toEqual([]);
  });
});

describe('set', () => {
  test('set replaces an existing document', async () => {
    const res = await t.db.collection('accounts').doc('a').set({ data: { balance: 1 } });
    expect(res.stats).toEqual({ updated: 1, created: 0 });
    expect(doc('a')).toEqual({ _id: 'a', balance: 1 });
  });

  test('set of a missing document upserts it', async () => {
    const res = await t.db.collection('accounts').doc('new').set({ data: { balance: 9 } });
    expect(res).toMatchObject({ _id: 'new', stats: { updated: 0, created: 1 } });
    expect(doc('new')).toEqual({ _id: 'new', balance: 9 });
  });
});
