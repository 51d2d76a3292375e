import { OPERATOR } from '../../tests/support/world';
import type { ModelTemplate } from './coupon-model';
import type { ClientQuirks, Driver } from './driver';
import { type ModelPlanOrder, type ModelPeriod, MembershipModel, PAYABLE_MS, SIM_PLANS, addDays, dayOf, type Quote } from './membership-model';
import type { Answer, SimMember } from './model';
import { checkMemberAgainstModel } from './model-check';
import { expectSame, notify } from './operations';
import type { Batch } from './plan';
import type { Random } from './random';

// The paid-membership and check-in operations of the simulation: buying a plan (a plan order
// paid through the local pay flow, the notification delivered 1-3 times, at once or in turn),
// renewing (buying again while covered), upgrading to the annual card, refunding (the member's
// own, refused unless within 7 days with nothing used; an operator's pro rata after reading the
// quote), the daily check-in (sometimes three phones at once) and the make-up (补签), and
// subscribe consents. Each answer is held to membership-model.ts; the points they move go through
// the ledger model, and the member's periods and check-ins in the database are compared with the
// model after each operation, the packs after each cron tick.

export type MembershipOp =
  | { kind: 'buyPlan'; member: number; plan: number; mode: 'buy' | 'upgrade'; pay: boolean; deliveries: number; concurrent: boolean; lostAnswer: boolean; duplicate: boolean }
  | { kind: 'refundPlan'; member: number; pick: number; byOperator: boolean; lostAnswer: boolean; duplicate: boolean }
  | { kind: 'checkIn'; member: number; phones: number; lostAnswer: boolean; duplicate: boolean }
  | { kind: 'makeUp'; member: number; back: number; lostAnswer: boolean; duplicate: boolean }
  | { kind: 'consent'; member: number; pack: boolean; lostAnswer: boolean; duplicate: boolean };

const KINDS = new Set(['buyPlan', 'refundPlan', 'checkIn', 'makeUp', 'consent']);
export const isMembershipOp = (op: { kind: string }): op is MembershipOp => KINDS.has(op.kind);

const PLAIN: ClientQuirks = { lostAnswer: false, duplicate: false };
const EXPIRY_TEMPLATE = 'local-template-membership-expiry';
const PACK_TEMPLATE = 'local-template-monthly-pack';
const PACK_SPEC = { name: '会员月礼', benefit: { kind: 'gift_item' as const, itemName: '会员月礼' }, days: 30, startNextDay: false, stackable: true, channel: 'grant' as const, pointsCost: null, stock: 100_000, perMemberLimit: 100, perMemberPerDayLimit: null };

interface Doc {
  _id: string;
  [field: string]: any;
}

const model = (driver: Driver): MembershipModel => driver.model.membership;
const time = (at: unknown) => new Date(at as string).getTime();
function stat(driver: Driver, what: string, by = 1): void {
  driver.stats.membership[what] = (driver.stats.membership[what] ?? 0) + by;
}

// ---- the plan ---------------------------------------------------------------------------------

/**
 * Adds the membership operations to a seed's batches, drawn from their own generator so the
 * rest of the plan stays what it was: about a third as many as the other operations, and day
 * steps (a day and a few hours, a timer tick mostly after) so streaks, packs and expiry happen.
 */
