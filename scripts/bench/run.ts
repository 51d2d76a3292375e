// npm run bench: sizes and database costs, printed as JSON. Figures, not pass/fail.
import { execSync } from 'child_process';
import path from 'path';
import { buildAllFunctions } from '../build/functions';
import { startLocalCloud } from '../local-cloud';
import { weappSizes } from './package-size';

const root = path.resolve(__dirname, '../..');
const MAIN_PACKAGE_BUDGET = 500 * 1024;
const FUNCTION_BUDGET = 200 * 1024;

type Counters = Record<string, { reads: number; writes: number; transactions: number; conflicts: number }>;

function totals(counters: Counters) {
  const sum = { reads: 0, writes: 0, transactions: 0 };
  for (const c of Object.values(counters)) {
    sum.reads += c.reads;
    sum.writes += c.writes;
    sum.transactions += c.transactions;
  }
  return sum;
}

async function databaseCosts() {
  const cloud = await startLocalCloud();
  const measure = async (work: () => Promise<unknown>) => {
    cloud.db.counters.reset();
    await work();
    return totals(cloud.db.counters.snapshot());
  };
  const me = (openid: string) => cloud.host.invoke('member', { action: 'me', data: {} }, { openid });
  const result = {
    meFirstCall: await measure(() => me('bench-openid')),
    meReturningMember: await measure(() => me('bench-openid')),
  };
  await cloud.close();
  return result;
}

async function bench() {
  const functionBytes = await buildAllFunctions();
  if (!process.argv.includes('--no-weapp-build')) execSync('npm run build:weapp', { cwd: root, stdio: 'ignore' });
  const weapp = weappSizes(path.join(root, 'dist/weapp'));
  const report = {
    weapp: { ...weapp, mainPackageBudgetBytes: MAIN_PACKAGE_BUDGET, withinBudget: weapp.mainPackageBytes <= MAIN_PACKAGE_BUDGET },
    functions: {
      bytes: functionBytes,
      budgetBytes: FUNCTION_BUDGET,
      withinBudget: Object.values(functionBytes).every((bytes) => bytes <= FUNCTION_BUDGET),
    },
    databaseOperations: await databaseCosts(),
  };
  console.log(JSON.stringify(report, null, 2));
}

bench().catch((error) => {
  console.error(error);
  process.exit(1);
});
