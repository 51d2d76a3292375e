import type { MembershipOp } from './membership-operations';
import type { Random } from './random';

// The operations a simulated day is made of. Every parameter is drawn when the operation is
// planned, before anything runs, so a seed draws the same plan whatever the calls answer:
// choices that depend on earlier outcomes ("a random earlier purchase") carry a raw number
// that the driver maps onto what exists when the operation runs.

export type Op =
  | { kind: 'purchase'; member: number; cashier: 0 | 1; amountFen: number; walletShare: number; lostAnswer: boolean; duplicate: boolean }
  | { kind: 'refundPurchase'; pick: number; twice: boolean; concurrent: boolean; otherCashier: boolean; byOperator: boolean; lostAnswer: boolean; duplicate: boolean }
  | { kind: 'topup'; member: number; packageId: string; pay: boolean; deliveries: number; concurrent: boolean; lostAnswer: boolean; duplicate: boolean }
  | { kind: 'refundTopup'; member: number; pick: number; twice: boolean; concurrent: boolean; lostAnswer: boolean; duplicate: boolean }
  | { kind: 'adjust'; member: number; amount: number; lostAnswer: boolean; duplicate: boolean }
  | { kind: 'topupBurst'; member: number; orders: number }
  /** A member claims a coupon of one of the coupon center's templates (small stocks: they run out). */
  | { kind: 'claim'; member: number; template: number; lostAnswer: boolean; duplicate: boolean }
  /** A member spends points on the mall's gift item (a 兑换券 coupon). */
  | { kind: 'mall'; member: number; lostAnswer: boolean; duplicate: boolean }
  /**
   * The cashier prices an order (priceCheckout) with coupons and/or points as cash, then confirms
   * it as quoted (recordPurchase). `coupons` says what the cashier picks; `pick` maps onto the
   * member's coupons when it runs.
   */
  | { kind: 'checkout'; member: number; cashier: 0 | 1; amountFen: number; walletShare: number; coupons: CouponPick; pick: number; points: PointsPick; pointsShare: number; expectRemainder: boolean; race: boolean; lostAnswer: boolean; duplicate: boolean }
  /** The member shows a gift coupon's code (giftCode); a cashier redeems it, maybe twice or two cashiers at once; maybe undoes it straight away. */
  | { kind: 'gift'; member: number; cashier: 0 | 1; pick: number; anyState: boolean; again: 'no' | 'later' | 'concurrent'; undoNow: boolean; lostAnswer: boolean; duplicate: boolean }
  /** Undo of an earlier gift redemption (inside or, after a clock jump, outside the 10 minutes), sometimes by the other cashier. */
  | { kind: 'undo'; pick: number; latest: boolean; otherCashier: boolean; lostAnswer: boolean; duplicate: boolean }
  /**
   * Referral: a visitor (a new openid, or a member already) opens a member's invite code, a
   * cashier's channel code or the store's code; `visitor`, `member` and `source` are raw picks
   * mapped onto what exists when it runs.
   */
  | { kind: 'open'; visitor: number; asMember: boolean; member: number; target: 'member' | 'staff' | 'store'; source: number; lostAnswer: boolean; duplicate: boolean }
  /** Referral: a visitor's first `me` (registration binds the earliest valid visit); mostly only once it opened a code. */
  | { kind: 'register'; visitor: number; afterOpenOnly: boolean }
  /** Referral: an operator stops (or lets again) a member's invite codes attributing. */
  | { kind: 'block'; member: number; blocked: boolean; lostAnswer: boolean; duplicate: boolean }
  /** Referral: an operator reviews a flagged reward (or, now and then, one that is not flagged). */
  | { kind: 'review'; pick: number; flaggedOnly: boolean; approve: boolean; lostAnswer: boolean; duplicate: boolean }
  /**
   * Referral: the refund of a qualifying purchase or top-up (mapped onto a refundPurchase or a
   * refundTopup of one when it runs; nothing to refund → skipped).
   */
  | { kind: 'refundQualifying'; pick: number; byOperator: boolean; lostAnswer: boolean; duplicate: boolean }
  | { kind: 'clock'; jump: ClockJump }
  /** Timer ticks: after a clock jump, or on their own (early, late, twice at once). */
  | { kind: 'cron'; times: 1 | 2 }
  /** Paid membership and check-in (membership-operations.ts), planned from their own generator. */
  | MembershipOp;

