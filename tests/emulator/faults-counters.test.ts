import { failure, openDatabase, Opened } from './helpers';

const CONFLICT = '[ResourceUnavailable.TransactionConflict]';

let t: Opened;

beforeEach(async () => {
  t = openDatabase();
  await t.db.collection('accounts').add({ data: { _id: 'a', balance: 10 } });
});

describe('fault injection', () => {
  test('conflictProbability 1 makes every write inside a transaction conflict, and nothing else', async () => {
    t.local.faults.set({ conflictProbability: 1, seed: 7 });
    await t.db.collection('accounts').doc('a').update({ data: { balance: 11 } }); // outside: unaffected
    expect((await t.db.collection('accounts').doc('a').get()).data.balance).toBe(11);
    const error = await failure(
      t.db.runTransaction(async (tx: any) => {
        await tx.collection('accounts').doc('a').get(); // reads do not conflict
        await tx.collection('accounts').doc('a').update({ data: { balance: 0 } });
      }),
    );
    expect(error.errMsg).toContain(CONFLICT);
    expect(t.local.counters.snapshot().accounts.conflicts).toBe(1);
    t.local.faults.clear();
    await t.db.runTransaction(async (tx: any) => tx.collection('accounts').doc('a').update({ data: { balance: 0 } }));
    expect(t.local.dump('accounts')[0].balance).toBe(0);
  });

  test("with conflictSignal 'commit' an injected conflict surfaces at commit", async () => {
    const c = openDatabase({ conflictSignal: 'commit' });
    c.local.faults.set({ conflictProbability: 1 });
    const tx = await c.db.startTransaction();
    await tx.collection('accounts').add({ data: { _id: 'x' } });
    const error = await failure(tx.commit());
    expect(error.code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(c.local.dump('accounts')).toEqual([]);
  });

  test('a seeded conflict probability picks the same writes on every run', async () => {
    const run = async () => {
      const r = openDatabase();
      r.local.faults.set({ conflictProbability: 0.5, seed: 42 });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 12; i++) {
        const tx = await r.db.startTransaction();
        outcomes.push(
          await tx
            .collection('c')
            .add({ data: { i } })
            .then(() => tx.commit().then(() => true))
            .catch(() => false),
        );
      }
      return outcomes;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain(true);
    expect(first).toContain(false);
  });

  test('failNthOperation fails exactly the Nth operation from now, with no effect', async () => {
    t.local.faults.set({ failNthOperation: 2 });
    await t.db.collection('accounts').doc('a').update({ data: { balance: 1 } });
    const error = await failure(t.db.collection('accounts').doc('a').update({ data: { balance: 2 } }));
    expect([-501001, -502001]).toContain(error.errCode); // SYS_ERR or DATABASE_REQUEST_FAILED
    expect(error.errMsg).toContain('Injected fault');
    await t.db.collection('accounts').doc('a').update({ data: { balance: 3 } });
    expect(t.local.dump('accounts')[0].balance).toBe(3);
  });

  test('latencyMs delays every answer', async () => {
    t.local.faults.set({ latencyMs: 25 });
    const started = Date.now();
    await t.db.collection('accounts').doc('a').get();
    expect(Date.now() - started).toBeGreaterThanOrEqual(20);
  });
});

describe('counters', () => {
  test('reads, writes, transactions and conflicts per collection; reset', async () => {
    t.local.counters.reset();
    const { _ } = t;
    await t.db.collection('accounts').doc('a').get();
    await t.db.collection('accounts').where({ balance: _.gt(0) }).count();
    await t.db.collection('accounts').aggregate().match({}).end();
    await t.db.collection('accounts').doc('a').update({ data: { balance: 1 } });
    await t.db.runTransaction(async (tx: any) => {
      await tx.collection('accounts').doc('a').update({ data: { balance: 2 } });
      await tx.collection('ledger').add({ data: { amount: 1 } });
    });
    expect(t.local.counters.snapshot()).toEqual({
      accounts: { reads: 3, writes: 2, transactions: 1, conflicts: 0 },
      ledger: { reads: 0, writes: 1, transactions: 1, conflicts: 0 },
    });
    expect(t.local.counters.transactionTotals()).toEqual({ started: 1, committed: 1, aborted: 0, conflicts: 0 });
    t.local.counters.reset();
    expect(t.local.counters.snapshot()).toEqual({});
  });
});
