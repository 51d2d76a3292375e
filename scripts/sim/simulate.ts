import { inBrandZone } from '../../cloudfunctions/core/platform/time';
import { OPERATOR, TEST_BRAND, acceptStoredValueAgreement, register, seedWorld, setClock } from '../../tests/support/world';
import { type LocalCloud, startLocalCloud } from '../local-cloud';
import { Driver } from './driver';
import { type Expectations, type LedgerDump, checkFollowThrough, checkInvariants } from './invariants';
import { type SimStats, addStats, emptyStats, newSimMember } from './model';
import { undoTarget } from './coupon-operations';
import { SIM_TEMPLATES, templateInput } from './coupon-model';
import { cronTicks, notify, refundTarget, runOp } from './operations';
import { type Op, planBatches } from './plan';
import { chainKeys, finishReferral, resolveOp, setUpReferral, track } from './referral-operations';
import { Random } from './random';
import { planMembershipOps, settleMembership, setUpMembership } from './membership-operations';

export interface SimOptions {
  /** Operations per seed (cron ticks after clock jumps come on top). */
  ops: number;
  members?: number;
  /** Largest batch of operations run at once. */
  maxBatch?: number;
  /** Chance that a batch arms the database to fail one of its operations. */
  failureRate?: number;
  /**
   * The range the seed draws from: the chance that a transaction attempt meets an injected
   * conflict; default 0.05-0.2.
   */
  conflicts?: [number, number];
  /** Built function bundles to run (default build/functions), e.g. a deliberately broken copy. */
  functionsDir?: string;
  /** Keep the functions' own error logs (injected faults make many). */
  verbose?: boolean;
  /**
   * Paid membership and check-in operations (membership-operations.ts) on top of the plan, from
   * their own generator (the rest of the seed's plan is unchanged). Off unless asked: `npm run
   * sim` asks; tests/sim runs them on a few seeds of their own.
   */
  membership?: boolean;
}

export interface SeedResult {
  seed: number;
  violations: string[];
  /** Defects outside the ledger's invariants; reported, not failed on. */
  findings: string[];
  stats: SimStats;
  /** What the checks read, so a test can corrupt it and check again. */
  dump: LedgerDump;
  expected: Expectations;
  elapsedMs: number;
}

const START = new Date('2026-03-02T02:00:00Z');

/**
 * One seed: a fresh in-memory cloud, the test brand, K members, then the planned batches with
 * faults on. Afterwards, faults off, the clients' last retries, the payments WeChat still owes
 * a notification for and a final cron tick; then the invariants.
 *
 * The plan (every operation and its parameters, the fault settings) is a function of the seed.
 * The interleaving of concurrent calls is not entirely: the transaction helper's backoff is
 * jittered by Math.random and real timers, so a replay repeats the plan, not every race.
 */