export function planMembershipOps(rng: Random, batches: Batch[], ops: number, members: number): void {
  const count = Math.round(ops * 0.35);
  for (let i = 0; i < count; i++) {
    const member = rng.int(0, members - 1);
    const lostAnswer = rng.chance(0.1);
    const duplicate = rng.chance(0.1);
    const band = rng.next();
    let op: MembershipOp | null = null;
    if (band < 0.22) op = { kind: 'buyPlan', member, plan: rng.weighted({ 0: 5, 1: 2, 2: 1 }) === '0' ? 0 : rng.chance(0.6) ? 1 : 2, mode: 'buy', pay: rng.chance(0.9), deliveries: rng.int(1, 3), concurrent: rng.chance(0.5), lostAnswer, duplicate };
    else if (band < 0.3) op = { kind: 'buyPlan', member, plan: 2, mode: 'upgrade', pay: rng.chance(0.95), deliveries: rng.int(1, 3), concurrent: rng.chance(0.5), lostAnswer, duplicate };
    else if (band < 0.4) op = { kind: 'refundPlan', member, pick: rng.uint(), byOperator: rng.chance(0.4), lostAnswer, duplicate };
    else if (band < 0.72) op = { kind: 'checkIn', member, phones: rng.chance(0.1) ? 3 : 1, lostAnswer, duplicate };
    else if (band < 0.84) op = { kind: 'makeUp', member, back: rng.int(1, 7), lostAnswer, duplicate };
    else if (band < 0.9) op = { kind: 'consent', member, pack: rng.chance(0.5), lostAnswer, duplicate };
    if (op) batches[rng.int(0, batches.length - 1)].ops.push(op);
    else {
      // A day on (and a few hours): its own batch, a timer tick after it mostly.
      const at = rng.int(0, batches.length);
      const step: Batch = { ops: [{ kind: 'clock', jump: { type: 'minutes', minutes: 24 * 60 + rng.int(0, 6 * 60) } }], failNth: null, faultSeed: rng.uint() };
      if (rng.chance(0.7)) step.ops.push({ kind: 'cron', times: 1 });
      batches.splice(at, 0, step);
    }
  }
}

// ---- set-up -----------------------------------------------------------------------------------

/** The pack's coupon template and the three plans, made by the operator through the admin function. */
export async function setUpMembership(driver: Driver): Promise<void> {
  const m = (driver.model.membership = new MembershipModel());
  const template = await driver.invoke('admin', OPERATOR, 'createCouponTemplate', {
    name: PACK_SPEC.name,
    benefit: PACK_SPEC.benefit,
    validity: { type: 'days_after_claim', days: PACK_SPEC.days, startNextDay: false },
    storeIds: null,
    minTierCode: null,
    stackable: true,
    channel: PACK_SPEC.channel,
    pointsCost: null,
    stock: PACK_SPEC.stock,
    perMemberLimit: PACK_SPEC.perMemberLimit,
    perMemberPerDayLimit: null,
  }, driver.newRequestId());
  if (!template.ok) throw new Error(`createCouponTemplate ${PACK_SPEC.name}: ${JSON.stringify(template)}`);
  m.packTemplateId = template.data.templateId;
  // A grant-channel template (the coupon model names only the center and the mall; it never claims this one).
  driver.model.coupons.templates.push({ ...PACK_SPEC, templateId: m.packTemplateId, issued: 0, dryAnswered: false } as unknown as ModelTemplate);
  for (const plan of SIM_PLANS) {
    const input = {
      name: plan.name,
      kind: plan.kind,
      priceFen: plan.priceFen,
      trialPriceFen: plan.trialPriceFen,
      openingGift: { points: plan.openingPoints, couponTemplateIds: [] },
      monthlyCouponTemplateIds: [m.packTemplateId],
      pointsMultiplierPercent: plan.multiplierPercent,
      memberPricePercent: plan.pricePercent,
      monthlyPackValueFen: plan.packValueFen,
    };
    const saved = await driver.invoke('admin', OPERATOR, 'savePaidPlan', { plan: input }, driver.newRequestId());
    if (!saved.ok) throw new Error(`savePaidPlan ${plan.name}: ${JSON.stringify(saved)}`);
    m.planIds.push(saved.data.planId);
  }
}

// ---- what purchases see -----------------------------------------------------------------------

/** The member price and the multiplier's extra at `at`: the list price when no period covers it. */
export function paidPrice(driver: Driver, member: number, listFen: number, at: number): { afterFen: number; extraPercent: number; period: ModelPeriod | null } {
  const terms = model(driver).termsAt(member, at);
  if (!terms || terms.pricePercent >= 100) return { afterFen: listFen, extraPercent: terms?.extraPercent ?? 0, period: terms?.period ?? null };
  return { afterFen: Math.floor((listFen * terms.pricePercent) / 100), extraPercent: terms.extraPercent, period: terms.period };
}

