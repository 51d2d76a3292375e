import { STORED_VALUE_AGREEMENT_VERSION } from '../../cloudfunctions/core/privacy/documents';
import { CASHIER, CASHIER_2, OPERATOR, STORE } from '../../tests/support/world';
import { setLocalRiskRank } from '../local-cloud/services/openapi';
import type { Driver, Submission } from './driver';
import { type Answer, type SimPurchase, newSimMember } from './model';
import { checkMemberAgainstModel } from './model-check';
import type { Op } from './plan';
import { VISITORS } from './plan';
import { type ModelReward, type PointsEffect, ReferralModel, dayOf, rewardKey, simCampaign, campaignInput } from './referral-model';

// The referral operations of the simulation (open, register, block, review, the refund of a
// qualifying order) and the follow-up of the others: after each purchase, top-up, refund and
// timer tick the referral model (referral-model.ts) says which rewards must exist with which
// status, their points go into the members' ledger models, and the database is compared with it.
// Moments (a visit's first open, a registration, a payment) are read from the database; what
// follows from them is the model's. Where the driver cannot know what happened (a request that
// never answered while faults were on), the model adopts the database's state for that member
// and goes on from there (counted as `adopted`).

const CASHIERS = [CASHIER, CASHIER_2] as const;
const REASON = '模拟运营';

interface Doc {
  _id: string;
  [field: string]: any;
}

/** Per-run bookkeeping beside the model: what was followed, who is uncertain, block periods. */
export interface ReferralTrack {
  campaignId: string;
  storeCode: string;
  staffCodes: string[];
  /** Openids whose open never got a final answer: their registration is adopted from the database. */
  uncertain: Set<string>;
  /** Reward keys whose fate the driver cannot know (a review that never answered). */
  uncertainRewards: Set<string>;
  followedPurchases: Set<string>;
  followedOrders: Set<string>;
  followedRefunds: Set<string>;
  /** Periods a member's codes were blocked (from the block's moment to before the unblock was sent). */
  blockPeriods: { memberId: string; from: number; to: number | null }[];
}

const tracks = new WeakMap<Driver, ReferralTrack>();
export function track(driver: Driver): ReferralTrack {
  return tracks.get(driver)!;
}

export const visitorOpenid = (n: number) => `sim-visitor-${n}`;
const ms = (at: unknown) => (at ? new Date(at as string).getTime() : null);
const count = (driver: Driver, what: string) => (driver.stats.referral[what] = (driver.stats.referral[what] ?? 0) + 1);
const indexOf = (driver: Driver, memberId: string) => driver.model.members.findIndex((m) => m.memberId === memberId);
const indexOfOpenid = (driver: Driver, openid: string) => driver.model.members.findIndex((m) => m.openid === openid);