export async function runSeed(seed: number, options: SimOptions): Promise<SeedResult> {
  const started = Date.now();
  const rng = new Random(seed);
  const members = options.members ?? 6;
  const [low, high] = options.conflicts ?? [0.05, 0.2];
  const conflictProbability = perWrite(low + (high - low) * rng.next());
  const batches = planBatches(rng, options.ops, members, options.maxBatch ?? 5, options.failureRate ?? 0.12);
  if (options.membership) planMembershipOps(new Random(seed ^ 0x5eed12), batches, options.ops, members);

  const restoreLogs = options.verbose ? () => 0 : silenceLogs();
  // An orphaned transaction (its abort failed by injection) holds its locks until the server
  // forgets it: 30 s in the cloud, shortened here so that the run does not wait on it.
  const cloud = await startLocalCloud({ database: { transactionTimeoutMs: 2_000 }, functionsDir: options.functionsDir });
  setClock(START.toISOString());
  // Injected conflicts strike at random: the functions retry at once instead of backing off.
  const backoffScale = process.env.LOCAL_TX_BACKOFF_SCALE;
  process.env.LOCAL_TX_BACKOFF_SCALE = '0';
  const driver = new Driver(cloud, seed, rng, START);
  try {
    await seedWorld();
    for (let i = 0; i < members; i++) {
      const openid = `sim-openid-${i}`;
      const { memberId, memberNo } = await register(cloud, openid);
      // Top-ups need the 储值协议 accepted: once per member, before the random operations.
      await acceptStoredValueAgreement(cloud, openid);
      driver.model.members.push(newSimMember(openid, memberId, memberNo));
    }
    await createTemplates(driver);
    await setUpReferral(driver);
    if (options.membership) await setUpMembership(driver);
    cloud.db.counters.reset();
    countInjections(cloud.db.faults, driver.stats);

    driver.faultSettings = { conflictProbability, seed };
    cloud.db.faults.set(driver.faultSettings);
    for (const batch of batches) {
      if (batch.failNth !== null) {
        driver.stats.failuresArmed += 1;
        driver.faultSettings = { conflictProbability, failNthOperation: batch.failNth, seed: batch.faultSeed };
        cloud.db.faults.set(driver.faultSettings);
      }
      await runBatch(driver, batch.ops);
    }

    driver.faultSettings = {};
    cloud.db.faults.clear();
    await settleUp(driver);
    driver.stats.membersUncompared = driver.model.members.filter((m) => m.unknown).length;
    const tx = cloud.db.counters.transactionTotals();
    driver.stats.transactions = { started: tx.started, committed: tx.committed, aborted: tx.aborted, conflicts: tx.conflicts };

    const dump = dumpLedger(cloud.db);
    const expected = expectations(driver);
    driver.stats.expiredPostings = new Set(dump.entries.filter((e) => e.kind === 'expire').map((e) => e.postingId)).size;
    driver.stats.suppressedLogs = restoreLogs();
    const violations = [...driver.model.problems, ...checkInvariants(dump, expected)];
    const findings = [...driver.model.findings, ...checkFollowThrough(dump, expected)];
    return { seed, violations, findings, stats: driver.stats, dump, expected, elapsedMs: Date.now() - started };
  } finally {
    restoreLogs();
    setClock(null);
    if (backoffScale === undefined) delete process.env.LOCAL_TX_BACKOFF_SCALE;
    else process.env.LOCAL_TX_BACKOFF_SCALE = backoffScale;
    await cloud.close();
  }
}

/**
 * The emulator's conflictProbability applies to each write inside a transaction, and a posting
 * writes about six documents (entries, accounts, the request record, the purchase). Injecting
 * per transaction keeps the retries realistic: at 0.2 per write, 3 in 4 attempts would fail
 * and the transaction helper's backoff would dominate the run.
 */
const WRITES_PER_TRANSACTION = 6;
function perWrite(perTransaction: number): number {
  return 1 - (1 - perTransaction) ** (1 / WRITES_PER_TRANSACTION);
}

/**
 * A clock jump first, then the timer ticks, then the rest: one chain of operations per member,
 * the chains at once. A member's operations never overlap, so the model can follow each member
 * operation by operation; races stay where they matter: duplicates, lost answers, double refunds
 * and top-up bursts within an operation, and all members (and both cashiers) at once.
 */
async function runBatch(driver: Driver, ops: Op[]): Promise<void> {
  for (const op of ops.filter((o) => o.kind === 'clock')) await timed(driver, op);
  for (const op of ops.filter((o) => o.kind === 'cron')) await timed(driver, op);
  driver.purchasesAtBatchStart = driver.model.purchases.length;
  driver.redemptionsAtBatchStart = driver.model.coupons.redemptions.length;
  // One chain per group of people an operation touches (its member; an invitee's inviter, whose
  // points a refund may claw back; the member whose code a visitor opens): groups run at once.
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    const up = parent.get(key) ?? key;
    if (up === key) return key;
    const root = find(up);
    parent.set(key, root);
    return root;
  };
  const placed: { op: Op; key: string }[] = [];
  for (const op of ops) {
    if (op.kind === 'clock' || op.kind === 'cron') continue;
    if (!resolveOp(driver, op)) {
      driver.count(op.kind);
      driver.stats.skipped += 1;
      continue;
    }
    const member = op.kind === 'refundPurchase' ? (refundTarget(driver, op)?.member ?? -1) : op.kind === 'undo' ? (undoTarget(driver, op)?.member ?? -1) : 'member' in op ? op.member : -1;
    const keys = chainKeys(driver, op, member);
    for (const key of keys.slice(1)) if (find(key) !== find(keys[0])) parent.set(find(key), find(keys[0]));
    placed.push({ op, key: keys[0] });
  }
  const chains = new Map<string, Op[]>();
  for (const { op, key } of placed) chains.set(find(key), [...(chains.get(find(key)) ?? []), op]);
  await Promise.all(
    [...chains.values()].map(async (chain) => {
      for (const op of chain) await timed(driver, op);
    }),
  );
}

