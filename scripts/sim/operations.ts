import { CASHIER, CASHIER_2, OPERATOR, STORE, TEST_BRAND, setClock } from '../../tests/support/world';
import type { ClientQuirks, Driver, Submission } from './driver';
import type { Answer, SimOrder, SimPurchase } from './model';
import type { ClockJump, Op } from './plan';

// One function per kind of operation: it sends the calls a real client would, and turns the
// answers into the model's expectations. Answers other than ok, a retryable failure, or the
// business failures that the operation can legitimately meet are recorded as problems.

const CASHIERS = [CASHIER, CASHIER_2] as const;
const PLAIN: ClientQuirks = { lostAnswer: false, duplicate: false };
const TIME_ZONE_OFFSET_HOURS = 8; // the test brand is in Asia/Shanghai, which has no DST

export async function runOp(driver: Driver, op: Op): Promise<void> {
  driver.count(op.kind);
  switch (op.kind) {
    case 'purchase':
      return purchase(driver, op);
    case 'refundPurchase':
      return refundPurchase(driver, op);
    case 'topup':
      return topup(driver, op);
    case 'refundTopup':
      return refundTopup(driver, op);
    case 'adjust':
      return adjust(driver, op);
    case 'clock':
      return jumpClock(driver, op.jump);
    case 'cron':
      await cronTick(driver);
      return;
  }
}

async function purchase(driver: Driver, op: Extract<Op, { kind: 'purchase' }>): Promise<void> {
  const member = driver.model.members[op.member];
  const cashier = CASHIERS[op.cashier];
  const walletFen = Math.floor(op.amountFen * op.walletShare);
  const requestId = driver.newRequestId();
  const submission: Submission = {
    request: { scope: `store:${STORE}:recordPurchase`, requestId, action: 'recordPurchase', answer: null },
    send: async () => driver.invoke('staff', cashier, 'recordPurchase', { code: await driver.memberCode(op.member), amountFen: op.amountFen, walletFen }, requestId),
    apply: (answer) => {
      if (!answer.ok) {
        if (!(answer.code === 'INSUFFICIENT_WALLET' && walletFen > 0)) driver.unexpected('recordPurchase', answer, 'not a failure this purchase can meet');
        return;
      }
      const paid = answer.data.walletPaid.principal + answer.data.walletPaid.bonus;
      if (paid !== walletFen) driver.unexpected('recordPurchase', answer, `wallet paid ${paid} ≠ asked ${walletFen}`);
      member.walletFen -= paid;
      driver.model.purchases.push({ purchaseId: answer.data.purchaseId, member: op.member, cashier, walletFen: paid, refunds: 0 });
    },
  };
  await driver.submit(submission, op);
}

async function refundPurchase(driver: Driver, op: Extract<Op, { kind: 'refundPurchase' }>): Promise<void> {
  const purchases = driver.model.purchases;
  if (purchases.length === 0) {
    driver.stats.skipped += 1;
    return;
  }
  const target = purchases[op.pick % purchases.length];
  const staff = op.otherCashier ? CASHIERS.find((c) => c !== target.cashier)! : target.cashier;
  const once = (quirks: ClientQuirks) => driver.submit(refundPurchaseSubmission(driver, target, staff), quirks);
  if (!op.twice) await once(op);
  else if (op.concurrent) await Promise.all([once(op), once(PLAIN)]);
  else {
    await once(op);
    await once(PLAIN);
  }
}

