import { randomBytes } from 'crypto';
import { membershipPacksJob } from '../../cloudfunctions/core/membership/packs';
import { getDb } from '../../cloudfunctions/core/platform/cloud';
import { serverNow } from '../../cloudfunctions/core/platform/time';
import { runInTransaction } from '../../cloudfunctions/core/platform/transaction';
import type { HandlerContext } from '../../cloudfunctions/core/router/context';
import { OPERATOR, seedWorld, setClock } from '../../tests/support/world';
import { type LocalCloud, startLocalCloud } from '../local-cloud';
import { type Cost, measure } from './measure';

// Database operations of paid membership and check-in (issue 12), through the functions as a
// phone, WeChat Pay's notification and the timer call them, each on a quiet database:
// - a plan purchase: createPlanOrder (priced, the order written, unifiedOrder), then the pay
//   notification's credit (queryOrder, the period, the opening gift's points, the member's terms);
// - a check-in (day 1, then day 2 of a streak) and a make-up (补签);
// - one member's monthly pack through the pack job (a tick's membership-packs job with one due);
// - the pack job at 100,000 memberships with 10,000 due, bulk-inserted like expiry.ts does: the
//   job reads only memberships whose indexed nextPackAt has come, so its cost should follow the
//   members due; and the job again with nothing due.

const START = '2026-03-02T02:00:00Z';
const AN_HOUR_ON = '2026-03-02T03:00:00Z';
/** A month and an hour on: month 1's pack of a period bought at START is due. */
const MONTH_ON = '2026-04-02T03:00:00Z';
const INSERT_BATCH = 1000;
const id = () => randomBytes(12).toString('hex');

interface Doc {
  _id: string;
  [field: string]: any;
}

// An annual card: a pack at the start of each of its 12 months (a monthly card has one).
const PLAN = {
  name: '年卡',
  kind: 'annual',
  priceFen: 16800,
  trialPriceFen: null,
  openingGift: { points: 100, couponTemplateIds: [] as string[] },
  monthlyCouponTemplateIds: [] as string[],
  pointsMultiplierPercent: 120,
  memberPricePercent: 90,
  monthlyPackValueFen: 800,
};

async function setUp(cloud: LocalCloud) {
  const invoke = async (fn: string, openid: string, action: string, data: unknown = {}, requestId?: string) => {
    const answer = (await cloud.host.invoke(fn, { action, data, requestId }, { openid, source: 'wx_client' })) as any;
    if (!answer.ok) throw new Error(`${action}: ${JSON.stringify(answer)}`);
    return answer.data;
  };
  setClock(START);
  await seedWorld();
  const template = await invoke(
    'admin',
    OPERATOR,
    'createCouponTemplate',
    {
      name: '会员月礼',
      benefit: { kind: 'gift_item', itemName: '会员月礼' },
      validity: { type: 'days_after_claim', days: 30, startNextDay: false },
      storeIds: null,
      minTierCode: null,
      stackable: true,
      channel: 'grant',
      pointsCost: null,
      stock: 1_000_000,
      perMemberLimit: 100,
      perMemberPerDayLimit: null,
    },
    id(),
  );
  const plan = await invoke('admin', OPERATOR, 'savePaidPlan', { plan: { ...PLAN, monthlyCouponTemplateIds: [template.templateId] } }, id());
  return { invoke, planId: plan.planId as string };
}

function jobContext(): HandlerContext {
  const db = getDb();
  return { fn: 'cron', action: 'tick', openid: 'timer', roles: {}, now: serverNow(), db, transaction: (work) => runInTransaction(db, work) };
}

/** The pack job run to the end (as the cron tick runs it, with a deadline far enough away). */
async function runPackJob(): Promise<number> {
  const result = await membershipPacksJob.run(jobContext(), Date.now() + 10 * 60_000);
  if (!result.done) throw new Error('the pack job did not finish');
  return result.processed;
}

/** Per-call costs: a plan purchase, check-ins, a make-up, one member's pack through the job. */
export async function membershipCosts(): Promise<Record<string, Cost>> {
  const cloud = await startLocalCloud();
  try {
    const { invoke, planId } = await setUp(cloud);
    // Warm-up: another member buys first, so the measured purchase meets the plan and settings as any later one does.
    await invoke('member', 'bench-warm', 'me');
    const warm = await invoke('member', 'bench-warm', 'createPlanOrder', { planId, mode: 'buy' }, id());
    await cloud.services.completePayment(warm.outTradeNo);
    await invoke('member', 'bench-member', 'me');

    let outTradeNo = '';
    const createPlanOrder = await measure(cloud, async () => {
      outTradeNo = (await invoke('member', 'bench-member', 'createPlanOrder', { planId, mode: 'buy' }, id())).outTradeNo;
    });
    const payNotificationCredit = await measure(cloud, () => cloud.services.completePayment(outTradeNo));
    const period = cloud.db.dump('paid_memberships').find((d: Doc) => d.periods?.some((p: Doc) => p.outTradeNo === outTradeNo));
    if (!period) throw new Error('the plan order was not credited');
    const renewOrder = await measure(cloud, () => invoke('member', 'bench-member', 'createPlanOrder', { planId, mode: 'buy' }, id()));

    const checkInDay1 = await measure(cloud, () => invoke('member', 'bench-member', 'checkIn', {}, id()));
    setClock('2026-03-03T02:00:00Z');
    const checkInDay2 = await measure(cloud, () => invoke('member', 'bench-member', 'checkIn', {}, id()));
    setClock('2026-03-05T02:00:00Z');
    const makeUpCheckIn = await measure(cloud, () => invoke('member', 'bench-member', 'makeUpCheckIn', { day: '2026-03-04' }, id()));

    // Month 0's packs came with the credit's first tick; a month on, each member's month 1 is due.
    setClock(AN_HOUR_ON);
    await runPackJob();
    const nothingDue = await measure(cloud, runPackJob);
    setClock(MONTH_ON);
    // Two memberships due (the warm-up's and the member's): half of the job's cost is one member's pack.
    const twoDue = await measure(cloud, runPackJob);
    const onePackThroughJob = halve(twoDue);
    return { createPlanOrder, payNotificationCredit, renewOrder, checkInDay1, checkInDay2, makeUpCheckIn, packJobNothingDue: nothingDue, packJobTwoMembersDue: twoDue, onePackThroughJob };
  } finally {
    setClock(null);
    await cloud.close();
  }
}

