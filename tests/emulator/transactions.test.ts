import { LocalDatabaseOptions } from '../../scripts/local-cloud/database';
import { failure, openDatabase, Opened, sleep } from './helpers';

const CONFLICT = '[ResourceUnavailable.TransactionConflict]';
const GONE = '[ResourceUnavailable.TransactionNotExist]';

let t: Opened;

async function open(opts?: LocalDatabaseOptions, dbConfig?: Record<string, unknown>): Promise<void> {
  t = openDatabase(opts, dbConfig);
  await t.db.collection('accounts').add({
    data: [
      { _id: 'a', balance: 100 },
      { _id: 'b', balance: 0 },
    ],
  });
}

const balance = (id: string) => t.local.dump('accounts').find((d) => d._id === id)?.balance;
const outside = async (id: string) => (await t.db.collection('accounts').doc(id).get()).data.balance;

describe('isolation', () => {
  beforeEach(() => open());

  test('a transaction reads its own writes; outside reads see the state before commit', async () => {
    const { _ } = t;
    const tx = await t.db.startTransaction();
    await tx.collection('accounts').doc('a').update({ data: { balance: _.inc(-10) } });
    await tx.collection('accounts').doc('b').set({ data: { balance: 10 } });
    await tx.collection('ledger').add({ data: { _id: 'e1', amount: 10 } });
    expect((await tx.collection('accounts').doc('a').get()).data.balance).toBe(90);
    expect((await tx.collection('ledger').doc('e1').get()).data.amount).toBe(10);
    expect(await outside('a')).toBe(100);
    expect(t.local.dump('ledger')).toEqual([]);
    await tx.commit();
    expect([await outside('a'), await outside('b')]).toEqual([90, 10]);
    expect(t.local.dump('ledger')).toEqual([{ _id: 'e1', amount: 10 }]);
  });

  test('a transaction reads the snapshot taken at its start', async () => {
    const tx = await t.db.startTransaction();
    await t.db.collection('accounts').doc('a').update({ data: { balance: 1 } });
    await t.db.collection('accounts').doc('b').remove();
    expect((await tx.collection('accounts').doc('a').get()).data.balance).toBe(100);
    expect((await tx.collection('accounts').doc('b').get()).data.balance).toBe(0);
    await tx.rollback();
  });

  test('set of a missing document inside a transaction upserts it at commit', async () => {
    const tx = await t.db.startTransaction();
    await tx.collection('accounts').doc('c').set({ data: { balance: 3 } });
    expect(balance('c')).toBeUndefined();
    await tx.commit();
    expect(balance('c')).toBe(3);
  });

  test('doc get of a missing document inside a transaction answers data null (SDK: throws unless throwOnNotFound false)', async () => {
    const tx = await t.db.startTransaction();
    const error = await failure(tx.collection('accounts').doc('zzz').get());
    expect(error.errMsg).toContain('does not exist');
    await tx.rollback();
    const lenient = openDatabase(undefined, { throwOnNotFound: false });
    const tx2 = await lenient.db.startTransaction();
    expect((await tx2.collection('accounts').doc('zzz').get()).data).toBeNull();
    await tx2.rollback();
  });

  test('a where-query inside a transaction is refused', async () => {
    const tx = await t.db.startTransaction();
    const error = await failure(tx.collection('accounts').where({ balance: 0 }).get());
    expect(error.errCode).toBe(-501007); // INVALID_PARAM
    await tx.rollback();
  });

  test('after commit the transaction is gone', async () => {
    const tx = await t.db.startTransaction();
    await tx.commit();
    const error = await failure(tx.collection('accounts').doc('a').update({ data: { balance: 1 } }));
    expect(error.errMsg).toContain(GONE);
    expect((await failure(tx.commit())).code).toBe('DATABASE_TRANSACTION_FAIL');
  });
});