/** The run's campaign (made and started by the operator), the members' and the channel codes, the visitors' risk ranks. Faults are off. */
export async function setUpReferral(driver: Driver): Promise<void> {
  const campaign = simCampaign(driver.seed);
  const model = new ReferralModel(campaign);
  driver.model.referral = model;
  const saved = await driver.invoke('admin', OPERATOR, 'saveReferralCampaign', { campaign: campaignInput(campaign) }, driver.newRequestId());
  if (!saved.ok) throw new Error(`saveReferralCampaign: ${JSON.stringify(saved)}`);
  const started = await driver.invoke('admin', OPERATOR, 'setReferralCampaignStatus', { campaignId: saved.data.campaignId, status: 'active' }, driver.newRequestId());
  if (!started.ok) throw new Error(`setReferralCampaignStatus: ${JSON.stringify(started)}`);
  const staffCodes: string[] = [];
  for (const cashier of CASHIERS) {
    const answer = await driver.invoke('staff', cashier, 'myChannelCode', {});
    if (!answer.ok) throw new Error(`myChannelCode: ${JSON.stringify(answer)}`);
    staffCodes.push(answer.data.code);
    model.codes.set(answer.data.code, { kind: 'staff', staffOpenid: cashier, storeId: STORE });
  }
  const store = await driver.invoke('admin', OPERATOR, 'storeChannelCode', { storeId: STORE });
  if (!store.ok) throw new Error(`storeChannelCode: ${JSON.stringify(store)}`);
  model.codes.set(store.data.code, { kind: 'store', storeId: STORE });
  tracks.set(driver, {
    campaignId: saved.data.campaignId,
    storeCode: store.data.code,
    staffCodes,
    uncertain: new Set(),
    uncertainRewards: new Set(),
    followedPurchases: new Set(),
    followedOrders: new Set(),
    followedRefunds: new Set(),
    blockPeriods: [],
  });
  // Some visitors are risky in WeChat's eyes (rank 3 or 4 ≥ the threshold 3): their inviters' rewards are flagged.
  for (let v = 0; v < VISITORS; v++) {
    const rank = (driver.seed + v) % 2 === 0 ? 3 + ((driver.seed + v) % 4 === 0 ? 1 : 0) : null;
    await setLocalRiskRank(visitorOpenid(v), rank === null ? null : { rank });
    if (rank !== null) model.riskRanks.set(visitorOpenid(v), rank);
  }
}

/** The member's invite code, asked on the first open of it (invitePage makes it, and draws its mini-program code); null when it cannot be had now (blocked, or faults). */
async function inviteCodeOf(driver: Driver, member: number): Promise<string | null> {
  const model = driver.model.referral;
  const known = model.codeOf.get(member);
  if (known) return known;
  const answer = await driver.attempt(() => driver.invoke('member', driver.model.members[member].openid, 'invitePage', {}));
  if (!answer?.ok || !answer.data.code) return null;
  model.codeOf.set(member, answer.data.code);
  model.codes.set(answer.data.code, { kind: 'member', member });
  return answer.data.code;
}

// ---- before a batch runs ----------------------------------------------------------------------

/**
 * Maps an operation's raw picks onto what exists when its batch begins: member numbers past
 * those registered, the reward a review decides, the qualifying order a refund takes back (it
 * becomes a refundPurchase or a refundTopup). Answers false when there is nothing to do.
 */
export function resolveOp(driver: Driver, op: Op): boolean {
  const members = driver.model.members.length;
  if ('member' in op && op.member >= members) op.member = op.member % members;
  const model = driver.model.referral;
  if (op.kind === 'review') {
    const all = [...model.rewards.entries()].filter(([, r]) => r.role === 'inviter' && (!op.flaggedOnly || r.status === 'flagged'));
    if (all.length === 0) return false;
    (op as ReviewOp).target = all[op.pick % all.length][0];
  }
  if (op.kind === 'refundQualifying') {
    const qualified = [...model.rewards.values()].filter((r) => r.qualifiedBy);
    const reward = qualified.length ? qualified[op.pick % qualified.length] : null;
    if (!reward) return false;
    count(driver, 'refundQualifying');
    const id = reward.qualifiedBy!.id;
    const common = { twice: false, concurrent: false, lostAnswer: op.lostAnswer, duplicate: op.duplicate };
    if (reward.qualifiedBy!.kind === 'purchase') {
      const index = driver.model.purchases.findIndex((p) => p.purchaseId === id);
      if (index < 0 || index >= driver.purchasesAtBatchStart) return false;
      Object.assign(op, { kind: 'refundPurchase', pick: index, otherCashier: false, byOperator: op.byOperator, ...common });
    } else {
      const order = driver.model.orders.find((o) => o.outTradeNo === id);
      if (!order) return false;
      const pick = driver.model.orders.filter((o) => o.member === order.member).indexOf(order);
      Object.assign(op, { kind: 'refundTopup', member: order.member, pick, ...common });
    }
  }
  return true;
}