async function timed(driver: Driver, op: Op): Promise<void> {
  const started = Date.now();
  await runOp(driver, op);
  driver.stats.msByKind[op.kind] = (driver.stats.msByKind[op.kind] ?? 0) + Date.now() - started;
}

/** Counts the faults the emulator actually injects (wrapping this instance's two hooks). */
function countInjections(faults: LocalCloud['db']['faults'], stats: SimStats): void {
  const conflict = faults.injectConflict.bind(faults);
  const failure = faults.nextOperationFailure.bind(faults);
  faults.injectConflict = () => {
    const injected = conflict();
    if (injected) stats.injected.conflicts += 1;
    return injected;
  };
  faults.nextOperationFailure = () => {
    const injected = failure();
    if (injected) stats.injected.failures += 1;
    return injected;
  };
}

/** What the clients and WeChat do eventually, once nothing fails any more. */
async function settleUp(driver: Driver): Promise<void> {
  await driver.resolveUnresolved();
  // WeChat re-delivers until acknowledged: every order it took money for gets one more try.
  for (const order of driver.model.orders) {
    if (driver.cloud.services.getPendingPayment(order.outTradeNo)?.status === 'paid') await notify(driver, order.outTradeNo);
  }
  await settleMembership(driver);
  await cronTicks(driver, 1);
  finishReferral(driver);
}

/** The run's coupon templates, made by the operator through the admin function. */
async function createTemplates(driver: Driver): Promise<void> {
  for (const spec of SIM_TEMPLATES) {
    const answer = await driver.invoke('admin', OPERATOR, 'createCouponTemplate', templateInput(spec), driver.newRequestId());
    if (!answer.ok) throw new Error(`createCouponTemplate ${spec.name}: ${JSON.stringify(answer)}`);
    driver.model.coupons.templates.push({ ...spec, templateId: answer.data.templateId, issued: 0, dryAnswered: false });
  }
}

function dumpLedger(db: { dump(collection: string): any[] }): LedgerDump {
  return {
    accounts: db.dump('accounts'),
    entries: db.dump('ledger_entries'),
    requests: db.dump('requests'),
    paymentOrders: db.dump('payment_orders'),
    purchases: db.dump('purchases'),
    walletRefunds: db.dump('wallet_refunds'),
    coupons: db.dump('coupons'),
    couponStock: db.dump('coupon_stock'),
    couponTemplates: db.dump('coupon_templates'),
    couponRedemptions: db.dump('coupon_redemptions'),
    members: db.dump('members'),
    referralRewards: db.dump('referral_rewards'),
    inviteVisits: db.dump('invite_visits'),
    paidMemberships: db.dump('paid_memberships'),
    checkins: db.dump('checkins'),
    subscribeQuotas: db.dump('subscribe_quotas'),
    notifyCounters: db.dump('notify_counters'),
  };
}

function expectations(driver: Driver): Expectations {
  const { model } = driver;
  const serverNow = new Date(Date.now() + Number(process.env.LOCAL_CLOCK_OFFSET_MS ?? 0));
  const orders = model.orders.map((o) => ({
    outTradeNo: o.outTradeNo,
    memberId: model.members[o.member].memberId,
    principalFen: o.principalFen,
    bonusFen: o.bonusFen,
    // WeChat Pay's side: the money was taken, so the order must have been credited once.
    paid: driver.cloud.services.getPendingPayment(o.outTradeNo)?.status === 'paid',
    refundedByWeChatFen: (driver.cloud.services.getPendingPayment(o.outTradeNo)?.refunds ?? []).reduce((t, r) => t + r.refundFee, 0),
  }));
  const walletFen = Object.fromEntries(model.members.map((m) => [m.memberId, m.walletFen]));
  for (const order of orders) if (order.paid) walletFen[order.memberId] += order.principalFen + order.bonusFen;
  return {
    walletFen,
    orders,
    purchases: model.purchases.map((p) => ({ purchaseId: p.purchaseId, refunds: p.refunds })),
    templates: model.coupons.templates.map((t) => ({ templateId: t.templateId, stock: t.stock, issued: t.issued, dryAnswered: t.dryAnswered })),
    requests: model.requests,
    referral: { blockPeriods: track(driver).blockPeriods },
    membership: { consents: { ...model.membership.consents } },
    today: inBrandZone(serverNow, TEST_BRAND.timeZone).format('YYYY-MM-DD'),
  };
}

