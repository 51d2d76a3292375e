import { newAccounts } from '../../cloudfunctions/core/ledger/accounts';
import { overview } from '../../cloudfunctions/core/overview/figures';
import { ROLLUP_CHUNK, runOverviewRollup } from '../../cloudfunctions/core/overview/rollup';
import { getDb } from '../../cloudfunctions/core/platform/cloud';
import { serverNow } from '../../cloudfunctions/core/platform/time';
import { runInTransaction } from '../../cloudfunctions/core/platform/transaction';
import type { HandlerContext } from '../../cloudfunctions/core/router/context';
import { seedWorld, setClock } from '../../tests/support/world';
import { startLocalCloud } from '../local-cloud';
import { type Cost, measure } from './measure';

// The overview rollup over many members: four accounts each (points, growth, principal, bonus),
// bulk-inserted as scripts/bench/expiry.ts does, then one whole pass of the job (called directly,
// with a deadline far away; a cron tick would stop after TICK_BUDGET_MS and the next continue
// from the saved cursor), then the page's own call. `npx tsx scripts/bench/overview.ts
// [members]` prints JSON; `npm run bench` includes it.

const NOW = '2026-05-06T04:00:00Z';
const INSERT_BATCH = 1000;

export interface OverviewRun {
  members: number;
  accounts: number;
  chunks: number;
  rollup: Cost;
  /** The admin `overview` action's own reads once the pass is published. */
  page: Cost;
  insertMs: number;
}

function context(): HandlerContext {
  const db = getDb();
  return { fn: 'cron', action: 'tick', openid: '@timer', roles: { operator: { role: 'owner', storeIds: [] } }, now: serverNow(), db, transaction: (work) => runInTransaction(db, work) };
}

async function insertMembers(members: number): Promise<number> {
  const db = getDb();
  const now = new Date(NOW).getTime();
  let accounts = 0;
  for (let start = 0; start < members; start += INSERT_BATCH) {
    const batch = [];
    const people = [];
    for (let i = start; i < Math.min(members, start + INSERT_BATCH); i++) {
      const memberId = `bench-m${String(i).padStart(6, '0')}`;
      const a = newAccounts(memberId);
      a.points.balance = i % 7 === 0 ? 0 : 100 + (i % 50);
      a.points.buckets = a.points.balance ? [{ expiresOn: '2027-12-31', remaining: a.points.balance }] : [];
      a.points.debt = i % 7 === 0 ? 10 : 0;
      a.wallet_principal.balance = i % 5 === 0 ? 5000 : 0;
      a.wallet_bonus.balance = i % 5 === 0 ? 1000 : 0;
      batch.push(a.points, a.growth, a.wallet_principal, a.wallet_bonus);
      // One member in a hundred joined within the last day.
      people.push({ _id: memberId, memberNo: String(1_000_000_000 + i), openid: `bench-openid-${i}`, nickname: '会员', avatarUrl: null, tierCode: 'green', tierReviewAt: null, registeredAt: new Date(now - (i % 100 === 0 ? 3_600_000 : 30 * 86_400_000)) });
    }
    await db.collection('accounts').add({ data: batch });
    await db.collection('members').add({ data: people });
    accounts += batch.length;
  }
  return accounts;
}

export async function overviewRun(members: number): Promise<OverviewRun> {
  const cloud = await startLocalCloud();
  setClock(NOW);
  try {
    await seedWorld();
    const insertStarted = Date.now();
    const accounts = await insertMembers(members);
    const insertMs = Date.now() - insertStarted;
    let chunks = 0;
    const rollup = await measure(cloud, async () => {
      const result = await runOverviewRollup(context(), Date.now() + 30 * 60_000, { force: true });
      if (!result.done) throw new Error('the overview rollup did not finish');
      chunks = result.processed;
    });
    if (chunks !== Math.floor(accounts / ROLLUP_CHUNK) + 1) throw new Error(`rolled up ${chunks} chunks for ${accounts} accounts`);
    const page = await measure(cloud, () => overview(context()));
    return { members, accounts, chunks, rollup, page, insertMs };
  } finally {
    setClock(null);
    await cloud.close();
  }
}

export async function overviewCosts(sizes: number[]) {
  const runs = [];
  for (const members of sizes) {
    const run = await overviewRun(members);
    runs.push({
      members: run.members,
      accounts: run.accounts,
      chunks: run.chunks,
      rollup: { reads: run.rollup.reads, writes: run.rollup.writes, transactions: run.rollup.transactions, ms: Math.round(run.rollup.ms) },
      page: { reads: run.page.reads, writes: run.page.writes, ms: Math.round(run.page.ms) },
    });
  }
  return {
    how: `one whole pass of the overview rollup (runOverviewRollup) over bulk-inserted accounts, ${ROLLUP_CHUNK} accounts a chunk; reads count queries (a chunk is one query and one read of the progress document); page is the admin overview action afterwards`,
    runs,
  };
}

if (require.main === module) {
  const members = Number(process.argv[2] ?? 100_000);
  overviewCosts([members])
    .then((report) => console.log(JSON.stringify(report, null, 2)))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
