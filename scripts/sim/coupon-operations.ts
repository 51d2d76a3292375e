import { CASHIER, CASHIER_2, STORE } from '../../tests/support/world';
import type { ModelPrice, ModelRedemption, ModelTemplate } from './coupon-model';
import type { ClientQuirks, Driver, Submission } from './driver';
import type { Answer, SimMember } from './model';
import { checkMemberAgainstModel } from './model-check';
import { expectSame } from './operations';
import { paidPrice, recordPaidBenefit } from './membership-operations';
import type { Op } from './plan';

// The coupon operations: claims, the points mall, checkouts with coupons and points as cash,
// gift items redeemed at the counter and undone. Each sends what a real client sends (the
// checkout quotes first and confirms the quote) and holds every answer to the coupon model
// (coupon-model.ts) and the ledger model (ledger-model.ts). A prediction that depends on the
// exact moment (a coupon ending, the undo window closing) is made at the moments before and
// after the call; when those disagree the answer decides.

const CASHIERS = [CASHIER, CASHIER_2] as const;
const PLAIN: ClientQuirks = { lostAnswer: false, duplicate: false };

/** The codes a claim or a mall redemption decides before its request is recorded. */
const ISSUE_EARLY = ['OUT_OF_STOCK', 'CLAIM_LIMIT_REACHED', 'DAILY_CLAIM_LIMIT_REACHED', 'INSUFFICIENT_POINTS'];
/** The refusals a checkout can meet: its pricing (coupons, points, wallet) and a quote gone stale. */
const CHECKOUT_REFUSALS = new Set([
  'COUPON_NOT_HELD',
  'COUPON_DUPLICATE',
  'COUPON_USED',
  'COUPON_EXPIRED',
  'COUPON_NOT_YET_VALID',
  'COUPON_BELOW_THRESHOLD',
  'TOO_MANY_COUPONS',
  'COUPON_NOT_STACKABLE',
  'COUPON_NO_EFFECT',
  'POINTS_ABOVE_BALANCE',
  'POINTS_ABOVE_CAP',
  'WALLET_ABOVE_DUE',
  'INSUFFICIENT_WALLET',
]);
const UNDO_REFUSALS = ['REDEMPTION_NOT_FOUND', 'ALREADY_UNDONE', 'UNDO_WINDOW_PASSED'];

/** The model's answer at two moments: the same → it; different (a boundary passed during the call) → undefined. */
function atBoth<T>(from: number, to: number, predict: (now: number) => T): T | undefined {
  const a = predict(from);
  return JSON.stringify(a) === JSON.stringify(predict(to)) ? a : undefined;
}

const codeOf = (answer: Answer) => (answer.ok ? 'ok' : answer.code);

// ---- claims and the mall --------------------------------------------------------------------

export async function claim(driver: Driver, op: Extract<Op, { kind: 'claim' }>): Promise<void> {
  const member = driver.model.members[op.member];
  const template = driver.model.coupons.templates[op.template];
  const requestId = driver.newRequestId();
  const sent = driver.serverNow();
  await driver.submit(
    {
      request: { scope: `member:${member.openid}:claimCoupon`, requestId, action: 'claimCoupon', answer: null },
      send: () => driver.invoke('member', member.openid, 'claimCoupon', { templateId: template.templateId }, requestId),
      member: op.member,
      checkedBeforeRecord: ISSUE_EARLY,
      apply: (answer) => applyIssue(driver, 'claimCoupon', op.member, template, answer, sent),
    },
    op,
  );
  checkMemberAgainstModel(driver, member, `claim of ${template.name}`);
}

export async function mall(driver: Driver, op: Extract<Op, { kind: 'mall' }>): Promise<void> {
  const member = driver.model.members[op.member];
  const template = driver.model.coupons.templates.find((t) => t.channel === 'mall')!;
  const requestId = driver.newRequestId();
  const sent = driver.serverNow();
  await driver.submit(
    {
      request: { scope: `member:${member.openid}:redeemMallItem`, requestId, action: 'redeemMallItem', answer: null },
      send: () => driver.invoke('member', member.openid, 'redeemMallItem', { templateId: template.templateId }, requestId),
      member: op.member,
      checkedBeforeRecord: ISSUE_EARLY,
      apply: (answer) => applyIssue(driver, 'redeemMallItem', op.member, template, answer, sent),
    },
    op,
  );
  checkMemberAgainstModel(driver, member, `mall redemption of ${template.name}`);
}