export type OpKind = Exclude<Op['kind'], MembershipOp['kind']>;

/**
 * best: the quote's preselection; usable: one the member holds that has not ended (it may still
 * miss its threshold or not be valid yet); held: one of the member's in any state (used, ended);
 * two: two that have not ended (stacked, or refused as not stackable); other: another member's; none.
 */
export type CouponPick = 'none' | 'best' | 'usable' | 'held' | 'other' | 'two';
/** none; max: the most the cap and balance allow; some: a share of that; over: above the cap or the balance. */
export type PointsPick = 'none' | 'max' | 'some' | 'over';

export type ClockJump = { type: 'minutes'; minutes: number } | { type: 'yearEnd'; after: boolean };

export const OP_WEIGHTS: Record<OpKind, number> = {
  purchase: 18,
  checkout: 18,
  refundPurchase: 10,
  claim: 9,
  mall: 5,
  gift: 5,
  undo: 3,
  topup: 10,
  topupBurst: 2,
  refundTopup: 5,
  adjust: 8,
  open: 9,
  register: 4,
  block: 1,
  review: 2,
  refundQualifying: 3,
  // Clock jumps and ticks keep the share of all operations they had before coupons came in:
  // what ends with time (buckets, coupons, the undo window) needs them.
  clock: 9,
  cron: 5,
};

/**
 * Visitors who may register through an invite during a run (`sim-visitor-<n>`). Operations
 * name members 0..members+VISITORS-1; a number past the members registered so far is mapped
 * onto them when the operation runs, so invitees buy, top up and refund like everyone else.
 */
export const VISITORS = 6;

/** A batch runs its operations at once; a clock jump (if any) happens before they start. */
export interface Batch {
  ops: Op[];
  /** Arm the database to fail its Nth operation from the start of this batch. */
  failNth: number | null;
  faultSeed: number;
}

/** Chance that the answer is lost on the way back, so the client sends the request again. */
const LOST_ANSWER = 0.1;
/** Chance that the request goes out twice at once (a double tap, two phones, a network retry). */
const DUPLICATE = 0.1;

export function planBatches(rng: Random, totalOps: number, members: number, maxBatch: number, failureRate: number): Batch[] {
  const batches: Batch[] = [];
  let planned = 0;
  let carried: Op | null = null;
  while (planned < totalOps || carried) {
    const size = rng.int(1, maxBatch);
    const ops: Op[] = [];
    if (carried) {
      // A clock jump opens its batch, mostly followed by a timer tick; without one the jobs run
      // late, and postings must expire what ended themselves.
      ops.push(carried);
      if (rng.chance(0.6)) ops.push({ kind: 'cron', times: 1 });
      carried = null;
      planned++;
    }
    while (ops.filter((op) => op.kind !== 'cron').length < size && planned < totalOps) {
      const op = planOp(rng, members);
      if (op.kind === 'clock') {
        carried = op;
        break;
      }
      ops.push(op);
      planned++;
    }
    if (ops.length === 0) continue;
    const failNth = rng.chance(failureRate) ? rng.int(1, 40) : null;
    batches.push({ ops, failNth, faultSeed: rng.uint() });
  }
  return batches;
}