describe("conflicts signalled at the write (conflictSignal 'write', the default)", () => {
  beforeEach(() => open({ conflictSignal: 'write' }));

  test('when another open transaction holds the document; the loser is aborted', async () => {
    const { _ } = t;
    const tx1 = await t.db.startTransaction();
    const tx2 = await t.db.startTransaction();
    await tx1.collection('accounts').doc('a').update({ data: { balance: _.inc(-1) } });
    const error = await failure(tx2.collection('accounts').doc('a').update({ data: { balance: _.inc(-2) } }));
    expect(error.errMsg).toContain(CONFLICT);
    expect((await failure(tx2.commit())).code).toBe('DATABASE_TRANSACTION_FAIL');
    await tx2.rollback(); // still fine: the server already aborted it
    await tx1.commit();
    expect(balance('a')).toBe(99);
    expect(t.local.counters.snapshot().accounts.conflicts).toBe(1);
  });

  test('when the document changed outside after the snapshot', async () => {
    const tx = await t.db.startTransaction();
    await t.db.collection('accounts').doc('a').update({ data: { balance: 50 } });
    const error = await failure(tx.collection('accounts').doc('a').update({ data: { balance: 0 } }));
    expect(error.errMsg).toContain(CONFLICT);
    expect(balance('a')).toBe(50);
  });

  test('also for a document that does not exist yet', async () => {
    const tx1 = await t.db.startTransaction();
    const tx2 = await t.db.startTransaction();
    await tx1.collection('ledger').add({ data: { _id: 'r1' } });
    const error = await failure(tx2.collection('ledger').add({ data: { _id: 'r1' } }));
    expect(error.errMsg).toContain(CONFLICT);
    await tx1.commit();
    expect(t.local.dump('ledger')).toEqual([{ _id: 'r1' }]);
  });

  test('wx-server-sdk runTransaction does not retry a write conflict: it rejects', async () => {
    const { _ } = t;
    const holder = await t.db.startTransaction();
    await holder.collection('accounts').doc('a').update({ data: { balance: _.inc(1) } });
    let attempts = 0;
    const error = await failure(
      t.db.runTransaction(async (tx: any) => {
        attempts += 1;
        await tx.collection('accounts').doc('a').update({ data: { balance: _.inc(5) } });
      }),
    );
    expect(error.errMsg).toContain(CONFLICT);
    expect(attempts).toBe(1);
    await holder.commit();
    expect(balance('a')).toBe(101);
  });
});