type ReviewOp = Extract<Op, { kind: 'review' }> & { target?: string };

/**
 * The people an operation touches beyond its member, by openid: a batch runs the operations of
 * people linked this way one after another (a clawback moves the inviter's points inside the
 * invitee's refund; a block changes what opening its member's code does).
 */
export function chainKeys(driver: Driver, op: Op, member: number): string[] {
  const { members, referral: model } = driver.model;
  const keys: string[] = [];
  const add = (index: number | null | undefined) => {
    if (index !== null && index !== undefined && index >= 0 && members[index]) keys.push(members[index].openid);
  };
  switch (op.kind) {
    case 'open': {
      keys.push(opener(driver, op).openid);
      if (op.target === 'member') add(op.source % members.length);
      break;
    }
    case 'register': {
      const openid = visitorOpenid(op.visitor);
      keys.push(openid);
      for (const visit of model.visits.values()) if (visit.openid === openid && visit.source.kind === 'member') add(visit.source.member);
      break;
    }
    case 'review':
      add(model.rewards.get((op as ReviewOp).target!)?.beneficiary);
      break;
    default:
      add(member);
      add(model.referral.get(member)?.inviter);
  }
  return keys.length ? keys : ['-'];
}

function opener(driver: Driver, op: Extract<Op, { kind: 'open' }>): { openid: string; member: number | null } {
  if (op.asMember) return { openid: driver.model.members[op.member].openid, member: op.member };
  const openid = visitorOpenid(op.visitor);
  const member = indexOfOpenid(driver, openid);
  return { openid, member: member >= 0 ? member : null };
}

// ---- operations -------------------------------------------------------------------------------

export async function runReferralOp(driver: Driver, op: Op): Promise<void> {
  switch (op.kind) {
    case 'open':
      return open(driver, op);
    case 'register':
      return register(driver, op);
    case 'block':
      return block(driver, op);
    case 'review':
      return review(driver, op as ReviewOp);
  }
}

async function open(driver: Driver, op: Extract<Op, { kind: 'open' }>): Promise<void> {
  const t = track(driver);
  const model = driver.model.referral;
  const { openid, member } = opener(driver, op);
  const code = op.target === 'member' ? await inviteCodeOf(driver, op.source % driver.model.members.length) : op.target === 'staff' ? t.staffCodes[op.source % 2] : t.storeCode;
  if (!code) {
    driver.stats.skipped += 1;
    return;
  }
  const requestId = driver.newRequestId();
  let late = false;
  const submission: Submission = {
    request: { scope: `member:${openid}:openInvite`, requestId, action: 'openInvite', answer: null },
    send: () => driver.invoke('member', openid, 'openInvite', { code }, requestId),
    apply: (answer) => {
      if (!answer.ok) return driver.unexpected('openInvite', answer, 'opening a known code has no business failures');
      if (late || t.uncertain.has(openid)) return;
      const visit = doc(driver, 'invite_visits', `${openid}:${code}`);
      if (!visit) return driver.unexpected('openInvite', answer, `no visit ${openid}:${code}`);
      const expected = model.open(openid, member, code, ms(visit.lastOpenAt)!);
      count(driver, `open: ${expected}`);
      if (answer.data.outcome !== expected) driver.unexpected('openInvite', answer, `model: outcome ${expected}`);
      const modelVisit = model.visits.get(`${openid}:${code}`)!;
      if (modelVisit.opens !== visit.opens || modelVisit.firstOpenAt !== ms(visit.firstOpenAt) || modelVisit.bindableUntil !== ms(visit.bindableUntil) || modelVisit.outcome !== visit.outcome) {
        problem(driver, `visit ${openid}:${code} is ${JSON.stringify({ opens: visit.opens, outcome: visit.outcome, firstOpenAt: visit.firstOpenAt, bindableUntil: visit.bindableUntil })}, model ${JSON.stringify(modelVisit)}`);
      }
    },
  };
  const answer = await driver.submit(submission, op);
  if (!answer) {
    late = true;
    t.uncertain.add(openid);
    if (member !== null) adoptGuide(driver, member);
  }
  if (member !== null) compareMember(driver, member, `open of ${code}`);
}