function planOp(rng: Random, members: number): Op {
  const kind = rng.weighted(OP_WEIGHTS);
  const member = rng.int(0, members + VISITORS - 1);
  const lostAnswer = rng.chance(LOST_ANSWER);
  const duplicate = rng.chance(DUPLICATE);
  switch (kind) {
    case 'purchase':
      return { kind, member, cashier: rng.chance(0.8) ? 0 : 1, amountFen: purchaseAmount(rng), walletShare: walletShare(rng), lostAnswer, duplicate };
    case 'refundPurchase': {
      const twice = rng.chance(0.2);
      return { kind, pick: rng.uint(), twice, concurrent: twice && rng.chance(0.5), otherCashier: rng.chance(0.05), byOperator: rng.chance(0.1), lostAnswer, duplicate };
    }
    case 'topup':
      return {
        kind,
        member,
        packageId: rng.chance(0.65) ? 'p100' : 'p500',
        pay: rng.chance(0.9),
        deliveries: rng.int(1, 3),
        concurrent: rng.chance(0.5),
        lostAnswer,
        duplicate,
      };
    case 'refundTopup': {
      const twice = rng.chance(0.2);
      return { kind, member, pick: rng.uint(), twice, concurrent: twice && rng.chance(0.5), lostAnswer, duplicate };
    }
    case 'adjust':
      return { kind, member, amount: adjustAmount(rng), lostAnswer, duplicate };
    case 'topupBurst':
      return { kind, member, orders: rng.int(2, 6) };
    case 'claim':
      return { kind, member, template: rng.int(0, 2), lostAnswer, duplicate };
    case 'mall':
      return { kind, member, lostAnswer, duplicate };
    case 'checkout':
      return {
        kind,
        member,
        cashier: rng.chance(0.8) ? 0 : 1,
        amountFen: purchaseAmount(rng),
        walletShare: walletShare(rng),
        coupons: rng.weighted<CouponPick>({ best: 4, usable: 3, held: 1, none: 1, other: 1, two: 2 }),
        pick: rng.uint(),
        points: rng.weighted<PointsPick>({ none: 3, max: 3, some: 2, over: 1 }),
        pointsShare: rng.next(),
        expectRemainder: rng.chance(0.7),
        // The other cashier's phone confirms the same order with its own request id at the same moment.
        race: rng.chance(0.15),
        lostAnswer,
        duplicate,
      };
    case 'gift': {
      const band = rng.next();
      return { kind, member, cashier: rng.chance(0.7) ? 0 : 1, pick: rng.uint(), anyState: rng.chance(0.25), again: band < 0.6 ? 'no' : band < 0.8 ? 'later' : 'concurrent', undoNow: rng.chance(0.3), lostAnswer, duplicate };
    }
    case 'undo':
      return { kind, pick: rng.uint(), latest: rng.chance(0.5), otherCashier: rng.chance(0.15), lostAnswer, duplicate };
    case 'open': {
      const band = rng.next();
      return { kind, visitor: rng.int(0, VISITORS - 1), asMember: rng.chance(0.25), member, target: band < 0.7 ? 'member' : band < 0.9 ? 'staff' : 'store', source: rng.uint(), lostAnswer, duplicate };
    }
    case 'register':
      return { kind, visitor: rng.int(0, VISITORS - 1), afterOpenOnly: rng.chance(0.85) };
    case 'block':
      return { kind, member, blocked: rng.chance(0.5), lostAnswer, duplicate };
    case 'review':
      return { kind, pick: rng.uint(), flaggedOnly: rng.chance(0.85), approve: rng.chance(0.6), lostAnswer, duplicate };
    case 'refundQualifying':
      return { kind, pick: rng.uint(), byOperator: rng.chance(0.2), lostAnswer, duplicate };
    case 'cron':
      return { kind, times: rng.chance(0.5) ? 2 : 1 };
    case 'clock':
      return { kind, jump: clockJump(rng) };
  }
}

/** Mostly ordinary orders; some under the ¥1 minimum that earns nothing; some large. */
function purchaseAmount(rng: Random): number {
  const band = rng.next();
  if (band < 0.15) return rng.int(1, 300);
  if (band < 0.8) return rng.int(300, 30_000);
  return rng.int(30_000, 250_000);
}

/** The part of the order paid from the wallet: none, all, or some; it may exceed the wallet. */
function walletShare(rng: Random): number {
  const band = rng.next();
  if (band < 0.5) return 0;
  if (band < 0.7) return 1;
  return rng.next();
}

/** Grants, small deductions, and deductions that often exceed the balance. */
function adjustAmount(rng: Random): number {
  const band = rng.next();
  if (band < 0.55) return rng.int(1, 500);
  if (band < 0.8) return -rng.int(1, 50);
  return -rng.int(100, 5_000);
}

function clockJump(rng: Random): ClockJump {
  const band = rng.next();
  if (band < 0.5) return { type: 'minutes', minutes: rng.int(1, 48 * 60) };
  if (band < 0.8) return { type: 'minutes', minutes: rng.int(2 * 24 * 60, 90 * 24 * 60) };
  // Past a month's first day (the tier review) or a year on (top-ups past WeChat Pay's refund year).
  if (band < 0.85) return { type: 'minutes', minutes: rng.int(300 * 24 * 60, 400 * 24 * 60) };
  // To the year's last minute (nothing expires yet) or its first second after (buckets end).
  return { type: 'yearEnd', after: rng.chance(0.75) };
}
