import { runSeed } from '../../scripts/sim/simulate';
import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs, startTestCloud } from '../support/cloud';
import { OPERATOR, sdkDb, seedWorld, setClock } from '../support/world';
import { fullScan, rollup, storesOf } from './support';

// After a short randomized simulation (purchases, top-ups, refunds, adjustments, expiry, with
// injected conflicts and failures) the overview's figures equal what a full scan computes. The
// simulation closes its cloud, so its ledger is loaded into a fresh one, the rollup runs there
// in small chunks, and the page's answer is compared with the scan.

const SEED = 11;
const OPS = 80;

let cloud: LocalCloud;
afterEach(async () => {
  setClock(null);
  await cloud?.close();
});

async function load(collection: string, docs: object[]): Promise<void> {
  for (let start = 0; start < docs.length; start += 1000) await sdkDb().collection(collection).add({ data: docs.slice(start, start + 1000) });
}

it(`seed ${SEED}: the overview equals the full scan of the simulated ledger`, async () => {
  const result = await runSeed(SEED, { ops: OPS });
  expect(result.violations).toEqual([]);
  const { dump } = result;
  expect(dump.purchases.length).toBeGreaterThan(0);
  expect(dump.entries.some((e) => e.kind === 'topup')).toBe(true);
  expect(dump.purchases.some((p: { status: string }) => p.status === 'refunded')).toBe(true);

  cloud = await startTestCloud();
  await seedWorld();
  await load('accounts', dump.accounts);
  await load('ledger_entries', dump.entries);
  await load('purchases', dump.purchases);
  // "Today" is the simulation's last day with a purchase, so the per-store figures are not empty.
  const last = (dump.purchases as unknown as { createdAt: Date }[]).map((p) => new Date(p.createdAt).getTime()).reduce((a, b) => Math.max(a, b));
  const now = new Date(last + 60_000);
  setClock(now.toISOString());

  const pass = await rollup({ chunkSize: 7 });
  expect(pass).toMatchObject({ done: true, failed: 0 });
  const answer = await callAs(cloud, OPERATOR, 'admin', 'overview');
  expect(answer.ok).toBe(true);
  const scan = fullScan(cloud, new Date(answer.data.now));
  expect(scan.fromAccounts).toEqual(scan.fromEntries);
  expect({ points: answer.data.ledger.points, wallet: answer.data.ledger.wallet }).toEqual(scan.fromEntries);
  expect(storesOf(answer.data)).toEqual(scan.stores);
  expect(Object.keys(scan.stores).length).toBeGreaterThan(0);
  expect(answer.data.ledger.wallet.principalFen + answer.data.ledger.points.outstanding).toBeGreaterThan(0);
}, 120_000);