/**
 * A claim's or a mall redemption's answer. Limits come first (the model knows each member's
 * counters), then the mall's points, then the stock, which members race for: an OUT_OF_STOCK is
 * held to the end of the run (the whole stock must then have been issued), an ok to the stock.
 */
function applyIssue(driver: Driver, action: string, index: number, t: ModelTemplate, answer: Answer, sent: number): void {
  const member = driver.model.members[index];
  const coupons = driver.model.coupons;
  const now = driver.serverNow();
  const refusal = (at: number) => coupons.claimRefusal(t, index, at) ?? (t.pointsCost !== null && member.ledger.pointsAfterExpiry(at) < t.pointsCost ? 'INSUFFICIENT_POINTS' : null);
  const expected = member.unknown ? undefined : atBoth(sent, now, refusal);
  if (!answer.ok) {
    if (!ISSUE_EARLY.includes(answer.code)) driver.unexpected(action, answer, 'not a failure a claim can meet');
    if (answer.code === 'OUT_OF_STOCK') {
      t.dryAnswered = true;
      driver.note(`${action} out of stock`);
      if (expected) driver.unexpected(action, answer, `model: ${expected} comes before the stock`);
    } else if (expected !== undefined && expected !== answer.code) driver.unexpected(action, answer, `model: ${expected ?? 'ok or OUT_OF_STOCK'}`);
    return;
  }
  if (expected) driver.unexpected(action, answer, `model: ${expected}`);
  if (t.issued >= t.stock) driver.unexpected(action, answer, `template ${t.name} issued past its stock of ${t.stock}`);
  const validFrom = Date.parse(answer.data.validFrom);
  const validUntil = Date.parse(answer.data.validUntil);
  const windows = [coupons.validity(t, sent), coupons.validity(t, now)];
  if (!windows.some((w) => w.validUntil === validUntil && (w.validFrom === null ? validFrom >= sent - 1_000 && validFrom <= now + 1_000 : w.validFrom === validFrom))) {
    driver.unexpected(action, answer, `model: valid ${windows.map((w) => `${w.validFrom === null ? 'from the claim' : new Date(w.validFrom).toISOString()} until ${new Date(w.validUntil).toISOString()}`).join(' or ')}`);
  }
  coupons.issue(t, index, answer.data.couponId, validFrom, validUntil, now);
  driver.note(`${action} issued`);
  if (t.pointsCost !== null && !member.unknown) {
    const spent = member.ledger.spendOnItem(t.pointsCost, now);
    if (!spent.ok) driver.unexpected(action, answer, `model: ${spent.code}`);
    else expectSame(driver, action, answer, { pointsSpent: t.pointsCost, balance: spent.balance });
  }
}

// ---- checkout -------------------------------------------------------------------------------

/**
 * The cashier's checkout: a quote (priceCheckout) with the coupons picked and points as cash
 * on, then the confirmation of exactly that quote (recordPurchase) with a share of what is due
 * from the wallet. A quote refused is sometimes confirmed anyway, to see the confirmation refuse
 * it the same way and change nothing.
 */