function refundPurchaseSubmission(driver: Driver, target: SimPurchase, staff: string): Submission {
  const requestId = driver.newRequestId();
  const member = driver.model.members[target.member];
  return {
    request: { scope: `staff:${staff}:refundPurchase`, requestId, action: 'refundPurchase', answer: null },
    send: () => driver.invoke('staff', staff, 'refundPurchase', { purchaseId: target.purchaseId }, requestId),
    apply: (answer) => {
      if (!answer.ok) {
        const expected = staff === target.cashier ? answer.code === 'ALREADY_REFUNDED' : answer.code === 'PURCHASE_NOT_FOUND';
        if (!expected) driver.unexpected('refundPurchase', answer, `refund of ${target.purchaseId} by ${staff === target.cashier ? 'its' : 'another'} cashier`);
        return;
      }
      if (staff !== target.cashier) driver.unexpected('refundPurchase', answer, 'another cashier refunded it');
      // What was paid from a top-up refunded since goes to WeChat Pay (principal) or is withdrawn (bonus).
      const { walletReturnedFen, cashRefundedFen, bonusWithdrawnFen } = answer.data;
      if (walletReturnedFen + cashRefundedFen + bonusWithdrawnFen !== target.walletFen) driver.unexpected('refundPurchase', answer, `returned ≠ the ${target.walletFen} paid`);
      target.refunds += 1;
      if (target.refunds > 1) driver.unexpected('refundPurchase', answer, `purchase ${target.purchaseId} refunded twice`);
      member.walletFen += answer.data.walletReturnedFen;
    },
  };
}

async function topup(driver: Driver, op: Extract<Op, { kind: 'topup' }>): Promise<void> {
  const member = driver.model.members[op.member];
  const pkg = TEST_BRAND.wallet.packages.find((p) => p.id === op.packageId)!;
  const requestId = driver.newRequestId();
  let order: SimOrder | null = null;
  const submission: Submission = {
    request: { scope: `member:${member.openid}:createTopup`, requestId, action: 'createTopup', answer: null },
    send: () => driver.invoke('member', member.openid, 'createTopup', { packageId: op.packageId }, requestId),
    apply: (answer) => {
      if (!answer.ok) {
        if (answer.code !== 'WALLET_LIMIT_EXCEEDED') driver.unexpected('createTopup', answer, 'not a failure this top-up can meet');
        return;
      }
      order = { outTradeNo: answer.data.outTradeNo, member: op.member, principalFen: pkg.payFen, bonusFen: pkg.bonusFen, refunds: 0 };
      driver.model.orders.push(order);
    },
    // WeChat's payment parameters are signed afresh for each answer.
    volatile: ['payment'],
  };
  await driver.submit(submission, op);
  const placed = order as SimOrder | null;
  if (!placed || !op.pay) return;
  await payOrder(driver, placed.outTradeNo, op.deliveries, op.concurrent);
  if (!driver.cloud.services.getPendingPayment(placed.outTradeNo)) {
    driver.model.findings.push(`createTopup ${requestId} answered ok with order ${placed.outTradeNo}, which WeChat Pay never received: the member cannot pay it`);
  }
}

/**
 * WeChat Pay takes the money and notifies the pay function, here 1-3 times, at once or one
 * after another; it keeps re-delivering (up to a point, within the run) until acknowledged.
 */
async function payOrder(driver: Driver, outTradeNo: string, deliveries: number, concurrent: boolean): Promise<void> {
  const deliver = () => notify(driver, outTradeNo);
  let acked: boolean[];
  if (concurrent) acked = await Promise.all(Array.from({ length: deliveries }, deliver));
  else {
    acked = [];
    for (let i = 0; i < deliveries; i++) acked.push(await deliver());
  }
  for (let again = 0; !acked.some(Boolean) && again < 4; again++) {
    driver.stats.notifications.redelivered += 1;
    acked.push(await deliver());
  }
}

export async function notify(driver: Driver, outTradeNo: string): Promise<boolean> {
  try {
    const answer = (await driver.cloud.services.completePayment(outTradeNo)) as { errcode?: number };
    driver.stats.notifications.delivered += 1;
    if (answer?.errcode === 0) return true;
  } catch {
    // The pay function (or the local pay service) failed outright: WeChat sees no answer.
  }
  driver.stats.notifications.failed += 1;
  return false;
}

