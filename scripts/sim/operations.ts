import { CASHIER, CASHIER_2, OPERATOR, STORE, TEST_BRAND, setClock } from '../../tests/support/world';
import type { ClientQuirks, Driver, Submission } from './driver';
import type { Answer, SimOrder, SimPurchase } from './model';
import { checkMemberAgainstModel } from './model-check';
import type { ClockJump, Op } from './plan';
import { checkout, claim, gift, mall, undo } from './coupon-operations';
import { followMember, followTick, runReferralOp } from './referral-operations';
import { followMembershipTick, isMembershipOp, paidPrice, recordPaidBenefit, runMembershipOp, takeBackPaidBenefit } from './membership-operations';

// One function per kind of operation: it sends the calls a real client would, and turns the
// answers into the model's expectations. Answers other than ok, a retryable failure, or the
// business failures that the operation can legitimately meet are recorded as problems.

const CASHIERS = [CASHIER, CASHIER_2] as const;
const PLAIN: ClientQuirks = { lostAnswer: false, duplicate: false };
const TIME_ZONE_OFFSET_HOURS = 8; // the test brand is in Asia/Shanghai, which has no DST

export async function runOp(driver: Driver, op: Op): Promise<void> {
  driver.count(op.kind);
  if (isMembershipOp(op)) return runMembershipOp(driver, op);
  // The referral model follows what the member's orders and refunds did (first qualifying order, its refund).
  switch (op.kind) {
    case 'purchase':
    case 'checkout':
    case 'topup':
    case 'topupBurst':
    case 'refundTopup':
      await runLedgerOp(driver, op);
      return followMember(driver, op.member);
    case 'refundPurchase': {
      const target = refundTarget(driver, op);
      await runLedgerOp(driver, op);
      return followMember(driver, target?.member ?? -1);
    }
    case 'open':
    case 'register':
    case 'block':
    case 'review':
      return runReferralOp(driver, op);
    case 'refundQualifying':
      // Mapped onto a refund before its batch ran; left as it was, it had nothing to refund.
      driver.stats.skipped += 1;
      return;
    default:
      return runLedgerOp(driver, op);
  }
}

async function runLedgerOp(driver: Driver, op: Op): Promise<void> {
  switch (op.kind) {
    case 'purchase':
      return purchase(driver, op);
    case 'refundPurchase':
      return refundPurchase(driver, op);
    case 'topup':
      return topup(driver, op);
    case 'topupBurst':
      return topupBurst(driver, op);
    case 'refundTopup':
      return refundTopup(driver, op);
    case 'adjust':
      return adjust(driver, op);
    case 'claim':
      return claim(driver, op);
    case 'mall':
      return mall(driver, op);
    case 'checkout':
      return checkout(driver, op);
    case 'gift':
      return gift(driver, op);
    case 'undo':
      return undo(driver, op);
    case 'clock':
      return jumpClock(driver, op.jump);
    case 'cron':
      return cronTicks(driver, op.times);
  }
}