/** A purchase a period covered records its saving (over the tier's price: the test brand's tiers pay 100 %) and extra points. */
export function recordPaidBenefit(driver: Driver, purchaseId: string, period: ModelPeriod | null, savedFen: number, extraPoints: number): void {
  if (!period || (savedFen <= 0 && extraPoints <= 0)) return;
  period.savedFen += savedFen;
  period.extraPoints += extraPoints;
  model(driver).benefits.set(purchaseId, { period, savedFen, extraPoints });
  driver.note('purchase with a paid membership');
}

/** A refunded purchase takes its plan benefit back off the period (never below 0). */
export function takeBackPaidBenefit(driver: Driver, purchaseId: string): void {
  const benefit = model(driver).benefits.get(purchaseId);
  if (!benefit) return;
  benefit.period.savedFen = Math.max(0, benefit.period.savedFen - benefit.savedFen);
  benefit.period.extraPoints = Math.max(0, benefit.period.extraPoints - benefit.extraPoints);
  model(driver).benefits.delete(purchaseId);
}

// ---- running ----------------------------------------------------------------------------------

export async function runMembershipOp(driver: Driver, op: MembershipOp): Promise<void> {
  switch (op.kind) {
    case 'buyPlan':
      return buyPlan(driver, op);
    case 'refundPlan':
      return refundPlan(driver, op);
    case 'checkIn':
      return checkIn(driver, op);
    case 'makeUp':
      return makeUp(driver, op);
    case 'consent':
      return consent(driver, op);
  }
}

/** The model's answer at two moments: the same → it; different (a boundary passed during the call) → undefined. */
function atBoth<T>(from: number, to: number, predict: (now: number) => T): T | undefined {
  const a = predict(from);
  return JSON.stringify(a) === JSON.stringify(predict(to)) ? a : undefined;
}

async function buyPlan(driver: Driver, op: Extract<MembershipOp, { kind: 'buyPlan' }>): Promise<void> {
  const member = driver.model.members[op.member];
  const m = model(driver);
  const plan = SIM_PLANS[op.plan];
  const requestId = driver.newRequestId();
  const sent = driver.serverNow();
  let order: ModelPlanOrder | null = null;
  await driver.submit(
    {
      request: { scope: `member:${member.openid}:createPlanOrder`, requestId, action: 'createPlanOrder', answer: null },
      send: () => driver.invoke('member', member.openid, 'createPlanOrder', { planId: m.planIds[op.plan], mode: op.mode }, requestId),
      member: op.member,
      volatile: ['payment'],
      apply: (answer) => {
        const now = driver.serverNow();
        const predicted = member.unknown ? undefined : atBoth(sent, now, (at) => m.offer(op.member, plan, op.mode, at));
        if (!answer.ok) {
          stat(driver, `plan ${op.mode} refused ${answer.code}`);
          if (answer.code !== 'PLAN_UPGRADE_NOT_ALLOWED') driver.unexpected('createPlanOrder', answer, 'not a refusal a plan order can meet');
          else if (predicted && !('refused' in predicted)) driver.unexpected('createPlanOrder', answer, `model: ${JSON.stringify(predicted)}`);
          return;
        }
        if (predicted && 'refused' in predicted) driver.unexpected('createPlanOrder', answer, `model: ${predicted.refused}`);
        else if (predicted) {
          expectSame(driver, 'createPlanOrder', answer, { totalFee: predicted.payFen });
          if (answer.data.offer.trial !== predicted.trial || answer.data.offer.creditFen !== predicted.creditFen) driver.unexpected('createPlanOrder', answer, `model: trial ${predicted.trial}, credit ${predicted.creditFen}`);
        }
        const doc = driver.cloud.db.dump('payment_orders').find((o: Doc) => o._id === answer.data.outTradeNo);
        order = { outTradeNo: answer.data.outTradeNo, member: op.member, plan, mode: op.mode, payFen: answer.data.totalFee, trial: answer.data.offer.trial, createdAt: doc ? time(doc.createdAt) : now, status: 'pending' };
        m.orders.push(order);
        if (order.trial) m.of(op.member).reservation = { outTradeNo: order.outTradeNo, until: order.createdAt + PAYABLE_MS };
      },
    },
    op,
  );
  const placed = order as ModelPlanOrder | null;
  if (placed && op.pay) {
    const deliver = () => notify(driver, placed.outTradeNo);
    let acked: boolean[] = op.concurrent ? await Promise.all(Array.from({ length: op.deliveries }, deliver)) : [];
    if (!op.concurrent) for (let i = 0; i < op.deliveries; i++) acked.push(await deliver());
    for (let again = 0; !acked.some(Boolean) && again < 4; again++) {
      driver.stats.notifications.redelivered += 1;
      acked = [...acked, await deliver()];
    }
    if (op.deliveries > 1) stat(driver, 'plan payments delivered more than once');
    creditPlanInModel(driver, placed);
  }
  compareMembership(driver, op.member, `plan ${op.mode} ${plan.name}`);
}

