import type { LedgerEntryDoc } from '../../cloudfunctions/core/ledger/entries';

// The referral invariants over a finished run's dump: pure, each violation one line of text.
// - at most one inviter per member: one bound member-code visit at most, naming the member's inviter;
// - at most one reward per invitee, campaign and role (and each reward's id says which);
// - never bound to itself, nor to an inviter whose codes were blocked at that moment;
// - no reward kept (paid and not clawed back, or still on its way to payment) for a refunded qualification;
// - every paid reward's points in the ledger: one grant posting of its points to its member;
//   a clawed-back one also one reversal posting (what it took and what it left owed ≤ its points);
//   no referral posting without a reward that explains it.

export interface ReferralDump {
  members?: { _id: string; openid: string; referral?: { inviterId: string; campaignId: string; boundAt: Date | string } | null }[];
  referralRewards?: RewardDumpDoc[];
  inviteVisits?: { _id: string; openid: string; source: string; memberId: string | null; sourceId: string; outcome: string }[];
  purchases: { _id: string; status: string; referralRewardId?: string | null }[];
  paymentOrders: { _id: string; status: string; referralRewardId?: string | null }[];
  entries: LedgerEntryDoc[];
}

export interface RewardDumpDoc {
  _id: string;
  role: 'invitee' | 'inviter';
  campaignId: string;
  memberId: string;
  inviteeId: string;
  inviterId: string;
  status: string;
  points: number;
  qualifiedBy: { kind: 'purchase' | 'topup'; id: string } | null;
  paidPostingId: string | null;
  clawbackPostingId: string | null;
  paidAt: Date | string | null;
  decidedAt: Date | string | null;
}

export interface ReferralExpectations {
  /** When each member's codes were blocked: `to` null while still blocked. */
  blockPeriods: { memberId: string; from: number; to: number | null }[];
}

/** Postings a referral reward explains: its payment and its clawback. */
export function referralPostingIds(dump: ReferralDump): Set<string> {
  const ids = new Set<string>();
  for (const reward of dump.referralRewards ?? []) {
    if (reward.paidPostingId) ids.add(reward.paidPostingId);
    if (reward.clawbackPostingId) ids.add(reward.clawbackPostingId);
  }
  return ids;
}

const time = (at: Date | string | null | undefined) => (at ? new Date(at).getTime() : NaN);

