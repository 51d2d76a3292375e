import { failure, openDatabase, Opened } from './helpers';

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

// Where mingo answered otherwise, the emulator answers as MongoDB (the service's engine) does.
describe('as MongoDB answers', () => {
  async function evaluate(expressions: Record<string, unknown>): Promise<any> {
    const res = await t.db.collection('members').aggregate().match({ _id: 'm1' }).project({ _id: 0, ...expressions }).end();
    return res.list[0];
  }

  test('$week counts Sunday-based weeks, week 0 before the first Sunday', async () => {
    const $ = t._.aggregate;
    expect(
      await evaluate({
        may14: $.week(new Date('2019-05-14T00:00:00Z')),
        jan5: $.week(new Date('2019-01-05T00:00:00Z')),
        jan6: $.week(new Date('2019-01-06T00:00:00Z')),
        newYear2017: $.week(new Date('2017-01-01T00:00:00Z')),
        lastDay: $.week(new Date('2019-12-31T23:59:59Z')),
        inShanghai: $.week({ date: new Date('2019-01-05T20:00:00Z'), timezone: '+08:00' }),
      }),
    ).toEqual({ may14: 19, jan5: 0, jan6: 1, newYear2017: 1, lastDay: 52, inShanghai: 1 });
  });

  test('$indexOfCP counts code points', async () => {
    const $ = t._.aggregate;
    expect(
      await evaluate({
        first: $.indexOfCP(['cafétéria', 'é']),
        from: $.indexOfCP(['cafétéria', 'é', 4]),
        within: $.indexOfCP(['cafétéria', 'é', 6, 9]),
        missing: $.indexOfCP(['cafétéria', 'x']),
        astral: $.indexOfCP(['😀a😀b', 'b']),
        nullString: $.indexOfCP([null, 'a']),
        field: $.indexOfCP(['$name', 'n']),
      }),
    ).toEqual({ first: 3, from: 5, within: -1, missing: -1, astral: 3, nullString: null, field: 1 });
  });

  test('$substrBytes with a negative length takes the rest of the string; $substrCP refuses it, as MongoDB does', async () => {
    const $ = t._.aggregate;
    expect(
      await evaluate({
        rest: $.substrBytes(['abcdef', 2, -1]),
        restUtf8: $.substrBytes(['cafétéria', 3, -5]),
        some: $.substrBytes(['cafétéria', 3, 2]),
        cp: $.substrCP(['cafétéria', 5, 4]),
        cpAstral: $.substrCP(['😀a😀b', 2, 2]),
      }),
    ).toEqual({ rest: 'cdef', restUtf8: 'étéria', some: 'é', cp: 'éria', cpAstral: '😀b' });
    // A negative code point count is an error in MongoDB (34454), not the rest of the string.
    const negativeCP = await failure(evaluate({ x: $.substrCP(['abcdef', 2, -1]) }));
    expect(negativeCP.errMsg).toContain('$substrCP: length must be a nonnegative integer.');
    // A byte range that splits a character is refused (28656 / 28657).
    const split = await failure(evaluate({ x: $.substrBytes(['cafétéria', 4, 1]) }));
    expect(split.errMsg).toContain('continuation byte');
  });
});