/**
 * Injected faults make the functions log every failure they survive; the run counts those
 * lines instead of printing them. Returns a function that restores the console and answers
 * how many lines were held back (idempotent).
 */
function silenceLogs(): () => number {
  const original = { error: console.error, warn: console.warn };
  let suppressed = 0;
  let restored = false;
  console.error = () => {
    suppressed += 1;
  };
  console.warn = () => {
    suppressed += 1;
  };
  return () => {
    if (!restored) {
      console.error = original.error;
      console.warn = original.warn;
      restored = true;
    }
    return suppressed;
  };
}

export interface SimulationSummary {
  seeds: number[];
  opsPerSeed: number;
  members: number;
  stats: SimStats;
  elapsedMs: number;
  slowestSeedMs: number;
  /** Findings by kind: how many, and the first seen with its seed. */
  findings: Record<string, { count: number; seeds: number[]; example: string }>;
  failed: { seed: number; violations: string[]; replay: string } | null;
}

/** What a seed reports to the summary (a worker process sends this, not the ledger dump). */
export type SeedReport = Pick<SeedResult, 'seed' | 'violations' | 'findings' | 'stats' | 'elapsedMs'>;

/** Gathers seed reports into the run's summary, in whatever order the seeds finish. */
export class SummaryBuilder {
  private readonly started = Date.now();
  private readonly stats = emptyStats();
  private slowest = 0;
  private readonly findings: SimulationSummary['findings'] = {};
  failed: SimulationSummary['failed'] = null;

  constructor(
    private readonly seeds: number[],
    private readonly options: SimOptions,
  ) {}

  /** Adds one seed's report; answers whether it broke an invariant (the run stops there). */
  add(result: SeedReport): boolean {
    for (const finding of result.findings) {
      const kind = findingKind(finding);
      const entry = (this.findings[kind] ??= { count: 0, seeds: [], example: `seed ${result.seed}: ${finding}` });
      entry.count += 1;
      if (!entry.seeds.includes(result.seed)) entry.seeds.push(result.seed);
    }
    addStats(this.stats, result.stats);
    this.slowest = Math.max(this.slowest, result.elapsedMs);
    if (result.violations.length && !this.failed) {
      this.failed = { seed: result.seed, violations: result.violations, replay: replayCommand(result.seed, this.options) };
    }
    return result.violations.length > 0;
  }

  summary(): SimulationSummary {
    const { seeds, options } = this;
    return { seeds, opsPerSeed: options.ops, members: options.members ?? 6, stats: this.stats, elapsedMs: Date.now() - this.started, slowestSeedMs: this.slowest, findings: this.findings, failed: this.failed };
  }
}

/** Runs seeds one after another and stops at the first that breaks an invariant. */
export async function runSimulation(seeds: number[], options: SimOptions, progress?: (result: SeedResult) => void): Promise<SimulationSummary> {
  const builder = new SummaryBuilder(seeds, options);
  for (const seed of seeds) {
    const result = await runSeed(seed, options);
    const broke = builder.add(result);
    progress?.(result);
    if (broke) break;
  }
  return builder.summary();
}

function replayCommand(seed: number, options: SimOptions): string {
  const extra = [
    options.members !== undefined ? ` --members ${options.members}` : '',
    options.conflicts ? ` --conflicts ${options.conflicts.join(',')}` : '',
    options.failureRate !== undefined ? ` --failures ${options.failureRate}` : '',
    options.functionsDir ? ` --functions ${options.functionsDir}` : '',
    options.membership ? '' : ' --no-membership',
  ].join('');
  return `npm run sim -- --seed ${seed} --ops ${options.ops}${extra}`;
}

/** A finding's kind: its text without ids and amounts. */
function findingKind(finding: string): string {
  return finding
    .replace(/\{[^}]*\}/g, '{…}')
    .replace(/\b(sim\d+_\w+|T[0-9a-f]{31}|[0-9a-f]{32})\b/g, '…')
    .replace(/\d+/g, 'N');
}