describe("conflicts signalled at commit (conflictSignal 'commit')", () => {
  beforeEach(() => open({ conflictSignal: 'commit' }));

  test('first committer wins', async () => {
    const tx1 = await t.db.startTransaction();
    const tx2 = await t.db.startTransaction();
    await tx1.collection('accounts').doc('a').update({ data: { balance: 1 } });
    await tx2.collection('accounts').doc('a').update({ data: { balance: 2 } });
    await tx2.commit();
    const error = await failure(tx1.commit());
    expect(error.code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(error.message).toContain(CONFLICT);
    expect(balance('a')).toBe(2);
  });

  test('runTransaction retries a commit conflict, so concurrent increments both land', async () => {
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    const increment = () =>
      t.db.runTransaction(async (tx: any) => {
        const { data } = await tx.collection('accounts').doc('b').get();
        if (++arrived === 2) release();
        await bothRead; // both read balance 0 before either commits
        await tx.collection('accounts').doc('b').update({ data: { balance: data.balance + 1 } });
        return data.balance;
      });
    const results = await Promise.all([increment(), increment()]);
    expect(balance('b')).toBe(2);
    expect(results.sort()).toEqual([0, 1]);
    expect(t.local.counters.transactionTotals()).toMatchObject({ committed: 2, conflicts: 1 });
  });
});

describe('runTransaction', () => {
  beforeEach(() => open());

  test('commits and returns the callback result', async () => {
    const { _ } = t;
    const result = await t.db.runTransaction(async (tx: any) => {
      await tx.collection('accounts').doc('a').update({ data: { balance: _.inc(-40) } });
      await tx.collection('accounts').doc('b').update({ data: { balance: _.inc(40) } });
      return 'moved';
    });
    expect(result).toBe('moved');
    expect([balance('a'), balance('b')]).toEqual([60, 40]);
  });

  test('a throw aborts: nothing is written and the error comes out', async () => {
    const { _ } = t;
    const error = await failure(
      t.db.runTransaction(async (tx: any) => {
        await tx.collection('accounts').doc('a').update({ data: { balance: _.inc(-40) } });
        throw new Error('insufficient');
      }),
    );
    expect(error.message).toBe('insufficient');
    expect(balance('a')).toBe(100);
    expect(t.local.counters.transactionTotals()).toMatchObject({ started: 1, aborted: 1, committed: 0 });
  });

  test('rollback(value) aborts and runTransaction rejects with that value', async () => {
    const { _ } = t;
    const reason = await failure(
      t.db.runTransaction(async (tx: any) => {
        await tx.collection('accounts').doc('a').update({ data: { balance: _.inc(-40) } });
        await tx.rollback({ code: 'NOT_ENOUGH' });
      }),
    );
    expect(reason).toEqual({ code: 'NOT_ENOUGH' });
    expect(balance('a')).toBe(100);
  });
});

describe('timeouts and locks', () => {
  test('a transaction older than transactionTimeoutMs is gone: DATABASE_TRANSACTION_FAIL', async () => {
    await open({ transactionTimeoutMs: 40 });
    const tx = await t.db.startTransaction();
    await tx.collection('accounts').doc('a').update({ data: { balance: 1 } });
    await sleep(70);
    const error = await failure(tx.collection('accounts').doc('a').update({ data: { balance: 2 } }));
    expect(error.errMsg).toContain(GONE);
    expect((await failure(tx.commit())).code).toBe('DATABASE_TRANSACTION_FAIL');
    await t.db.collection('accounts').doc('a').update({ data: { balance: 3 } }); // its lock is released
    expect(balance('a')).toBe(3);
  });

  test('a plain write to a locked document waits for the commit, then applies on top', async () => {
    await open();
    const { _ } = t;
    const tx = await t.db.startTransaction();
    await tx.collection('accounts').doc('a').update({ data: { balance: _.inc(-50) } });
    let settled = false;
    const plain = t.db
      .collection('accounts')
      .doc('a')
      .update({ data: { balance: _.inc(1) } })
      .finally(() => (settled = true));
    await sleep(30);
    expect(settled).toBe(false);
    await tx.commit();
    await plain;
    expect(balance('a')).toBe(51);
  });

  test('a where-update waits too; a write to another document does not', async () => {
    await open();
    const { _ } = t;
    const tx = await t.db.startTransaction();
    await tx.collection('accounts').doc('a').update({ data: { balance: 0 } });
    await t.db.collection('accounts').doc('b').update({ data: { balance: 7 } });
    const plain = t.db.collection('accounts').where({ balance: _.gte(0) }).update({ data: { seen: true } });
    await sleep(10);
    await tx.rollback();
    expect((await plain).stats.updated).toBe(2);
  });

  test('the wait is bounded by lockWaitMs', async () => {
    await open({ lockWaitMs: 30 });
    const tx = await t.db.startTransaction();
    await tx.collection('accounts').doc('a').update({ data: { balance: 0 } });
    const error = await failure(t.db.collection('accounts').doc('a').update({ data: { balance: 1 } }));
    expect(error.errMsg).toContain('[Timeout]');
    await tx.commit();
    expect(balance('a')).toBe(0);
  });
});

describe('the older transaction actions (getInTransaction, updateDocInTransaction, deleteDocInTransaction)', () => {
  beforeEach(() => open());

  test("answer the SDK's legacy Transaction class", async () => {
    const path = require('path');
    const wxDir = path.dirname(require.resolve('wx-server-sdk'));
    const nodeSdkDir = path.dirname(require.resolve('@cloudbase/node-sdk/package.json', { paths: [wxDir] }));
    const dbDir = path.dirname(require.resolve('@cloudbase/database/package.json', { paths: [nodeSdkDir] }));
    const { Transaction } = require(path.join(dbDir, 'dist/commonjs/transaction.js'));
    const sdkDb = t.db._db; // node-sdk's Db behind wx-server-sdk's wrapper
    const ref = (id: string) => sdkDb.collection('accounts').doc(id);

    const tx = new Transaction(sdkDb);
    await tx.init();
    expect((await tx.get(ref('a'))).data()).toEqual({ _id: 'a', balance: 100 });
    expect((await tx.get(ref('zzz'))).data()).toBeNull();
    expect((await tx.update(ref('a'), { balance: 60 })).updated).toBe(1);
    expect((await tx.set(ref('c'), { balance: 40 })).upserted).toEqual([{ _id: 'c' }]);
    expect((await tx.delete(ref('b'))).deleted).toBe(1);
    expect((await tx.get(ref('a'))).data().balance).toBe(60);
    expect(balance('a')).toBe(100);
    await tx.commit();
    expect(t.local.dump('accounts')).toEqual([
      { _id: 'a', balance: 60 },
      { _id: 'c', balance: 40 },
    ]);
  });
});