export async function checkout(driver: Driver, op: Extract<Op, { kind: 'checkout' }>): Promise<void> {
  const member = driver.model.members[op.member];
  const coupons = driver.model.coupons;
  const cashier = CASHIERS[op.cashier];
  const now = driver.serverNow();
  const mine = op.coupons === 'held' ? coupons.ofMember(op.member) : coupons.ofMember(op.member).filter((c) => c.status === 'available' && c.validUntil > now);
  let couponIds: string[] | undefined;
  if (op.coupons === 'best') couponIds = undefined;
  else if (op.coupons === 'none' || (op.coupons !== 'other' && mine.length === 0)) couponIds = [];
  else if (op.coupons === 'held' || op.coupons === 'usable') couponIds = [mine[op.pick % mine.length].couponId];
  else if (op.coupons === 'two') couponIds = mine.length < 2 ? [mine[0].couponId] : twoOf(mine.map((c) => c.couponId), op.pick);
  else {
    const others = coupons.coupons.filter((c) => c.member !== op.member);
    couponIds = [others.length ? others[op.pick % others.length].couponId : 'cp-nobody-holds-this'];
  }
  const usePoints = op.points !== 'none';
  const code = await driver.memberCode(op.member);
  const quoted = driver.serverNow();
  const quote = await driver.attempt(() =>
    driver.invoke('staff', cashier, 'priceCheckout', { code, amountFen: op.amountFen, walletFen: 0, usePoints, ...(couponIds ? { couponIds } : {}) }),
  );
  if (!quote) {
    driver.stats.skipped += 1;
    return;
  }
  const afterQuote = driver.serverNow();
  if (!member.unknown) {
    // A paid member's price comes off the list price before the coupons (membership-operations.ts).
    const predicted = atBoth(quoted, afterQuote, (now) => coupons.price('quote', { member: op.member, listFen: paidPrice(driver, op.member, op.amountFen, now).afterFen, couponIds, usePoints, ledger: member.ledger, now }));
    if (predicted) checkQuote(driver, quote, predicted);
  }
  if (!quote.ok && !CHECKOUT_REFUSALS.has(quote.code)) driver.unexpected('priceCheckout', quote, 'not a refusal a checkout can meet');
  if (!quote.ok) driver.note(`quote refused ${quote.code}`);

  let chosen: string[];
  let pointsRequested: number | undefined;
  let dueFen: number;
  if (quote.ok) {
    chosen = quote.data.selectedCouponIds;
    const max = quote.data.points.spent as number;
    const beforePoints = quote.data.remainderFen + quote.data.points.fen;
    if (op.points === 'some' && max > 1) pointsRequested = Math.max(1, Math.floor(max * op.pointsShare));
    if (op.points === 'over') pointsRequested = max + 1 + Math.floor(op.pointsShare * 2_000);
    dueFen = pointsRequested === undefined ? quote.data.remainderFen : beforePoints - Math.min(pointsRequested, beforePoints);
  } else {
    if (op.pointsShare < 0.5) return;
    chosen = couponIds ?? [];
    dueFen = op.amountFen;
  }
  const walletFen = Math.floor(dueFen * op.walletShare);
  const data = {
    code,
    amountFen: op.amountFen,
    walletFen,
    usePoints,
    couponIds: chosen,
    ...(pointsRequested !== undefined ? { pointsRequested } : {}),
    ...(op.expectRemainder && quote.ok && op.points !== 'over' ? { expectedRemainderFen: dueFen - walletFen } : {}),
  };
  const sent = driver.serverNow();
  const confirm = (by: string, quirks: ClientQuirks, apply: (answer: Answer) => void) => {
    const requestId = driver.newRequestId();
    return driver.submit(
      {
        request: { scope: `store:${STORE}:recordPurchase`, requestId, action: 'recordPurchase', answer: null },
        send: async () => driver.invoke('staff', by, 'recordPurchase', { ...data, code: await driver.memberCode(op.member) }, requestId),
        member: op.member,
        apply,
      },
      quirks,
    );
  };
  if (op.race && chosen.length > 0 && quote.ok) {
    // Two confirmations of one order with its coupons at once: one wins, the other finds the
    // coupons used. The model takes the winner first, as the database did.
    const answers: { answer: Answer; by: string }[] = [];
    const other = CASHIERS[1 - op.cashier];
    await Promise.all([confirm(cashier, op, (answer) => answers.push({ answer, by: cashier })), confirm(other, PLAIN, (answer) => answers.push({ answer, by: other }))]);
    const won = answers.filter((a) => a.answer.ok);
    driver.note(`checkout raced by two cashiers: ${won.length} ok`);
    if (won.length > 1) driver.model.problems.push(`recordPurchase with coupons ${JSON.stringify(chosen)} succeeded ${won.length} times at once (seed ${driver.seed})`);
    for (const { answer, by } of [...won, ...answers.filter((a) => !a.answer.ok)]) applyCheckout(driver, op.member, by, data, answer, sent);
  } else await confirm(cashier, op, (answer) => applyCheckout(driver, op.member, cashier, data, answer, sent));
  checkMemberAgainstModel(driver, member, `checkout ${op.amountFen} with coupons ${JSON.stringify(chosen)}, points ${op.points}, wallet ${walletFen}`);
}