async function refundTopup(driver: Driver, op: Extract<Op, { kind: 'refundTopup' }>): Promise<void> {
  const lots = driver.model.orders.filter((o) => o.member === op.member);
  if (lots.length === 0) {
    driver.stats.skipped += 1;
    return;
  }
  const lot = lots[op.pick % lots.length];
  const once = (quirks: ClientQuirks) => driver.submit(refundTopupSubmission(driver, lot), quirks);
  if (!op.twice) await once(op);
  else if (op.concurrent) await Promise.all([once(op), once(PLAIN)]);
  else {
    await once(op);
    await once(PLAIN);
  }
}

function refundTopupSubmission(driver: Driver, lot: SimOrder): Submission {
  const member = driver.model.members[lot.member];
  const requestId = driver.newRequestId();
  return {
    request: { scope: `member:${member.openid}:refundTopup`, requestId, action: 'refundTopup', answer: null },
    send: () => driver.invoke('member', member.openid, 'refundTopup', { lotId: lot.outTradeNo }, requestId),
    apply: (answer: Answer) => {
      if (!answer.ok) {
        // Not credited (yet, or the money never came), refunded already, or nothing left in it.
        if (answer.code !== 'ORDER_NOT_FOUND' && answer.code !== 'REFUND_NOT_ALLOWED') driver.unexpected('refundTopup', answer, 'not a failure this refund can meet');
        return;
      }
      lot.refunds += 1;
      if (lot.refunds > 1) driver.unexpected('refundTopup', answer, `lot ${lot.outTradeNo} refunded twice`);
      member.walletFen -= answer.data.cashBackFen + answer.data.bonusWithdrawnFen;
    },
  };
}

async function adjust(driver: Driver, op: Extract<Op, { kind: 'adjust' }>): Promise<void> {
  const member = driver.model.members[op.member];
  const requestId = driver.newRequestId();
  const data = { memberNo: member.memberNo, amount: op.amount, reason: op.amount > 0 ? '模拟补发积分' : '模拟扣减积分' };
  await driver.submit(
    {
      request: { scope: `operator:${OPERATOR}:adjustPoints`, requestId, action: 'adjustPoints', answer: null },
      send: () => driver.invoke('admin', OPERATOR, 'adjustPoints', data, requestId),
      apply: (answer) => {
        if (!answer.ok && !(answer.code === 'INSUFFICIENT_POINTS' && op.amount < 0)) driver.unexpected('adjustPoints', answer, 'not a failure this adjustment can meet');
      },
    },
    op,
  );
}

/** Moves the server's clock forward: by minutes to months, or to a year's end (brand zone). */
export function jumpClock(driver: Driver, jump: ClockJump): void {
  // The server's clock has run on with real time since it was last set; never move it back.
  const from = Math.max(driver.clock.getTime(), Date.now() + Number(process.env.LOCAL_CLOCK_OFFSET_MS ?? 0));
  let next: number;
  if (jump.type === 'minutes') next = from + jump.minutes * 60_000;
  else {
    const localYear = new Date(from + TIME_ZONE_OFFSET_HOURS * 3_600_000).getUTCFullYear();
    const newYear = Date.UTC(localYear + 1, 0, 1) - TIME_ZONE_OFFSET_HOURS * 3_600_000;
    next = Math.max(from + 1_000, jump.after ? newYear + 1_000 : newYear - 60_000);
  }
  driver.clock = new Date(next);
  setClock(driver.clock.toISOString());
}

/** The timer trigger: expiry, reminders and tier evaluation. A failed tick is simply retried. */
export async function cronTick(driver: Driver): Promise<boolean> {
  const answer = await driver.attempt(() => driver.cloud.host.invoke('cron', { Type: 'Timer', TriggerName: 't', Time: '' }, { source: 'timer' }) as Promise<Answer>);
  if (answer && !answer.ok) driver.unexpected('cron', answer, 'a tick has no business failures');
  return answer?.ok === true;
}
