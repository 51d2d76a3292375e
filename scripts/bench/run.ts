// npm run bench: sizes and database costs, printed as JSON on stdout (progress on stderr).
// Figures, not pass/fail. `--no-weapp-build` reuses dist/weapp; `--quick` skips the 100,000-member runs.
import { execSync } from 'child_process';
import path from 'path';
import { buildAllFunctions } from '../build/functions';
import { startLocalCloud } from '../local-cloud';
import { type ExpiryRun, expiryRun } from './expiry';
import { ledgerCosts } from './ledger-costs';
import { type Cost, measure } from './measure';
import { weappSizes } from './package-size';
import { simThroughput } from './sim-throughput';
import { coldLoad } from './cold-load';
import { FUNCTIONS_OUT } from '../build/functions';

const root = path.resolve(__dirname, '../..');
const MAIN_PACKAGE_BUDGET = 500 * 1024;
// Functions: what a cold start loads besides wx-server-sdk (see coldLoad in the report and the
// README's design decisions for why 300 KB).
const FUNCTION_BUDGET = 300 * 1024;

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

async function homeScreenCosts(): Promise<Record<string, Cost>> {
  const cloud = await startLocalCloud();
  try {
    const me = (openid: string) => cloud.host.invoke('member', { action: 'me', data: {} }, { openid });
    return {
      meFirstCall: await measure(cloud, () => me('bench-openid')),
      meReturningMember: await measure(cloud, () => me('bench-openid')),
    };
  } finally {
    await cloud.close();
  }
}

/** One line per run: totals, and the same per member due, which should stay flat. */
function expiryLine(run: ExpiryRun) {
  const per = (n: number) => Math.round((n / Math.max(1, run.due)) * 100) / 100;
  return {
    members: run.members,
    due: run.due,
    expired: run.processed,
    reads: run.job.reads,
    writes: run.job.writes,
    transactions: run.job.transactions,
    conflicts: run.job.conflicts,
    ms: Math.round(run.job.ms),
    perMemberDue: { reads: per(run.job.reads), writes: per(run.job.writes), transactions: per(run.job.transactions), ms: per(run.job.ms) },
    nothingDueTick: { reads: run.idleTick.reads, writes: run.idleTick.writes, ms: Math.round(run.idleTick.ms) },
  };
}

async function expiryCosts(quick: boolean) {
  const sizes = quick ? [10_000] : [10_000, 100_000];
  const runs = [];
  for (const members of sizes) {
    for (const fraction of [0.01, 0.1]) {
      progress(`expiry job: ${members.toLocaleString('en-US')} members, ${fraction * 100}% due`);
      runs.push(expiryLine(await expiryRun(members, fraction)));
    }
  }
  return {
    how:
      'pointsExpiryJob.run called directly (the job a cron tick runs first) until done, over points accounts bulk-inserted through the SDK; ' +
      'nothingDueTick is the same job right after, with nothing left to expire',
    note:
      'reads, writes and transactions follow the members due; the emulator answers the job\'s query from the accounts (asset, nextExpiryAt) index, ' +
      'as the cloud database does, so wall time follows the members due as well.',
    runs,
  };
}

async function membershipReport(m: typeof import('./membership'), quick: boolean) {
  const databaseOperations = await m.membershipCosts();
  const runs = [];
  for (const [memberships, due] of quick ? [[10_000, 1_000]] : [[10_000, 1_000], [100_000, 10_000]]) {
    progress(`pack job: ${memberships.toLocaleString('en-US')} memberships, ${due.toLocaleString('en-US')} due`);
    runs.push(m.packJobLine(await m.packJobRun(memberships, due)));
  }
  return {
    how:
      'databaseOperations through the functions on a quiet database (createPlanOrder then the pay notification\'s credit; check-ins on two days and a make-up; ' +
      'onePackThroughJob = half of a membership-packs job run with two annual members whose month 1 is due); packJob: membershipPacksJob.run called directly until done ' +
      'over memberships bulk-inserted through the SDK (copies of one annual member, the due ones with their member document), nothingDueTick the same job right after',
    databaseOperations,
    packJob: runs,
  };
}

async function simulationThroughput() {
  progress('simulation throughput: 12 seeds × 300 operations in this process, then 40 seeds per core in worker processes');
  return simThroughput();
}

async function bench() {
  const quick = process.argv.includes('--quick');
  progress('building functions');
  const functionBytes = await buildAllFunctions();
  if (!process.argv.includes('--no-weapp-build')) {
    progress('building weapp');
    execSync('npm run build:weapp', { cwd: root, stdio: 'ignore' });
  }
  const weapp = weappSizes(path.join(root, 'dist/weapp'));
  progress('home screen and ledger operations');
  const report = {
    weapp: { ...weapp, mainPackageBudgetBytes: MAIN_PACKAGE_BUDGET, withinBudget: weapp.mainPackageBytes <= MAIN_PACKAGE_BUDGET },
    functions: {
      bytes: functionBytes,
      budgetBytes: FUNCTION_BUDGET,
      withinBudget: Object.values(functionBytes).every((bytes) => bytes <= FUNCTION_BUDGET),
      coldLoad: (progress('cold load of each bundle'), coldLoad(FUNCTIONS_OUT, root)),
    },
    // Per call, on a quiet database: reads and writes summed over collections (byCollection
    // splits them), transactions = transactions committed.
    databaseOperations: { ...(await homeScreenCosts()), ...(await ledgerCosts()) },
    expiryJob: await expiryCosts(quick),
    overviewRollup: await (progress('overview rollup'), import('./overview')).then((m) => m.overviewCosts(quick ? [10_000] : [10_000, 100_000])),
    couponClaims: await (progress('coupon claims: 500 at once against stock 100 and 10,000'), import('./coupons')).then((m) => m.couponClaimCosts()),
    referral: await (progress('referral: attribution, qualification, approval, clawback'), import('./referral')).then((m) => m.referralCosts()),
    membership: await (progress('membership: plan purchase, check-in, packs; the pack job at 100,000 memberships'), import('./membership')).then((m) => membershipReport(m, quick)),
    simulation: await simulationThroughput(),
  };
  console.log(JSON.stringify(report, null, 2));
}

const started = Date.now();
bench()
  .then(() => progress(`done in ${Math.round((Date.now() - started) / 1000)} s`))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