function twoOf(ids: string[], pick: number): string[] {
  const first = pick % ids.length;
  const second = (first + 1 + ((pick >>> 8) % (ids.length - 1))) % ids.length;
  return [ids[first], ids[second]];
}

function checkQuote(driver: Driver, quote: Answer, predicted: ModelPrice): void {
  if (predicted.refused !== null || !quote.ok) {
    if (codeOf(quote) !== (predicted.refused ?? 'ok')) driver.unexpected('priceCheckout', quote, `model: ${predicted.refused ?? `ok ${JSON.stringify(predicted)}`}`);
    return;
  }
  expectSame(driver, 'priceCheckout', quote, { selectedCouponIds: predicted.selected, couponDiscountFen: predicted.couponFen, remainderFen: predicted.dueFen, earnBaseFen: predicted.dueFen });
  if (quote.data.points.spent !== predicted.pointsSpent) driver.unexpected('priceCheckout', quote, `model: ${predicted.pointsSpent} points as cash`);
}

interface CheckoutData {
  amountFen: number;
  walletFen: number;
  usePoints: boolean;
  couponIds: string[];
  pointsRequested?: number;
}

function applyCheckout(driver: Driver, index: number, cashier: string, data: CheckoutData, answer: Answer, sent: number): void {
  const member = driver.model.members[index];
  const coupons = driver.model.coupons;
  const { ledger } = member;
  const price = (now: number): ModelPrice => {
    const listFen = paidPrice(driver, index, data.amountFen, now).afterFen;
    const priced = coupons.price('record', { member: index, listFen, couponIds: data.couponIds, usePoints: data.usePoints, pointsRequested: data.pointsRequested, ledger, now });
    if (priced.refused !== null) return priced;
    if (data.walletFen > priced.dueFen) return { refused: 'WALLET_ABOVE_DUE' };
    if (data.walletFen > ledger.principal + ledger.bonus) return { refused: 'INSUFFICIENT_WALLET' };
    return priced;
  };
  if (!answer.ok) {
    if (!CHECKOUT_REFUSALS.has(answer.code)) driver.unexpected('recordPurchase', answer, 'not a refusal this checkout can meet');
    else if (!member.unknown) {
      const expected = atBoth(sent, driver.serverNow(), price);
      if (expected && expected.refused !== answer.code) driver.unexpected('recordPurchase', answer, `model: ${expected.refused ?? 'ok'}`);
    }
    return;
  }
  const at = Date.parse(answer.data.createdAt);
  const paid = answer.data.walletPaid.principal + answer.data.walletPaid.bonus;
  if (paid !== data.walletFen) driver.unexpected('recordPurchase', answer, `wallet paid ${paid} ≠ asked ${data.walletFen}`);
  member.walletFen -= paid;
  const used = (answer.data.coupons as { couponId: string; discountFen: number }[]).map((c) => c.couponId);
  let model = null;
  let paidFen: number | null = null;
  const member_ = paidPrice(driver, index, data.amountFen, at);
  if (!member.unknown) {
    const expected = price(at);
    if (expected.refused !== null) driver.unexpected('recordPurchase', answer, `model: ${expected.refused}`);
    else {
      const outcome = ledger.checkout(member_.afterFen, expected.couponFen, expected.pointsSpent, data.walletFen, at, member_.extraPercent)!;
      paidFen = expected.dueFen;
      model = outcome.purchase;
      expectSame(driver, 'recordPurchase', answer, {
        coupons: (answer.data.coupons as { couponId: string }[]).map((c) => ({ ...c, discountFen: expected.discounts[c.couponId] })),
        pointsSpent: expected.pointsSpent,
        discountFen: data.amountFen - member_.afterFen + expected.couponFen + expected.pointsSpent,
        paidFen: expected.dueFen,
        pointsEarned: outcome.purchase.points,
        growthEarned: outcome.purchase.growth,
        debtSettled: outcome.debtSettled,
        walletPaid: outcome.walletPaid,
      });
      if (JSON.stringify([...used].sort()) !== JSON.stringify([...expected.selected].sort())) driver.unexpected('recordPurchase', answer, `model: coupons ${JSON.stringify(expected.selected)} used`);
    }
  }
  for (const couponId of used) coupons.use(couponId, { type: 'purchase', id: answer.data.purchaseId });
  driver.note(`checkout with ${used.length} coupon(s)${answer.data.pointsSpent > 0 ? ' and points as cash' : ''}${paid > 0 ? ' and wallet' : ''}`);
  driver.model.purchases.push({ purchaseId: answer.data.purchaseId, member: index, cashier, walletFen: paid, couponIds: used, refunds: 0, model, paidFen });
  recordPaidBenefit(driver, answer.data.purchaseId, member_.period, data.amountFen - member_.afterFen, (model as { extraPoints?: number } | null)?.extraPoints ?? 0);
}