/** The model credits a paid plan order at the moment the database stamped on its period. */
export function creditPlanInModel(driver: Driver, order: ModelPlanOrder): void {
  const member = driver.model.members[order.member];
  if (order.status !== 'pending' || driver.cloud.services.getPendingPayment(order.outTradeNo)?.status !== 'paid') return;
  const membership = driver.cloud.db.dump('paid_memberships').find((d: Doc) => d._id === member.memberId);
  const stored = membership?.periods.find((p: Doc) => p.outTradeNo === order.outTradeNo);
  if (!stored) {
    // WeChat took the money and every notification failed: credited at the end of the run, at a moment the model cannot place.
    member.unknown = true;
    return;
  }
  const { period, openingPoints } = model(driver).credit(order, time(stored.paidAt));
  stat(driver, `periods ${period.kind === 'buy' ? 'bought' : period.kind === 'renew' ? 'renewed' : 'upgraded'}`);
  if (order.trial) stat(driver, 'trial prices paid');
  if (openingPoints > 0 && !member.unknown) member.ledger.adjust(openingPoints, period.paidAt);
  checkMemberAgainstModel(driver, member, `plan order ${order.outTradeNo} paid`);
}

async function refundPlan(driver: Driver, op: Extract<MembershipOp, { kind: 'refundPlan' }>): Promise<void> {
  const member = driver.model.members[op.member];
  const m = model(driver);
  const orders = m.orders.filter((o) => o.member === op.member && o.status !== 'pending');
  if (orders.length === 0) {
    driver.stats.skipped += 1;
    return;
  }
  const order = orders[op.pick % orders.length];
  const used = (couponId: string) => driver.model.coupons.coupon(couponId)?.status === 'used';
  const predict = (at: number) => m.quote(order, member.ledger, at, used);
  const sent = driver.serverNow();
  let expectedRefund: number | null = null;
  if (op.byOperator) {
    const read = await driver.attempt(() => driver.invoke('admin', OPERATOR, 'memberPlanOrders', { memberNo: member.memberNo }));
    if (!read?.ok) {
      driver.stats.skipped += 1;
      return;
    }
    const quote = (read.data.quotes as Doc[]).find((q) => q.outTradeNo === order.outTradeNo);
    const predicted = member.unknown ? undefined : atBoth(sent, driver.serverNow(), predict);
    if (predicted && 'refused' in predicted) {
      if (quote) driver.model.problems.push(`memberPlanOrders quotes ${order.outTradeNo} (${JSON.stringify(quote)}); model: ${predicted.refused} (seed ${driver.seed})`);
      stat(driver, 'plan refunds refused');
      return;
    }
    if (!quote) {
      if (predicted) driver.model.problems.push(`memberPlanOrders leaves out ${order.outTradeNo}; model: ${JSON.stringify(predicted)} (seed ${driver.seed})`);
      return;
    }
    if (predicted) compareQuote(driver, order.outTradeNo, quote, predicted);
    expectedRefund = quote.refundFen;
    if (expectedRefund === 0) stat(driver, 'plan refund quotes at 0');
  }
  const requestId = driver.newRequestId();
  const scope = op.byOperator ? `operator:${OPERATOR}:refundPlanByOperator` : `member:${member.openid}:refundPlan`;
  const send = op.byOperator
    ? () => driver.invoke('admin', OPERATOR, 'refundPlanByOperator', { memberNo: member.memberNo, outTradeNo: order.outTradeNo, reason: '模拟退会员卡', expectedRefundFen: Math.max(1, expectedRefund ?? 1) }, requestId)
    : () => driver.invoke('member', member.openid, 'refundPlan', { outTradeNo: order.outTradeNo }, requestId);
  await driver.submit(
    {
      request: { scope, requestId, action: op.byOperator ? 'refundPlanByOperator' : 'refundPlan', answer: null },
      send,
      member: op.member,
      volatile: ['refundStatus', 'membership'],
      checkedBeforeRecord: ['PLAN_REFUND_NOT_ALLOWED', 'ORDER_NOT_FOUND', 'REFUND_WINDOW_CLOSED'],
      apply: (answer) => applyPlanRefund(driver, op, order, answer, sent, predict),
    },
    op,
  );
  compareMembership(driver, op.member, `plan refund of ${order.outTradeNo}${op.byOperator ? ' by an operator' : ''}`);
}