async function register(driver: Driver, op: Extract<Op, { kind: 'register' }>): Promise<void> {
  const openid = visitorOpenid(op.visitor);
  const model = driver.model.referral;
  const opened = [...model.visits.values()].some((v) => v.openid === openid) || track(driver).uncertain.has(openid);
  if (indexOfOpenid(driver, openid) >= 0 || (op.afterOpenOnly && !opened)) {
    driver.stats.skipped += 1;
    return;
  }
  const t = track(driver);
  const answer = await driver.attempt(() => driver.invoke('member', openid, 'me', {}));
  const doc = driver.cloud.db.dump('members').find((m: Doc) => m.openid === openid) as Doc | undefined;
  if (!doc) {
    if (answer?.ok) driver.unexpected('me', answer, `answered ok but no member for ${openid}`);
    return;
  }
  const index = driver.model.members.length;
  driver.model.members.push(newSimMember(openid, doc._id, doc.memberNo));
  const member = driver.model.members[index];
  count(driver, 'registered');
  if (t.uncertain.has(openid)) {
    adoptRegistration(driver, index, doc);
  } else {
    const bound = model.register(openid, index, ms(doc.registeredAt)!);
    if (bound.inviter !== null) count(driver, 'bound to an inviter');
    if (bound.guide) count(driver, 'bound to a guide at registration');
    for (const visit of model.visits.values()) if (visit.openid === openid) count(driver, `visit ${visit.outcome}`);
  }
  // The welcome reward is paid right after the registration, or by the next tick if that failed.
  const welcome = model.rewards.get(rewardKey(index, 'invitee'));
  const stored = doc && rewardDoc(driver, index, 'invitee');
  if (welcome && stored?.status === 'paid') applyEffect(driver, model.pay(welcome, ms(stored.paidAt)!));
  // Top-ups need the 储值协议: accepted at once, as the members at the start did.
  for (let i = 0; ; i++) {
    const accepted = await driver.attempt(() => driver.invoke('member', openid, 'acceptPolicy', { document: 'stored_value', version: STORED_VALUE_AGREEMENT_VERSION }, driver.newRequestId()));
    if (accepted?.ok) break;
    if (i === 10) throw new Error(`acceptPolicy for ${openid} keeps failing: ${JSON.stringify(accepted)}`);
  }
  compareMember(driver, index, 'registration');
  checkMemberAgainstModel(driver, member, 'registration');
}

async function block(driver: Driver, op: Extract<Op, { kind: 'block' }>): Promise<void> {
  const member = driver.model.members[op.member];
  const model = driver.model.referral;
  const t = track(driver);
  const requestId = driver.newRequestId();
  const sentAt = driver.serverNow();
  const answer = await driver.submit(
    {
      request: { scope: `operator:${OPERATOR}:setReferralBlocked`, requestId, action: 'setReferralBlocked', answer: null },
      send: () => driver.invoke('admin', OPERATOR, 'setReferralBlocked', { memberNo: member.memberNo, blocked: op.blocked, reason: REASON }, requestId),
      apply: (answer) => {
        if (!answer.ok) driver.unexpected('setReferralBlocked', answer, 'no business failure expected');
      },
    },
    op,
  );
  // Whether it happened is the database's to say when no answer came; the answer must match it.
  const doc = driver.cloud.db.dump('members').find((m: Doc) => m._id === member.memberId) as Doc;
  const blocked = !!doc.referralBlockedAt;
  if (answer?.ok && blocked !== op.blocked) problem(driver, `member ${member.memberNo} blocked ${blocked} after setReferralBlocked ${op.blocked} answered ok`);
  const open = t.blockPeriods.find((p) => p.memberId === member.memberId && p.to === null);
  if (blocked && !open) t.blockPeriods.push({ memberId: member.memberId, from: ms(doc.referralBlockedAt)!, to: null });
  if (!blocked && open) open.to = sentAt;
  if (blocked) model.blocked.add(op.member);
  else model.blocked.delete(op.member);
  count(driver, op.blocked ? 'block' : 'unblock');
}

