import { CouponModel } from './coupon-model';
import { MemberLedger, type ModelPurchase } from './ledger-model';
import { MembershipModel } from './membership-model';
import { ReferralModel, simCampaign } from './referral-model';

// What the driver believes happened, built only from the answers the functions gave and, for
// top-ups, from whether WeChat Pay took the money. The invariants compare it with the ledger;
// each member's `ledger` (ledger-model.ts) is what the rules say every balance must be.

export interface SimMember {
  openid: string;
  memberId: string;
  memberNo: string;
  /** Wallet principal + bonus the member should hold, in fen. */
  walletFen: number;
  /** The rules' answer for this member's balances, buckets, debt, tier and lots. */
  ledger: MemberLedger;
  /**
   * Set when a request of this member's never got a final answer while faults were on: the
   * model cannot know whether it posted, so the member is no longer compared with it.
   */
  unknown: boolean;
}

export interface SimPurchase {
  purchaseId: string;
  member: number;
  cashier: string;
  walletFen: number;
  /** The coupons it used, in the answer's order (a refund gives them back). */
  couponIds: string[];
  /** Refunds that answered ok; more than one is a double posting. */
  refunds: number;
  /** What the model says this purchase earned and drew; null when its member was left uncompared. */
  model: ModelPurchase | null;
  /** What the member paid (list − coupons − points), as the model says; null when not known. */
  paidFen?: number | null;
}

export interface SimOrder {
  outTradeNo: string;
  member: number;
  principalFen: number;
  bonusFen: number;
  /** Top-up refunds that answered ok for this lot. */
  refunds: number;
}

/** A request the driver sent, by the scope its function keys idempotency on. */
export interface SimRequest {
  scope: string;
  requestId: string;
  action: string;
  /** The final answer: ok or a business failure; null while unknown. */
  answer: Answer | null;
}

export type Answer =
  | { ok: true; data: any; replayed?: boolean }
  | { ok: false; code: string; message?: string; replayed?: boolean };

export class Model {
  readonly members: SimMember[] = [];
  readonly purchases: SimPurchase[] = [];
  readonly orders: SimOrder[] = [];
  readonly requests: SimRequest[] = [];
  /** Templates, coupons, claim counters and gift redemptions (coupon-model.ts). */
  readonly coupons = new CouponModel();
  /** Invite codes, visits, bindings and referral rewards (referral-model.ts); set per seed. */
  referral = new ReferralModel(simCampaign(1));
  /** Plans, periods, plan orders, packs and check-ins (membership-model.ts); set per seed. */
  membership = new MembershipModel();
  /** Broken expectations seen while running (unexpected answers, replays with another outcome). */
  readonly problems: string[] = [];
  /** Defects that break no ledger invariant (a replay shaped unlike the first answer, say). */
  readonly findings: string[] = [];
}

export function newSimMember(openid: string, memberId: string, memberNo: string): SimMember {
  return { openid, memberId, memberNo, walletFen: 0, ledger: new MemberLedger(), unknown: false };
}

export interface SimStats {
  operations: Record<string, number>;
  /** Time spent in operations of each kind (overlapping within a batch). */
  msByKind: Record<string, number>;
  skipped: number;
  answers: Record<string, number>;
  retries: number;
  thrown: number;
  lostAnswerReplays: number;
  duplicates: number;
  resolvedAtEnd: number;
  notifications: { delivered: number; failed: number; redelivered: number };
  failuresArmed: number;
  /** Faults the emulator injected: write conflicts in transactions, failed operations. */
  injected: { conflicts: number; failures: number };
  /** All transactions in the run; conflicts include the injected ones. */
  transactions: { started: number; committed: number; aborted: number; conflicts: number };
  expiredPostings: number;
  suppressedLogs: number;
  /** Member states compared with the model, and members the model lost track of (no answer). */
  modelChecks: number;
  membersUncompared: number;
  /** Outcomes worth counting that answers alone do not show (a checkout with a coupon and points, a coupon refunded expired…). */
  coverage: Record<string, number>;
  /** Referral outcomes: visits by outcome, bindings, rewards by what became of them. */
  referral: Record<string, number>;
  /** Paid membership and check-in outcomes: periods bought, renewed, upgraded, refunds, packs, check-ins, make-ups. */
  membership: Record<string, number>;
}

export function emptyStats(): SimStats {
  return {
    operations: {},
    msByKind: {},
    skipped: 0,
    answers: {},
    retries: 0,
    thrown: 0,
    lostAnswerReplays: 0,
    duplicates: 0,
    resolvedAtEnd: 0,
    notifications: { delivered: 0, failed: 0, redelivered: 0 },
    failuresArmed: 0,
    injected: { conflicts: 0, failures: 0 },
    transactions: { started: 0, committed: 0, aborted: 0, conflicts: 0 },
    expiredPostings: 0,
    suppressedLogs: 0,
    modelChecks: 0,
    membersUncompared: 0,
    coverage: {},
    referral: {},
    membership: {},
  };
}

export function addStats(into: SimStats, from: SimStats): void {
  for (const [k, v] of Object.entries(from.operations)) into.operations[k] = (into.operations[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.msByKind)) into.msByKind[k] = (into.msByKind[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.answers)) into.answers[k] = (into.answers[k] ?? 0) + v;
  into.skipped += from.skipped;
  into.retries += from.retries;
  into.thrown += from.thrown;
  into.lostAnswerReplays += from.lostAnswerReplays;
  into.duplicates += from.duplicates;
  into.resolvedAtEnd += from.resolvedAtEnd;
  into.notifications.delivered += from.notifications.delivered;
  into.notifications.failed += from.notifications.failed;
  into.notifications.redelivered += from.notifications.redelivered;
  into.failuresArmed += from.failuresArmed;
  into.injected.conflicts += from.injected.conflicts;
  into.injected.failures += from.injected.failures;
  for (const k of Object.keys(into.transactions) as (keyof SimStats['transactions'])[]) into.transactions[k] += from.transactions[k];
  into.expiredPostings += from.expiredPostings;
  into.suppressedLogs += from.suppressedLogs;
  into.modelChecks += from.modelChecks;
  into.membersUncompared += from.membersUncompared;
  for (const [k, v] of Object.entries(from.coverage ?? {})) into.coverage[k] = (into.coverage[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.referral ?? {})) into.referral[k] = (into.referral[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.membership ?? {})) into.membership[k] = (into.membership[k] ?? 0) + v;
}