function compareQuote(driver: Driver, outTradeNo: string, quote: Doc, predicted: Quote): void {
  const fields = ['mode', 'totalDays', 'unusedDays', 'unusedValueFen', 'benefitsReceivedFen', 'refundFen', 'shortfallFen'] as const;
  const wrong = fields.filter((f) => quote[f] !== predicted[f]);
  if (wrong.length) driver.model.problems.push(`model: plan refund quote of ${outTradeNo}: ${wrong.map((f) => `${f} ${quote[f]}, model ${predicted[f]}`).join('; ')} (seed ${driver.seed})`);
}

function applyPlanRefund(driver: Driver, op: Extract<MembershipOp, { kind: 'refundPlan' }>, order: ModelPlanOrder, answer: Answer, sent: number, predict: (at: number) => Quote | { refused: string }): void {
  const member = driver.model.members[op.member];
  const m = model(driver);
  const predicted = member.unknown ? undefined : atBoth(sent, driver.serverNow(), predict);
  const expectedCode = (q: Quote | { refused: string }) => ('refused' in q ? q.refused : op.byOperator ? (q.refundFen === 0 ? 'PLAN_REFUND_ZERO' : 'ok') : q.mode === 'full' ? 'ok' : 'PLAN_REFUND_NOT_ALLOWED');
  if (!answer.ok) {
    stat(driver, `plan refunds refused ${answer.code}`);
    const allowed = ['PLAN_REFUND_NOT_ALLOWED', 'PLAN_REFUND_ZERO', 'ORDER_NOT_FOUND', 'REFUND_WINDOW_CLOSED', ...(op.byOperator ? ['PRICE_CHANGED'] : [])];
    if (!allowed.includes(answer.code)) driver.unexpected(answer.code, answer, 'not a refusal a plan refund can meet');
    else if (predicted && answer.code !== 'PRICE_CHANGED' && expectedCode(predicted) !== answer.code) driver.unexpected('refundPlan', answer, `model: ${expectedCode(predicted)} ${JSON.stringify(predicted)}`);
    return;
  }
  if (predicted && expectedCode(predicted) !== 'ok') driver.unexpected('refundPlan', answer, `model: ${expectedCode(predicted)} ${JSON.stringify(predicted)}`);
  else if (predicted && !('refused' in predicted)) compareQuote(driver, order.outTradeNo, answer.data.quote, predicted);
  const doc = driver.cloud.db.dump('payment_orders').find((o: Doc) => o._id === order.outTradeNo);
  const at = doc?.refundedAt ? time(doc.refundedAt) : driver.serverNow();
  const full = answer.data.quote.mode === 'full';
  stat(driver, full ? 'plan refunds in full' : 'plan refunds pro rata');
  const period = m.refund(order, at);
  if (full && period.openingPoints > 0 && !member.unknown) {
    const taken = member.ledger.adjust(-period.openingPoints, at);
    if (!taken.ok) driver.unexpected('refundPlan', answer, 'model: the opening gift points are no longer there');
  }
  // The pack coupons of packs none of whose coupons was used are withdrawn: as the database ended them.
  const coupons = new Map<string, Doc>(driver.cloud.db.dump('coupons').filter((c: Doc) => c.memberId === member.memberId).map((c: Doc) => [c._id, c]));
  for (const ids of period.packCoupons.values()) {
    if (ids.some((id) => driver.model.coupons.coupon(id)?.status === 'used')) continue;
    for (const id of ids) {
      const c = driver.model.coupons.coupon(id);
      const stored = coupons.get(id);
      if (!c || c.status !== 'available' || !stored) continue;
      if (stored.status !== 'expired') driver.model.problems.push(`plan refund of ${order.outTradeNo} left pack coupon ${id} ${stored.status} (seed ${driver.seed})`);
      c.status = 'expired';
      c.validUntil = Math.min(c.validUntil, time(stored.validUntil));
    }
  }
  checkMemberAgainstModel(driver, member, `plan refund of ${order.outTradeNo}`);
}