async function purchase(driver: Driver, op: Extract<Op, { kind: 'purchase' }>): Promise<void> {
  const member = driver.model.members[op.member];
  const cashier = CASHIERS[op.cashier];
  const walletFen = Math.floor(op.amountFen * op.walletShare);
  const requestId = driver.newRequestId();
  const sent = driver.serverNow();
  const submission: Submission = {
    request: { scope: `store:${STORE}:recordPurchase`, requestId, action: 'recordPurchase', answer: null },
    send: async () => driver.invoke('staff', cashier, 'recordPurchase', { code: await driver.memberCode(op.member), amountFen: op.amountFen, walletFen }, requestId),
    member: op.member,
    apply: (answer) => {
      const { ledger } = member;
      if (!answer.ok) {
        // A paid member's price may leave less due than the wallet share asked (membership-operations.ts).
        const aboveDue = [sent, driver.serverNow()].some((at) => walletFen > paidPrice(driver, op.member, op.amountFen, at).afterFen);
        if (answer.code === 'WALLET_ABOVE_DUE' && aboveDue) return driver.note('purchase wallet above a paid member price');
        if (!(answer.code === 'INSUFFICIENT_WALLET' && walletFen > 0)) driver.unexpected('recordPurchase', answer, 'not a failure this purchase can meet');
        else if (!member.unknown && ledger.principal + ledger.bonus >= walletFen) driver.unexpected('recordPurchase', answer, `the model's wallet holds ${ledger.principal + ledger.bonus}`);
        return;
      }
      const paid = answer.data.walletPaid.principal + answer.data.walletPaid.bonus;
      if (paid !== walletFen) driver.unexpected('recordPurchase', answer, `wallet paid ${paid} ≠ asked ${walletFen}`);
      member.walletFen -= paid;
      const at = Date.parse(answer.data.createdAt);
      const price = paidPrice(driver, op.member, op.amountFen, at);
      const expected = member.unknown ? null : ledger.purchase(price.afterFen, walletFen, at, price.extraPercent);
      if (!member.unknown) {
        if (!expected) driver.unexpected('recordPurchase', answer, 'the model says the wallet cannot cover it');
        else {
          const { points, growth } = expected.purchase;
          expectSame(driver, 'recordPurchase', answer, { pointsEarned: points, growthEarned: growth, debtSettled: expected.debtSettled, walletPaid: expected.walletPaid });
        }
      }
      driver.model.purchases.push({ purchaseId: answer.data.purchaseId, member: op.member, cashier, walletFen: paid, couponIds: [], refunds: 0, model: expected?.purchase ?? null, paidFen: price.afterFen });
      recordPaidBenefit(driver, answer.data.purchaseId, price.period, op.amountFen - price.afterFen, expected?.purchase.extraPoints ?? 0);
    },
  };
  await driver.submit(submission, op);
  checkMemberAgainstModel(driver, member, `purchase ${op.amountFen}/${walletFen}`);
}

/** The answer's fields that the model predicts, one unexpected answer per difference. */
export function expectSame(driver: Driver, action: string, answer: Answer, expected: Record<string, unknown>): void {
  if (!answer.ok) return;
  for (const [field, value] of Object.entries(expected)) {
    if (JSON.stringify(answer.data[field]) !== JSON.stringify(value)) driver.unexpected(action, answer, `model: ${field} should be ${JSON.stringify(value)}`);
  }
}

async function refundPurchase(driver: Driver, op: Extract<Op, { kind: 'refundPurchase' }>): Promise<void> {
  const target = refundTarget(driver, op);
  if (!target) {
    driver.stats.skipped += 1;
    return;
  }
  // An operator may refund any purchase (its cashier may have left); another cashier may not.
  const refunder: Refunder = op.byOperator ? { fn: 'admin', openid: OPERATOR } : { fn: 'staff', openid: op.otherCashier ? CASHIERS.find((c) => c !== target.cashier)! : target.cashier };
  const once = (quirks: ClientQuirks) => driver.submit(refundPurchaseSubmission(driver, target, refunder), quirks);
  if (!op.twice) await once(op);
  else if (op.concurrent) await Promise.all([once(op), once(PLAIN)]);
  else {
    await once(op);
    await once(PLAIN);
  }
  checkMemberAgainstModel(driver, driver.model.members[target.member], `refund of ${target.purchaseId}`);
}

/** The purchase a refund picks among those that existed when its batch began (so its member is known then). */
export function refundTarget(driver: Driver, op: Extract<Op, { kind: 'refundPurchase' }>): SimPurchase | null {
  const count = Math.min(driver.purchasesAtBatchStart, driver.model.purchases.length);
  return count === 0 ? null : driver.model.purchases[op.pick % count];
}

interface Refunder {
  fn: 'staff' | 'admin';
  openid: string;
}

