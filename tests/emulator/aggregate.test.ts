import { openDatabase, Opened } from './helpers';

let t: Opened;

beforeEach(async () => {
  t = openDatabase();
  await t.db.collection('entries').add({
    data: [
      { _id: 'e1', member: 'm1', asset: 'points', amount: 100 },
      { _id: 'e2', member: 'm1', asset: 'points', amount: -30 },
      { _id: 'e3', member: 'm2', asset: 'points', amount: 50 },
      { _id: 'e4', member: 'm2', asset: 'growth', amount: 7 },
      { _id: 'e5', member: 'm3', asset: 'points', amount: 10 },
    ],
  });
  await t.db.collection('members').add({
    data: [
      { _id: 'm1', name: 'Ann' },
      { _id: 'm2', name: 'Bob' },
    ],
  });
});

test('match, group, sort, project, limit', async () => {
  const { _ } = t;
  const $ = _.aggregate;
  const res = await t.db
    .collection('entries')
    .aggregate()
    .match({ asset: 'points', amount: _.gt(-100) })
    .group({ _id: '$member', balance: $.sum('$amount'), n: $.sum(1) })
    .sort({ balance: -1 })
    .project({ _id: 0, member: '$_id', balance: 1, n: 1 })
    .limit(2)
    .end();
  expect(res.list).toEqual([
    { member: 'm1', balance: 70, n: 2 },
    { member: 'm2', balance: 50, n: 1 },
  ]);
});

test('lookup joins another collection', async () => {
  const res = await t.db
    .collection('members')
    .aggregate()
    .lookup({ from: 'entries', localField: '_id', foreignField: 'member', as: 'entries' })
    .project({ name: 1, count: t._.aggregate.size('$entries') })
    .sort({ _id: 1 })
    .end();
  expect(res.list).toEqual([
    { _id: 'm1', name: 'Ann', count: 2 },
    { _id: 'm2', name: 'Bob', count: 2 },
  ]);
});

test('without a limit stage an aggregation answers at most 20 results (emulator guess)', async () => {
  await t.db.collection('bulk').add({ data: Array.from({ length: 30 }, (_x, i) => ({ i })) });
  expect((await t.db.collection('bulk').aggregate().match({}).end()).list).toHaveLength(20);
  expect((await t.db.collection('bulk').aggregate().match({}).limit(30).end()).list).toHaveLength(30);
});