// ---- gift items -----------------------------------------------------------------------------

/**
 * The member shows a gift coupon's code; a cashier redeems it (the other cashier too, at the same
 * moment, or the same cashier again later with the same code); sometimes undone at once.
 */
export async function gift(driver: Driver, op: Extract<Op, { kind: 'gift' }>): Promise<void> {
  const member = driver.model.members[op.member];
  const coupons = driver.model.coupons;
  const now = driver.serverNow();
  const gifts = coupons.ofMember(op.member).filter((c) => c.template.benefit.kind === 'gift_item' && (op.anyState || (c.status === 'available' && c.validUntil > now)));
  if (gifts.length === 0) {
    driver.stats.skipped += 1;
    return;
  }
  const coupon = gifts[op.pick % gifts.length];
  const asked = driver.serverNow();
  const code = await driver.attempt(() => driver.invoke('member', member.openid, 'giftCode', { couponId: coupon.couponId }));
  if (!code) {
    driver.stats.skipped += 1;
    return;
  }
  const usable = member.unknown ? undefined : atBoth(asked, driver.serverNow(), (now) => coupons.giftCodeRefusal(coupon, now));
  if (usable !== undefined && codeOf(code) !== (usable ?? 'ok')) driver.unexpected('giftCode', code, `model: ${usable ?? 'ok'}`);
  if (!code.ok) {
    if (!['COUPON_USED', 'COUPON_EXPIRED', 'COUPON_NOT_YET_VALID'].includes(code.code)) driver.unexpected('giftCode', code, 'not a refusal this code can meet');
    checkMemberAgainstModel(driver, member, `gift code of ${coupon.couponId}`);
    return;
  }
  const cashier = CASHIERS[op.cashier];
  const answers: { answer: Answer; cashier: string }[] = [];
  const redeem = (by: string, quirks: ClientQuirks) => driver.submit(redeemSubmission(driver, op.member, coupon.couponId, by, code.data.token, answers), quirks);
  if (op.again === 'concurrent') await Promise.all([redeem(cashier, op), redeem(CASHIERS[1 - op.cashier], PLAIN)]);
  else {
    await redeem(cashier, op);
    if (op.again === 'later') await redeem(cashier, PLAIN);
  }
  // Whoever wins, one redemption and the rest refused COUPON_USED (the code was good when shown).
  const oks = answers.filter((a) => a.answer.ok);
  driver.note(`gift redeemed ${op.again === 'no' ? 'once' : op.again === 'later' ? 'then scanned again' : 'by two cashiers at once'}: ${oks.length} ok`);
  if (!member.unknown && answers.length === (op.again === 'no' ? 1 : 2)) {
    if (oks.length !== 1) driver.model.problems.push(`redeemGiftCoupon of ${coupon.couponId}: ${answers.map((a) => codeOf(a.answer)).join(', ')}; one redemption expected (seed ${driver.seed})`);
  }
  for (const { answer } of answers) if (!answer.ok && answer.code !== 'COUPON_USED') driver.unexpected('redeemGiftCoupon', answer, 'model: COUPON_USED after the winning redemption');
  const won = oks.length === 1 ? oks[0].answer : null;
  if (op.undoNow && won?.ok) {
    const redemption = coupons.redemptions.find((r) => r.redemptionId === won.data.redemptionId);
    if (redemption) await driver.submit(undoSubmission(driver, redemption, redemption.cashier), PLAIN);
  }
  checkMemberAgainstModel(driver, member, `gift redemption of ${coupon.couponId}`);
}