async function checkIn(driver: Driver, op: Extract<MembershipOp, { kind: 'checkIn' }>): Promise<void> {
  const member = driver.model.members[op.member];
  const answers: Answer[] = [];
  const once = (quirks: ClientQuirks) => {
    const requestId = driver.newRequestId();
    return driver.submit(
      {
        request: { scope: `member:${member.openid}:checkIn`, requestId, action: 'checkIn', answer: null },
        send: () => driver.invoke('member', member.openid, 'checkIn', {}, requestId),
        member: op.member,
        apply: (answer) => answers.push(answer),
      },
      quirks,
    );
  };
  if (op.phones > 1) stat(driver, 'check-ins from 3 phones at once');
  await Promise.all([once(op), ...Array.from({ length: op.phones - 1 }, () => once(PLAIN))]);
  // The database let one commit first: the model takes the ok answers first.
  const now = driver.serverNow();
  const today = dayOf(now);
  const oks = answers.filter((a) => a.ok);
  if (oks.length > 1) driver.model.problems.push(`checkIn from ${op.phones} phones at once checked in ${oks.length} times (seed ${driver.seed})`);
  for (const answer of [...oks, ...answers.filter((a) => !a.ok)]) {
    if (!answer.ok) {
      if (answer.code !== 'ALREADY_CHECKED_IN') driver.unexpected('checkIn', answer, 'not a refusal a check-in can meet');
      else if (!member.unknown && !model(driver).checkInsOf(op.member).runs.has(today)) driver.unexpected('checkIn', answer, `model: not checked in on ${today}`);
      stat(driver, 'check-ins refused');
      continue;
    }
    stat(driver, 'check-ins');
    const expected = model(driver).checkIn(op.member, answer.data.day);
    if ('refused' in expected) {
      driver.unexpected('checkIn', answer, `model: ${expected.refused}`);
      continue;
    }
    if (expected.streak === 7) stat(driver, 'check-ins on streak day 7');
    if (member.unknown) continue;
    const credited = member.ledger.adjust(expected.points, now);
    expectSame(driver, 'checkIn', answer, { streak: expected.streak, pointsBalance: credited.ok ? credited.balance : null });
    if (answer.data.reward.points !== expected.points) driver.unexpected('checkIn', answer, `model: ${expected.points} points`);
  }
  compareMembership(driver, op.member, 'check-in');
  checkMemberAgainstModel(driver, member, 'check-in');
}