function refundPurchaseSubmission(driver: Driver, target: SimPurchase, refunder: Refunder): Submission {
  const requestId = driver.newRequestId();
  const member = driver.model.members[target.member];
  const allowed = refunder.fn === 'admin' || refunder.openid === target.cashier;
  const scope = refunder.fn === 'admin' ? `operator:${refunder.openid}:refundPurchase` : `staff:${refunder.openid}:refundPurchase`;
  const data = refunder.fn === 'admin' ? { purchaseId: target.purchaseId, reason: '模拟运营退款' } : { purchaseId: target.purchaseId };
  return {
    request: { scope, requestId, action: 'refundPurchase', answer: null },
    send: () => driver.invoke(refunder.fn, refunder.openid, 'refundPurchase', data, requestId),
    member: target.member,
    apply: (answer) => {
      if (!answer.ok) {
        const expected = allowed ? answer.code === 'ALREADY_REFUNDED' : answer.code === 'PURCHASE_NOT_FOUND';
        if (!expected) driver.unexpected('refundPurchase', answer, `refund of ${target.purchaseId} by ${refunder.fn === 'admin' ? 'an operator' : allowed ? 'its cashier' : 'another cashier'}`);
        return;
      }
      if (!allowed) driver.unexpected('refundPurchase', answer, 'another cashier refunded it');
      // What was paid from a top-up refunded since goes to WeChat Pay (principal) or is withdrawn (bonus).
      const { walletReturnedFen, cashRefundedFen, bonusWithdrawnFen } = answer.data;
      if (walletReturnedFen + cashRefundedFen + bonusWithdrawnFen !== target.walletFen) driver.unexpected('refundPurchase', answer, `returned ≠ the ${target.walletFen} paid`);
      target.refunds += 1;
      if (target.refunds > 1) driver.unexpected('refundPurchase', answer, `purchase ${target.purchaseId} refunded twice`);
      takeBackPaidBenefit(driver, target.purchaseId);
      member.walletFen += answer.data.walletReturnedFen;
      const now = driver.serverNow();
      if (!member.unknown && target.model) expectSame(driver, 'refundPurchase', answer, member.ledger.refund(target.model, now));
      // Its coupons come back: available while valid, expired after (as the answer says at a boundary the model cannot place).
      const coupons = driver.model.coupons;
      const until = (couponId: string) => coupons.coupon(couponId)?.validUntil ?? 0;
      const expected = target.couponIds.map((couponId) => ({ couponId, status: until(couponId) > now ? 'available' : 'expired' }));
      const told = answer.data.couponsReturned as { couponId: string; status: 'available' | 'expired' }[];
      const boundary = target.couponIds.some((id) => Math.abs(until(id) - now) < 5_000);
      if (!boundary && JSON.stringify(told) !== JSON.stringify(expected)) driver.unexpected('refundPurchase', answer, `model: couponsReturned should be ${JSON.stringify(expected)}`);
      if (answer.data.pointsReturned > 0) driver.note('refund gave back points spent as cash');
      for (const back of told) {
        driver.note(`refund gave back a coupon ${back.status}`);
        coupons.giveBack(back.couponId, now);
        const coupon = coupons.coupon(back.couponId);
        if (coupon) coupon.status = back.status;
      }
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
    member: op.member,
    apply: (answer) => {
      const fen = pkg.payFen + pkg.bonusFen;
      if (!answer.ok) {
        if (answer.code !== 'WALLET_LIMIT_EXCEEDED') driver.unexpected('createTopup', answer, 'not a failure this top-up can meet');
        else if (!member.unknown && member.ledger.placeOrder('refused', fen, TEST_BRAND.wallet.maxBalanceFen, driver.serverNow())) driver.unexpected('createTopup', answer, 'model: it fits under the ceiling');
        return;
      }
      if (!member.unknown && !member.ledger.placeOrder(answer.data.outTradeNo, fen, TEST_BRAND.wallet.maxBalanceFen, driver.serverNow())) {
        driver.unexpected('createTopup', answer, 'model: the order passes the ceiling with the balance and the unpaid orders');
      }
      order = { outTradeNo: answer.data.outTradeNo, member: op.member, principalFen: pkg.payFen, bonusFen: pkg.bonusFen, refunds: 0 };
      driver.model.orders.push(order);
    },
    // WeChat's payment parameters are signed afresh for each answer.
    volatile: ['payment'],
  };
  await driver.submit(submission, op);
  const placed = order as SimOrder | null;
  if (placed && op.pay) {
    await payOrder(driver, placed.outTradeNo, op.deliveries, op.concurrent);
    if (!driver.cloud.services.getPendingPayment(placed.outTradeNo)) {
      driver.model.findings.push(`createTopup ${requestId} answered ok with order ${placed.outTradeNo}, which WeChat Pay never received: the member cannot pay it`);
    }
    creditInModel(driver, placed);
  }
  checkMemberAgainstModel(driver, member, `top-up ${op.packageId}`);
}

/**
 * The model credits a paid order when the ledger shows its lot. A payment whose every
 * notification failed is credited later (WeChat re-delivers at the end of the run), at a moment
 * the model cannot place among the member's operations: the member is then left uncompared.
 */
function creditInModel(driver: Driver, order: SimOrder): void {
  const member = driver.model.members[order.member];
  if (member.unknown || driver.cloud.services.getPendingPayment(order.outTradeNo)?.status !== 'paid') return;
  const principal = driver.cloud.db.dump('accounts').find((a: { _id: string }) => a._id === `${member.memberId}:wallet_principal`);
  if (principal.lots.some((lot: { lotId: string }) => lot.lotId === order.outTradeNo)) member.ledger.creditTopup(order.outTradeNo, order.principalFen, order.bonusFen, driver.serverNow());
  else member.unknown = true;
}

/**
 * Several ¥100 orders of one member at once (two phones, a double-tapping member): at most
 * what fits under the ceiling, with the balance and the orders still unpaid, may be placed.
 * Which of them get placed is the database's choice; how many is the model's.
 */
async function topupBurst(driver: Driver, op: Extract<Op, { kind: 'topupBurst' }>): Promise<void> {
  const member = driver.model.members[op.member];
  const pkg = TEST_BRAND.wallet.packages.find((p) => p.id === 'p100')!;
  const answers = await Promise.all(
    Array.from({ length: op.orders }, () => {
      const requestId = driver.newRequestId();
      let answer: Answer | null = null;
      const submission: Submission = {
        request: { scope: `member:${member.openid}:createTopup`, requestId, action: 'createTopup', answer: null },
        send: () => driver.invoke('member', member.openid, 'createTopup', { packageId: pkg.id }, requestId),
        member: op.member,
        apply: (final) => {
          answer = final;
          if (final.ok) driver.model.orders.push({ outTradeNo: final.data.outTradeNo, member: op.member, principalFen: pkg.payFen, bonusFen: pkg.bonusFen, refunds: 0 });
          else if (final.code !== 'WALLET_LIMIT_EXCEEDED') driver.unexpected('createTopup', final, 'not a failure this top-up can meet');
        },
        volatile: ['payment'],
      };
      return driver.submit(submission, { lostAnswer: false, duplicate: false }).then(() => answer as Answer | null);
    }),
  );
  const placed = answers.filter((a): a is Extract<Answer, { ok: true }> => a?.ok === true);
  if (!member.unknown) {
    let fits = 0;
    for (let i = 0; i < op.orders; i++) if (member.ledger.placeOrder(placed[i]?.data.outTradeNo ?? `unplaced-${i}`, pkg.payFen + pkg.bonusFen, TEST_BRAND.wallet.maxBalanceFen, driver.serverNow())) fits++;
    if (placed.length !== fits) driver.model.problems.push(`createTopup ×${op.orders} at once placed ${placed.length} orders; the model fits ${fits} under the ceiling (seed ${driver.seed})`);
    member.ledger.holds = member.ledger.holds.filter((h) => !h.outTradeNo.startsWith('unplaced-'));
  }
  for (const answer of placed) {
    const order = driver.model.orders.find((o) => o.outTradeNo === answer.data.outTradeNo)!;
    await payOrder(driver, order.outTradeNo, 1, false);
    creditInModel(driver, order);
  }
  checkMemberAgainstModel(driver, member, `${op.orders} top-ups at once`);
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
  const answers: Answer[] = [];
  const once = (quirks: ClientQuirks) => driver.submit(refundTopupSubmission(driver, lot, answers), quirks);
  if (!op.twice) await once(op);
  else if (op.concurrent) await Promise.all([once(op), once(PLAIN)]);
  else {
    await once(op);
    await once(PLAIN);
  }
  // Two refunds at once answer in either order (the winner calls WeChat Pay after its commit),
  // but the database took the winner first: so does the model.
  const member = driver.model.members[op.member];
  for (const answer of [...answers.filter((a) => a.ok), ...answers.filter((a) => !a.ok)]) {
    if (member.unknown) break;
    const expected = member.ledger.refundTopup(lot.outTradeNo, driver.serverNow());
    if (expected.ok !== answer.ok || (!expected.ok && !answer.ok && expected.code !== answer.code)) driver.unexpected('refundTopup', answer, `model: ${JSON.stringify(expected)}`);
    else if (expected.ok) expectSame(driver, 'refundTopup', answer, { cashBackFen: expected.cashBackFen, bonusWithdrawnFen: expected.bonusWithdrawnFen });
  }
  checkMemberAgainstModel(driver, member, `top-up refund of ${lot.outTradeNo}`);
}

function refundTopupSubmission(driver: Driver, lot: SimOrder, answers: Answer[]): Submission {
  const member = driver.model.members[lot.member];
  const requestId = driver.newRequestId();
  return {
    request: { scope: `member:${member.openid}:refundTopup`, requestId, action: 'refundTopup', answer: null },
    send: () => driver.invoke('member', member.openid, 'refundTopup', { lotId: lot.outTradeNo }, requestId),
    member: lot.member,
    // A replay sends the cash refund again if it has not gone yet and answers its state now (pending, then submitted).
    volatile: ['refundStatus'],
    apply: (answer: Answer) => {
      answers.push(answer);
      if (!answer.ok) {
        // Not credited (yet, or the money never came), refunded already, nothing left in it, or past WeChat Pay's year.
        if (!['ORDER_NOT_FOUND', 'REFUND_NOT_ALLOWED', 'REFUND_WINDOW_CLOSED', 'REFUND_LIMIT_REACHED'].includes(answer.code)) driver.unexpected('refundTopup', answer, 'not a failure this refund can meet');
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
      member: op.member,
      apply: (answer) => {
        if (!answer.ok && !(answer.code === 'INSUFFICIENT_POINTS' && op.amount < 0)) driver.unexpected('adjustPoints', answer, 'not a failure this adjustment can meet');
        if (member.unknown) return;
        const expected = member.ledger.adjust(op.amount, driver.serverNow());
        if (expected.ok !== answer.ok) driver.unexpected('adjustPoints', answer, `model: ${JSON.stringify(expected)}`);
        else if (expected.ok) expectSame(driver, 'adjustPoints', answer, { balance: expected.balance });
      },
    },
    op,
  );
  checkMemberAgainstModel(driver, member, `adjustment ${op.amount}`);
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

/**
 * Ticks (some at once: a job run twice), then one more with faults off, so that every due
 * member has been expired and reviewed, however far the faulted ticks got; then the model does
 * the same for every member, and each is compared.
 */
export async function cronTicks(driver: Driver, concurrent: number): Promise<void> {
  const start = driver.serverNow();
  await Promise.all(Array.from({ length: concurrent }, () => cronTick(driver)));
  driver.cloud.db.faults.clear();
  const settled = await cronTick(driver);
  driver.cloud.db.faults.set(driver.faultSettings);
  if (!settled) driver.model.problems.push('a cron tick failed with faults off');
  const now = driver.serverNow();
  // The referral-rewards job paid welcome rewards left unpaid and decided the held rewards now due.
  followTick(driver, start, now);
  // The pack job ran to completion: the model issues what was due and learns the packs' coupons.
  followMembershipTick(driver, now);
  for (const member of driver.model.members) {
    if (member.unknown) continue;
    member.ledger.expire(now);
    member.ledger.review(now);
    checkMemberAgainstModel(driver, member, 'a cron tick');
  }
}