function redeemSubmission(driver: Driver, index: number, couponId: string, cashier: string, token: string, answers: { answer: Answer; cashier: string }[]): Submission {
  const requestId = driver.newRequestId();
  const coupons = driver.model.coupons;
  return {
    request: { scope: `store:${STORE}:redeemGiftCoupon`, requestId, action: 'redeemGiftCoupon', answer: null },
    send: () => driver.invoke('staff', cashier, 'redeemGiftCoupon', { token }, requestId),
    member: index,
    checkedBeforeRecord: ['COUPON_USED'],
    apply: (answer) => {
      answers.push({ answer, cashier });
      if (!answer.ok) return;
      const redeemedAt = Date.parse(answer.data.redeemedAt);
      expectSame(driver, 'redeemGiftCoupon', answer, { couponId, status: 'redeemed', undoUntil: new Date(redeemedAt + 10 * 60_000).toISOString(), undoneAt: null });
      const coupon = coupons.coupon(couponId)!;
      coupons.use(couponId, { type: 'gift_redemption', id: answer.data.redemptionId });
      coupons.redemptions.push({ redemptionId: answer.data.redemptionId, coupon, member: index, cashier, redeemedAt, status: 'redeemed' });
    },
  };
}

/** An undo of an earlier redemption, by its cashier or (refused as if there were none) the other. */
export async function undo(driver: Driver, op: Extract<Op, { kind: 'undo' }>): Promise<void> {
  const target = undoTarget(driver, op);
  if (!target) {
    driver.stats.skipped += 1;
    return;
  }
  const cashier = op.otherCashier ? CASHIERS.find((c) => c !== target.cashier)! : target.cashier;
  await driver.submit(undoSubmission(driver, target, cashier), op);
  checkMemberAgainstModel(driver, driver.model.members[target.member], `undo of ${target.redemptionId}`);
}

/** The redemption an undo picks among those that existed when its batch began. */
export function undoTarget(driver: Driver, op: Extract<Op, { kind: 'undo' }>): ModelRedemption | null {
  const count = Math.min(driver.redemptionsAtBatchStart, driver.model.coupons.redemptions.length);
  return count === 0 ? null : driver.model.coupons.redemptions[op.latest ? count - 1 : op.pick % count];
}

function undoSubmission(driver: Driver, target: ModelRedemption, cashier: string): Submission {
  const requestId = driver.newRequestId();
  const coupons = driver.model.coupons;
  const member: SimMember = driver.model.members[target.member];
  const sent = driver.serverNow();
  return {
    request: { scope: `staff:${cashier}:undoGiftRedemption`, requestId, action: 'undoGiftRedemption', answer: null },
    send: () => driver.invoke('staff', cashier, 'undoGiftRedemption', { redemptionId: target.redemptionId }, requestId),
    member: target.member,
    checkedBeforeRecord: UNDO_REFUSALS,
    apply: (answer) => {
      const now = driver.serverNow();
      const expected = member.unknown ? undefined : atBoth(sent, now, (at) => coupons.undoRefusal(target, cashier, at));
      if (expected !== undefined && codeOf(answer) !== (expected ?? 'ok')) driver.unexpected('undoGiftRedemption', answer, `model: ${expected ?? 'ok'}`);
      if (!answer.ok) {
        if (!UNDO_REFUSALS.includes(answer.code)) driver.unexpected('undoGiftRedemption', answer, 'not a refusal an undo can meet');
        return;
      }
      expectSame(driver, 'undoGiftRedemption', answer, { redemptionId: target.redemptionId, status: 'undone' });
      target.status = 'undone';
      driver.note(`undo gave back a gift coupon`);
      coupons.giveBack(target.coupon.couponId, now);
    },
  };
}