function halve(cost: Cost): Cost {
  const half = (n: number) => Math.round((n / 2) * 10) / 10;
  return {
    reads: half(cost.reads),
    writes: half(cost.writes),
    transactions: half(cost.transactions),
    transactionsAborted: half(cost.transactionsAborted),
    conflicts: half(cost.conflicts),
    ms: half(cost.ms),
    byCollection: Object.fromEntries(Object.entries(cost.byCollection).map(([k, v]) => [k, { reads: half(v.reads), writes: half(v.writes) }])),
  };
}

export interface PackJobRun {
  memberships: number;
  due: number;
  processed: number;
  job: Cost;
  idleTick: Cost;
  insertMs: number;
}

/**
 * The pack job over `memberships` bulk-inserted memberships of which `due` have month 1's pack
 * due: copies of a member who bought through the functions (its membership document and member
 * document), the others with their next pack a month later.
 */
export async function packJobRun(memberships: number, due: number): Promise<PackJobRun> {
  const cloud = await startLocalCloud();
  try {
    const { invoke, planId } = await setUp(cloud);
    await invoke('member', 'bench-model', 'me');
    const order = await invoke('member', 'bench-model', 'createPlanOrder', { planId, mode: 'buy' }, id());
    await cloud.services.completePayment(order.outTradeNo);
    setClock(AN_HOUR_ON);
    await runPackJob();
    const memberDoc = cloud.db.dump('members').find((m: Doc) => m.openid === 'bench-model') as Doc;
    const membershipDoc = cloud.db.dump('paid_memberships').find((d: Doc) => d._id === memberDoc._id) as Doc;
    const notYet = new Date(new Date(membershipDoc.nextPackAt).getTime() + 31 * 86_400_000);
    const db = getDb();
    const insertStarted = Date.now();
    const every = Math.round(memberships / due);
    for (let start = 0; start < memberships; start += INSERT_BATCH) {
      const members: Doc[] = [];
      const docs: Doc[] = [];
      for (let i = start; i < Math.min(memberships, start + INSERT_BATCH); i++) {
        const memberId = `bench-pm${String(i).padStart(6, '0')}`;
        const isDue = i % every === 0;
        const { _id: _m, ...member } = memberDoc;
        const { _id: _d, ...membership } = membershipDoc;
        if (isDue) members.push({ ...member, _id: memberId, openid: `${memberId}-openid`, memberNo: `9${String(i).padStart(9, '0')}` });
        docs.push({ ...membership, _id: memberId, memberId, openid: `${memberId}-openid`, nextPackAt: isDue ? membershipDoc.nextPackAt : notYet });
      }
      if (members.length) await db.collection('members').add({ data: members });
      await db.collection('paid_memberships').add({ data: docs });
    }
    const insertMs = Date.now() - insertStarted;
    setClock(MONTH_ON);
    let processed = 0;
    const job = await measure(cloud, async () => {
      processed = await runPackJob();
    });
    const idleTick = await measure(cloud, runPackJob);
    // The model member's month 1 is due as well.
    if (processed !== due + 1) throw new Error(`the pack job processed ${processed} memberships, ${due + 1} were due`);
    return { memberships, due: due + 1, processed, job, idleTick, insertMs };
  } finally {
    setClock(null);
    await cloud.close();
  }
}

export function packJobLine(run: PackJobRun) {
  const per = (n: number) => Math.round((n / Math.max(1, run.due)) * 100) / 100;
  return {
    memberships: run.memberships,
    due: run.due,
    processed: run.processed,
    reads: run.job.reads,
    writes: run.job.writes,
    transactions: run.job.transactions,
    conflicts: run.job.conflicts,
    ms: Math.round(run.job.ms),
    perMemberDue: { reads: per(run.job.reads), writes: per(run.job.writes), transactions: per(run.job.transactions), ms: per(run.job.ms) },
    byCollection: run.job.byCollection,
    nothingDueTick: { reads: run.idleTick.reads, writes: run.idleTick.writes, ms: Math.round(run.idleTick.ms) },
  };
}