export function checkReferral(dump: ReferralDump, expected: ReferralExpectations | undefined): string[] {
  const problems: string[] = [];
  const members = new Map((dump.members ?? []).map((m) => [m._id, m]));
  const rewards = dump.referralRewards ?? [];

  // One inviter per member.
  const bound = new Map<string, string[]>();
  for (const visit of dump.inviteVisits ?? []) {
    if (visit.outcome === 'bound' && visit.source === 'member' && visit.memberId) bound.set(visit.memberId, [...(bound.get(visit.memberId) ?? []), visit.sourceId]);
  }
  for (const [memberId, inviters] of bound) {
    if (inviters.length > 1) problems.push(`referral: member ${memberId} bound by ${inviters.length} visits (${inviters.join(', ')})`);
    const referral = members.get(memberId)?.referral;
    if (referral && !inviters.includes(referral.inviterId)) problems.push(`referral: member ${memberId} has inviter ${referral.inviterId}, its bound visit names ${inviters.join(', ')}`);
  }
  for (const member of dump.members ?? []) {
    const referral = member.referral;
    if (!referral) continue;
    if (!bound.has(member._id)) problems.push(`referral: member ${member._id} has inviter ${referral.inviterId} and no bound visit`);
    const inviter = members.get(referral.inviterId);
    if (referral.inviterId === member._id || inviter?.openid === member.openid) problems.push(`referral: member ${member._id} is bound to itself`);
    const at = time(referral.boundAt);
    const blocked = expected?.blockPeriods.find((p) => p.memberId === referral.inviterId && p.from <= at && (p.to === null || at < p.to));
    if (blocked) problems.push(`referral: member ${member._id} bound at ${new Date(at).toISOString()} to ${referral.inviterId}, blocked since ${new Date(blocked.from).toISOString()}`);
    for (const reward of rewards.filter((r) => r.inviteeId === member._id)) {
      if (reward.inviterId !== referral.inviterId) problems.push(`referral: reward ${reward._id} names inviter ${reward.inviterId}, the member's is ${referral.inviterId}`);
    }
  }

  // One reward per invitee, campaign and role.
  const byKey = new Map<string, RewardDumpDoc[]>();
  for (const reward of rewards) {
    const key = `${reward.campaignId}:${reward.inviteeId}:${reward.role}`;
    if (reward._id !== key) problems.push(`referral: reward ${reward._id} is the ${reward.role} reward of ${reward.inviteeId} in ${reward.campaignId}`);
    byKey.set(key, [...(byKey.get(key) ?? []), reward]);
    const beneficiary = reward.role === 'invitee' ? reward.inviteeId : reward.inviterId;
    if (reward.memberId !== beneficiary) problems.push(`referral: ${reward.role} reward ${reward._id} pays ${reward.memberId}, not ${beneficiary}`);
  }
  for (const [key, group] of byKey) if (group.length > 1) problems.push(`referral: ${group.length} rewards for ${key}`);

  // No reward kept for a refunded qualification.
  const purchases = new Map(dump.purchases.map((p) => [p._id, p]));
  const orders = new Map(dump.paymentOrders.map((o) => [o._id, o]));
  for (const reward of rewards) {
    if (!reward.qualifiedBy) continue;
    const order = reward.qualifiedBy.kind === 'purchase' ? purchases.get(reward.qualifiedBy.id) : orders.get(reward.qualifiedBy.id);
    if (!order) {
      problems.push(`referral: reward ${reward._id} qualified by ${reward.qualifiedBy.kind} ${reward.qualifiedBy.id}, which does not exist`);
      continue;
    }
    if (order.referralRewardId !== reward._id) problems.push(`referral: ${reward.qualifiedBy.kind} ${order._id} does not name reward ${reward._id} that it qualified`);
    if (order.status === 'refunded' && !['cancelled', 'clawed_back', 'rejected'].includes(reward.status)) {
      problems.push(`referral: reward ${reward._id} is ${reward.status} though ${reward.qualifiedBy.kind} ${order._id} that qualified it is refunded`);
    }
  }

  // The ledger: one grant per paid reward, one reversal per clawback, nothing else.
  const grants = new Map<string, LedgerEntryDoc[]>();
  const reversals = new Map<string, LedgerEntryDoc[]>();
  for (const entry of dump.entries) {
    if (entry.source?.type === 'referral' && entry.kind === 'grant') grants.set(entry.source.id, [...(grants.get(entry.source.id) ?? []), entry]);
    if (entry.source?.type === 'referral_clawback' && entry.kind === 'reversal') reversals.set(entry.source.id, [...(reversals.get(entry.source.id) ?? []), entry]);
  }
  const known = new Map(rewards.map((r) => [r._id, r]));
  for (const reward of rewards) {
    const granted = grants.get(reward._id) ?? [];
    const wasPaid = reward.status === 'paid' || reward.status === 'clawed_back';
    const grantPostings = new Set(granted.map((e) => e.postingId));
    if (wasPaid && reward.points > 0) {
      const sum = granted.reduce((t, e) => t + e.amount, 0);
      if (grantPostings.size !== 1 || sum !== reward.points || granted.some((e) => e.memberId !== reward.memberId || e.postingId !== reward.paidPostingId)) {
        problems.push(`referral: reward ${reward._id} is ${reward.status} with ${reward.points} points; the ledger grants ${sum} to it in ${grantPostings.size} postings`);
      }
    } else if (granted.length) problems.push(`referral: reward ${reward._id} is ${reward.status} but the ledger grants its points`);
    const reversed = reversals.get(reward._id) ?? [];
    const reversalPostings = new Set(reversed.map((e) => e.postingId));
    // Nothing to take back when the bucket it went into ended before the clawback (what expired is gone).
    const bucket = reward.paidAt ? `${Number(new Date(time(reward.paidAt) + 8 * 3_600_000).toISOString().slice(0, 4)) + 1}-12-31` : null;
    const allExpired = reversed.length === 0 && bucket !== null && dump.entries.some((e) => e.memberId === reward.memberId && e.kind === 'expire' && e.source?.id === bucket);
    if (reward.status === 'clawed_back' && reward.points > 0 && !allExpired) {
      const taken = -reversed.reduce((t, e) => t + e.amount, 0);
      const owed = reversed.reduce((t, e) => t + (e.debtDelta ?? 0), 0);
      if (reversalPostings.size !== 1 || taken + owed > reward.points || taken + owed <= 0 || reversed.some((e) => e.memberId !== reward.memberId || e.postingId !== reward.clawbackPostingId)) {
        problems.push(`referral: reward ${reward._id} is clawed back but the ledger reverses ${taken} (+${owed} owed) of its ${reward.points} points in ${reversalPostings.size} postings`);
      }
    } else if (reversed.length) problems.push(`referral: reward ${reward._id} is ${reward.status} but the ledger reverses its points`);
  }
  for (const id of new Set([...grants.keys(), ...reversals.keys()])) if (!known.has(id)) problems.push(`referral: ledger entries name reward ${id}, which does not exist`);
  return problems;
}