async function review(driver: Driver, op: ReviewOp): Promise<void> {
  const model = driver.model.referral;
  const t = track(driver);
  const reward = model.rewards.get(op.target!)!;
  const inviteeId = driver.model.members[reward.invitee].memberId;
  const rewardId = `${t.campaignId}:${inviteeId}:inviter`;
  const requestId = driver.newRequestId();
  let late = false;
  const answer = await driver.submit(
    {
      request: { scope: `operator:${OPERATOR}:reviewReferralReward`, requestId, action: 'reviewReferralReward', answer: null },
      send: () => driver.invoke('admin', OPERATOR, 'reviewReferralReward', { rewardId, decision: op.approve ? 'approve' : 'reject', reason: REASON }, requestId),
      member: reward.beneficiary,
      checkedBeforeRecord: ['REWARD_NOT_FLAGGED'],
      apply: (answer) => {
        if (late) return;
        const expected = model.review(reward, op.approve);
        count(driver, `review: ${expected === 'REWARD_NOT_FLAGGED' ? 'not flagged' : op.approve ? 'approved' : 'rejected'}`);
        if (expected === 'REWARD_NOT_FLAGGED') {
          if (answer.ok || answer.code !== 'REWARD_NOT_FLAGGED') driver.unexpected('reviewReferralReward', answer, `model: the reward is ${reward.status}`);
          return;
        }
        if (!answer.ok) return driver.unexpected('reviewReferralReward', answer, 'model: the reward is flagged');
        const want = expected === 'approved' ? 'paid' : 'rejected';
        if (answer.data.status !== want) driver.unexpected('reviewReferralReward', answer, `model: status ${want}`);
        if (expected === 'approved') {
          const stored = rewardDoc(driver, reward.invitee, 'inviter');
          if (stored?.status === 'paid') applyEffect(driver, model.pay(reward, ms(stored.paidAt)!));
        }
      },
    },
    op,
  );
  if (!answer) {
    late = true;
    t.uncertainRewards.add(op.target!);
  }
  compareMember(driver, reward.invitee, 'a review');
  const beneficiary = driver.model.members[reward.beneficiary];
  checkMemberAgainstModel(driver, beneficiary, 'a referral review');
}

// ---- following the other operations ----------------------------------------------------------

/**
 * After a purchase, checkout, top-up or refund of `member`: its first qualifying order creates
 * the inviter's reward; the refund of that order cancels the reward or claws it back (the
 * inviter's points, in the refund's transaction). Then the member and the inviter are compared.
 */