async function makeUp(driver: Driver, op: Extract<MembershipOp, { kind: 'makeUp' }>): Promise<void> {
  const member = driver.model.members[op.member];
  const m = model(driver);
  const sent = driver.serverNow();
  const day = addDays(dayOf(sent), -op.back);
  const requestId = driver.newRequestId();
  await driver.submit(
    {
      request: { scope: `member:${member.openid}:makeUpCheckIn`, requestId, action: 'makeUpCheckIn', answer: null },
      send: () => driver.invoke('member', member.openid, 'makeUpCheckIn', { day }, requestId),
      member: op.member,
      checkedBeforeRecord: ['MAKE_UP_NOT_ALLOWED'],
      apply: (answer) => {
        const now = driver.serverNow();
        // The moment of joining is the database's; the rule applied to it is the model's.
        const joined = driver.cloud.db.dump('members').find((d: Doc) => d._id === member.memberId)?.registeredAt;
        const joinedDay = joined ? dayOf(time(joined)) : '0000-00-00';
        const predict = (at: number) => m.makeUpRefusal(op.member, day, dayOf(at), joinedDay) ?? (member.ledger.pointsAfterExpiry(at) < 20 ? 'INSUFFICIENT_POINTS' : null);
        const expected = member.unknown ? undefined : atBoth(sent, now, predict);
        if (!answer.ok) {
          stat(driver, `make-ups refused ${answer.code}`);
          if (!['MAKE_UP_NOT_ALLOWED', 'MAKE_UP_LIMIT_REACHED', 'INSUFFICIENT_POINTS'].includes(answer.code)) driver.unexpected('makeUpCheckIn', answer, 'not a refusal a make-up can meet');
          else if (expected !== undefined && expected !== answer.code) driver.unexpected('makeUpCheckIn', answer, `model: ${expected ?? 'ok'}`);
          return;
        }
        stat(driver, 'make-ups');
        if (expected) driver.unexpected('makeUpCheckIn', answer, `model: ${expected}`);
        const today = answer.data.calendar.today as string;
        m.makeUp(op.member, day, today);
        if (member.unknown) return;
        const spent = member.ledger.adjust(-20, now);
        expectSame(driver, 'makeUpCheckIn', answer, { pointsBalance: spent.ok ? spent.balance : null });
        if (answer.data.reward.points !== 0) driver.unexpected('makeUpCheckIn', answer, 'model: a make-up earns nothing');
      },
    },
    op,
  );
  compareMembership(driver, op.member, `make-up of ${day}`);
  checkMemberAgainstModel(driver, member, `make-up of ${day}`);
}

async function consent(driver: Driver, op: Extract<MembershipOp, { kind: 'consent' }>): Promise<void> {
  const member = driver.model.members[op.member];
  const requestId = driver.newRequestId();
  const results = { [EXPIRY_TEMPLATE]: 'accept', [PACK_TEMPLATE]: op.pack ? 'accept' : 'reject' };
  await driver.submit(
    {
      request: { scope: `member:${member.openid}:recordSubscribeConsent`, requestId, action: 'recordSubscribeConsent', answer: null },
      send: () => driver.invoke('member', member.openid, 'recordSubscribeConsent', { results }, requestId),
      apply: (answer) => {
        if (!answer.ok) return driver.unexpected('recordSubscribeConsent', answer, 'a consent has no business failures');
        stat(driver, 'subscribe consents');
        const consents = model(driver).consents;
        consents.membershipExpiry = (consents.membershipExpiry ?? 0) + 1;
        if (op.pack) consents.monthlyPack = (consents.monthlyPack ?? 0) + 1;
      },
    },
    op,
  );
}

// ---- cron and comparisons ---------------------------------------------------------------------

/**
 * After a settled tick (the pack job run to completion at `now`): the model issues each live
 * period's packs due by then, learns their coupons from the database (the coupon model holds
 * them, so gift redemptions may use them), and compares every member's periods and packs.
 */
export function followMembershipTick(driver: Driver, now: number): void {
  const m = model(driver);
  if (!m.packTemplateId) return;
  const template = driver.model.coupons.templates.find((t) => t.templateId === m.packTemplateId) as ModelTemplate;
  const memberships = new Map<string, Doc>(driver.cloud.db.dump('paid_memberships').map((d: Doc) => [d._id, d]));
  const coupons = new Map<string, Doc>(driver.cloud.db.dump('coupons').filter((c: Doc) => c.templateId === m.packTemplateId).map((c: Doc) => [c._id, c]));
  driver.model.members.forEach((member, index) => {
    const doc = memberships.get(member.memberId);
    for (const { period, monthStart } of m.packsDue(index, now)) {
      period.packs.push(monthStart);
      stat(driver, 'packs issued');
      const stored = doc?.periods.find((p: Doc) => p.outTradeNo === period.outTradeNo)?.packs.find((k: Doc) => time(k.monthStart) === monthStart);
      const ids: string[] = stored?.couponIds ?? [];
      period.packCoupons.set(monthStart, ids);
      for (const id of ids) {
        const c = coupons.get(id);
        if (c && !driver.model.coupons.coupon(id)) driver.model.coupons.issue(template, index, id, time(c.validFrom), time(c.validUntil), time(c.createdAt ?? now));
      }
    }
    compareMembership(driver, index, 'a cron tick');
  });
}

/** The member's periods (start, end, refunded, packs) and check-ins in the database against the model. */
export function compareMembership(driver: Driver, index: number, after: string): void {
  const member: SimMember = driver.model.members[index];
  if (member.unknown) return;
  const m = model(driver);
  const doc = driver.cloud.db.dump('paid_memberships').find((d: Doc) => d._id === member.memberId);
  const stored = (doc?.periods ?? []).map((p: Doc) => [p.outTradeNo, new Date(p.startsAt).toISOString(), new Date(p.endsAt).toISOString(), p.refunded, p.packs.map((k: Doc) => new Date(k.monthStart).toISOString()).sort()]);
  const modelled = m.of(index).periods.map((p) => [p.outTradeNo, new Date(p.startsAt).toISOString(), new Date(p.endsAt).toISOString(), p.refunded, p.packs.map((s) => new Date(s).toISOString()).sort()]);
  const problems: string[] = [];
  if (JSON.stringify(stored) !== JSON.stringify(modelled)) problems.push(`periods ${JSON.stringify(stored)}, model ${JSON.stringify(modelled)}`);
  const checkins = driver.cloud.db
    .dump('checkins')
    .filter((c: Doc) => c.memberId === member.memberId)
    .map((c: Doc) => [c.day, c.run, c.madeUp])
    .sort((a: unknown[], b: unknown[]) => (String(a[0]) < String(b[0]) ? -1 : 1));
  const c = m.checkInsOf(index);
  const expected = [...c.runs.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, run]) => [day, run, c.madeUp.has(day)]);
  if (JSON.stringify(checkins) !== JSON.stringify(expected)) problems.push(`check-ins ${JSON.stringify(checkins)}, model ${JSON.stringify(expected)}`);
  for (const problem of problems) driver.model.problems.push(`model: member ${member.memberNo} after ${after}: ${problem} (seed ${driver.seed})`);
}

/** At the end: WeChat re-delivers the plan payments it took money for and nobody acknowledged. */
export async function settleMembership(driver: Driver): Promise<void> {
  for (const order of model(driver).orders) {
    if (order.status === 'pending' && driver.cloud.services.getPendingPayment(order.outTradeNo)?.status === 'paid') {
      await notify(driver, order.outTradeNo);
      driver.model.members[order.member].unknown = true;
    }
  }
}