export function followMember(driver: Driver, member: number): void {
  if (member < 0 || !driver.model.members[member]) return;
  const t = track(driver);
  const model = driver.model.referral;
  const sim = driver.model.members[member];
  const inviterOf = model.referral.get(member)?.inviter;
  const paid = model.rewards.get(rewardKey(member, 'inviter'));
  // An order of this member the driver lost track of may have clawed the inviter's reward back.
  if (sim.unknown && inviterOf !== undefined && (paid?.status === 'paid' || paid?.status === 'clawed_back')) driver.model.members[inviterOf].unknown = true;
  const events: { kind: 'purchase' | 'topup'; id: string; amountFen: number | null; refunded: boolean }[] = [];
  for (const p of driver.model.purchases) if (p.member === member) events.push({ kind: 'purchase', id: p.purchaseId, amountFen: p.paidFen ?? null, refunded: p.refunds > 0 });
  const lots = (driver.cloud.db.dump('accounts').find((a: Doc) => a._id === `${sim.memberId}:wallet_principal`)?.lots ?? []) as Doc[];
  // Top-ups qualify in the order they were credited: the ledger model's lots, or (the member not followed) the database's.
  const credited = sim.unknown ? lots.map((l) => l.lotId as string) : sim.ledger.lots.map((l) => l.lotId);
  for (const lotId of credited) {
    const o = driver.model.orders.find((order) => order.outTradeNo === lotId && order.member === member);
    if (o) events.push({ kind: 'topup', id: o.outTradeNo, amountFen: sim.unknown ? null : o.principalFen, refunded: o.refunds > 0 });
  }
  for (const event of events) {
    const followed = event.kind === 'purchase' ? t.followedPurchases : t.followedOrders;
    if (!followed.has(event.id)) {
      followed.add(event.id);
      const stored = storedRewardFor(driver, member, event.id);
      if (sim.unknown || event.amountFen === null) {
        // The model cannot place this order: whether it qualified is the database's to say.
        if (stored) adoptReward(driver, member, 'inviter', stored);
        continue;
      }
      const at = stored ? ms(stored.createdAt)! : driver.serverNow();
      const reward = model.qualify(member, { kind: event.kind, id: event.id, amountFen: event.amountFen }, at);
      if (reward) count(driver, reward.status === 'capped' ? 'qualified over a cap' : 'qualified');
    }
    if (event.refunded && !t.followedRefunds.has(event.id)) {
      t.followedRefunds.add(event.id);
      const stored = storedRewardFor(driver, member, event.id);
      const outcome = model.refund(event.id, stored?.decidedAt ? ms(stored.decidedAt)! : driver.serverNow());
      if (outcome) {
        count(driver, `refund of the qualifying order: ${outcome.outcome}`);
        if (outcome.effect) applyEffect(driver, outcome.effect);
      }
    }
  }
  compareMember(driver, member, 'its order');
  const inviter = model.referral.get(member)?.inviter;
  if (inviter !== undefined) checkMemberAgainstModel(driver, driver.model.members[inviter], `a refund of invitee ${sim.memberNo}`);
}

/**
 * After timer ticks that started at `start` and ended by `end`: the welcome rewards left
 * approved are paid; an inviter's pending reward whose hold ended before `start` is decided
 * (flagged or paid), one whose hold ends after `end` still waits, and one in between may be
 * either (the database says which; the decision must still be the model's).
 */
export function followTick(driver: Driver, start: number, end: number): void {
  const model = driver.model.referral;
  for (const reward of model.rewards.values()) {
    const stored = rewardDoc(driver, reward.invitee, reward.role);
    if (!stored) continue;
    if (reward.status === 'approved') {
      if (stored.status === 'paid') applyEffect(driver, model.pay(reward, ms(stored.paidAt)!));
      continue;
    }
    if (reward.status !== 'pending' || reward.holdUntil === null) continue;
    const due = reward.holdUntil <= start;
    const maybe = reward.holdUntil <= end;
    if (!maybe || (!due && stored.status === 'pending')) continue;
    const decision = model.approval(reward, driver.model.members[reward.invitee].openid);
    if (decision === 'flagged') {
      reward.status = 'flagged';
      count(driver, 'flagged');
    } else if (stored.status === 'paid') {
      applyEffect(driver, model.pay(reward, ms(stored.paidAt)!));
      count(driver, 'inviter reward paid by the job');
    } else {
      // Approved but its payment failed: the mismatch shows in the comparison.
      reward.status = 'approved';
    }
  }
  for (let i = 0; i < driver.model.members.length; i++) compareMember(driver, i, 'a cron tick');
}

/** At the end of the run, once every answer is in: what the late answers did, then everyone compared. */
export function finishReferral(driver: Driver): void {
  for (let i = 0; i < driver.model.members.length; i++) followMember(driver, i);
  const model = driver.model.referral;
  for (const reward of model.rewards.values()) count(driver, `${reward.role} reward ${reward.status}`);
  for (const guide of model.guide.values()) count(driver, guide.staffOpenid ? 'members with a staff guide' : 'members with a store guide');
}

// ---- the database and the model side by side ---------------------------------------------------

function doc(driver: Driver, collection: string, id: string): Doc | undefined {
  return driver.cloud.db.dump(collection).find((d: Doc) => d._id === id) as Doc | undefined;
}

function rewardDoc(driver: Driver, invitee: number, role: 'invitee' | 'inviter'): Doc | undefined {
  return doc(driver, 'referral_rewards', `${track(driver).campaignId}:${driver.model.members[invitee].memberId}:${role}`);
}

function storedRewardFor(driver: Driver, invitee: number, qualifyingId: string): Doc | undefined {
  const stored = rewardDoc(driver, invitee, 'inviter');
  return stored?.qualifiedBy?.id === qualifyingId ? stored : undefined;
}

function problem(driver: Driver, text: string): void {
  driver.model.problems.push(`model: referral: ${text} (seed ${driver.seed})`);
}

/** A payment or a clawback on the beneficiary's points, in the ledger model. */
function applyEffect(driver: Driver, effect: PointsEffect): void {
  const member = driver.model.members[effect.member];
  if (member.unknown) return;
  if (effect.kind === 'grant') member.ledger.adjust(effect.points, effect.at);
  else member.ledger.reverseGrant(effect.points, effect.expiresOn, effect.at);
}

/** The member's referral, guide and rewards (as invitee) in the database against the model's. */
export function compareMember(driver: Driver, index: number, after: string): void {
  const t = track(driver);
  const model = driver.model.referral;
  const sim = driver.model.members[index];
  const stored = doc(driver, 'members', sim.memberId);
  if (!stored) return;
  const referral = model.referral.get(index);
  const actual = stored.referral ? { inviter: stored.referral.inviterId, qualified: !!stored.referral.qualifiedAt, ended: !!stored.referral.ended } : null;
  const expected = referral ? { inviter: driver.model.members[referral.inviter].memberId, qualified: referral.qualifiedAt !== null, ended: referral.ended } : null;
  const differences: string[] = [];
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    if (sim.unknown && referral && actual) {
      referral.qualifiedAt = actual.qualified ? (ms(stored.referral.qualifiedAt) ?? 0) : null;
      referral.ended = actual.ended;
    } else differences.push(`referral ${JSON.stringify(actual)}, model ${JSON.stringify(expected)}`);
  }
  const guide = model.guide.get(index);
  const actualGuide = stored.guide ? [stored.guide.staffOpenid ?? null, stored.guide.storeId] : null;
  const expectedGuide = guide ? [guide.staffOpenid, guide.storeId] : null;
  if (JSON.stringify(actualGuide) !== JSON.stringify(expectedGuide)) {
    if (t.uncertain.has(sim.openid)) adoptGuide(driver, index);
    else differences.push(`guide ${JSON.stringify(actualGuide)}, model ${JSON.stringify(expectedGuide)}`);
  }
  for (const role of ['invitee', 'inviter'] as const) {
    const reward = model.rewards.get(rewardKey(index, role));
    const found = rewardDoc(driver, index, role);
    const a = found ? { status: found.status, points: found.points, to: found.memberId, by: found.qualifiedBy?.id ?? null } : null;
    const e = reward ? { status: reward.status, points: reward.points, to: driver.model.members[reward.beneficiary].memberId, by: reward.qualifiedBy?.id ?? null } : null;
    if (JSON.stringify(a) === JSON.stringify(e)) continue;
    const key = rewardKey(index, role);
    if (found && (sim.unknown || t.uncertainRewards.has(key) || driver.model.members[reward?.beneficiary ?? index].unknown)) {
      adoptReward(driver, index, role, found);
      continue;
    }
    differences.push(`${role} reward ${JSON.stringify(a)}, model ${JSON.stringify(e)}`);
  }
  // The moments: holds are the campaign's days from the qualification, caps count brand-zone days.
  const inviterReward = model.rewards.get(rewardKey(index, 'inviter'));
  const found = rewardDoc(driver, index, 'inviter');
  if (inviterReward && found && found.status !== 'capped' && inviterReward.holdUntil !== null && ms(found.holdUntil) !== inviterReward.holdUntil) differences.push(`hold until ${found.holdUntil}, model ${new Date(inviterReward.holdUntil).toISOString()}`);
  if (found && found.day !== dayOf(ms(found.createdAt)!)) differences.push(`reward day ${found.day}, created ${found.createdAt}`);
  for (const difference of differences) problem(driver, `member ${sim.memberNo} after ${after}: ${difference}`);
}

/** The binding of a registration the model cannot place (an open never answered): taken from the database. */
function adoptRegistration(driver: Driver, index: number, stored: Doc): void {
  const model = driver.model.referral;
  count(driver, 'adopted');
  if (stored.referral) {
    const inviter = indexOf(driver, stored.referral.inviterId);
    model.referral.set(index, { inviter, boundAt: ms(stored.referral.boundAt)!, qualifiedAt: null, ended: false });
    const welcome = rewardDoc(driver, index, 'invitee');
    if (welcome) adoptReward(driver, index, 'invitee', { ...welcome, status: 'approved' });
  }
  adoptGuide(driver, index);
  for (const visit of model.visits.values()) {
    if (visit.openid !== stored.openid) continue;
    const found = doc(driver, 'invite_visits', visit.id);
    if (found) visit.outcome = found.outcome;
  }
}

function adoptGuide(driver: Driver, index: number): void {
  const stored = doc(driver, 'members', driver.model.members[index].memberId);
  const model = driver.model.referral;
  if (stored?.guide) model.guide.set(index, { staffOpenid: stored.guide.staffOpenid ?? null, storeId: stored.guide.storeId, boundAt: ms(stored.guide.boundAt)!, protectedUntil: ms(stored.guide.protectedUntil)! });
  else model.guide.delete(index);
}

/** A reward as the database has it; the inviter's cap counters with it. */
function adoptReward(driver: Driver, invitee: number, role: 'invitee' | 'inviter', stored: Doc): void {
  const model = driver.model.referral;
  count(driver, 'adopted');
  const beneficiary = indexOf(driver, stored.memberId);
  const reward: ModelReward = {
    role,
    invitee,
    beneficiary,
    status: stored.status,
    points: stored.points,
    qualifiedBy: stored.qualifiedBy ?? null,
    createdAt: ms(stored.createdAt)!,
    holdUntil: ms(stored.holdUntil),
    paidAt: ms(stored.paidAt),
    expiresOn: stored.paidAt ? expiryOf(ms(stored.paidAt)!) : null,
  };
  model.rewards.set(rewardKey(invitee, role), reward);
  const referral = model.referral.get(invitee);
  if (referral && role === 'inviter') referral.qualifiedAt = reward.createdAt;
  if (role === 'inviter') {
    for (const counter of driver.cloud.db.dump('referral_counters') as Doc[]) {
      const [inviterId, , period] = String(counter._id).split(':');
      if (inviterId === stored.memberId) model.counters.set(`${beneficiary}:${period}`, counter.count);
    }
  }
  // Its points moved a ledger the model no longer follows.
  if (stored.status === 'paid' || stored.status === 'clawed_back') driver.model.members[beneficiary].unknown = true;
}

function expiryOf(at: number): string {
  return `${Number(dayOf(at).slice(0, 4)) + 1}-12-31`;
}

/** What an answer says for the summary. */
export function isOk(answer: Answer | null): boolean {
  return answer?.ok === true;
}

export type { SimPurchase };
