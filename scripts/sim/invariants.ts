import type { AccountDoc, PointsAccountDoc } from '../../cloudfunctions/core/ledger/accounts';
import { checkLedger } from '../../cloudfunctions/core/ledger/check';
import type { LedgerEntryDoc } from '../../cloudfunctions/core/ledger/entries';
import { type RequestDoc, requestKey } from '../../cloudfunctions/core/ledger/idempotency';
import type { Answer } from './model';
import { type ReferralDump, type ReferralExpectations, checkReferral, referralPostingIds } from './referral-invariants';
import { type MembershipDump, type MembershipExpectations, checkMembership } from './membership-invariants';

// The invariants a finished run must satisfy, as data: each violation is one line of text.
// Pure: it reads a dump of the database and what the driver expects, nothing else, so a test
// can feed it a deliberately corrupted dump.

export interface LedgerDump {
  accounts: AccountDoc[];
  entries: LedgerEntryDoc[];
  requests: RequestDoc[];
  paymentOrders: { _id: string; purpose: string; memberId: string; status: string }[];
  purchases: { _id: string; memberId: string; status: string; price?: { coupons: { couponId: string }[] } }[];
  walletRefunds: { _id: string; outTradeNo: string; refundFee: number; status: string }[];
  coupons: CouponDumpDoc[];
  couponStock: { _id: string; templateId: string; n: number; stock: number; issued: number; redeemed: number; untilCounts: Record<string, number> }[];
  couponTemplates: { _id: string; stock: number }[];
  couponRedemptions: { _id: string; couponId: string; memberId: string; status: 'redeemed' | 'undone' }[];
  /** Referral: members (their `referral`), rewards and visits (referral-invariants.ts). */
  members?: ReferralDump['members'];
  referralRewards?: ReferralDump['referralRewards'];
  inviteVisits?: ReferralDump['inviteVisits'];
  /** Paid membership, check-ins and subscribe quotas (membership-invariants.ts). */
  paidMemberships?: MembershipDump['paidMemberships'];
  checkins?: MembershipDump['checkins'];
  subscribeQuotas?: MembershipDump['subscribeQuotas'];
  notifyCounters?: MembershipDump['notifyCounters'];
}

export interface CouponDumpDoc {
  _id: string;
  memberId: string;
  templateId: string;
  stockShard: number;
  validUntil: Date | string;
  status: 'available' | 'used' | 'expired';
  usedBy?: { type: 'purchase' | 'gift_redemption'; id: string } | null;
}

export interface Expectations {
  /** Wallet principal + bonus per member id, from the answers. */
  walletFen: Record<string, number>;
  /** Every top-up order the driver placed, and whether WeChat Pay took the money. */
  orders: { outTradeNo: string; memberId: string; principalFen: number; bonusFen: number; paid: boolean; refundedByWeChatFen: number }[];
  /** Purchases that answered ok, with how many refunds of each answered ok. */
  purchases: { purchaseId: string; refunds: number }[];
  /** Per coupon template: its stock, the claims and mall redemptions that answered ok, and whether one answered OUT_OF_STOCK. */
  templates: { templateId: string; stock: number; issued: number; dryAnswered: boolean }[];
  /** Every request with its final answer (null = never resolved). */
  requests: { scope: string; requestId: string; action: string; answer: Answer | null }[];
  /** The brand-zone day when the run ended, after a last cron tick. */
  today: string;
  /** Membership: the consents recorded per template key (membership-invariants.ts). */
  membership?: MembershipExpectations;
  /** When members' invite codes were blocked. */
  referral?: ReferralExpectations;
}

const WALLET_KINDS = { topup: 1, wallet_pay: -1, reversal: 1, topup_refund: -1 } as const;
/** Actions whose stored result can be compared with the answer as it was sent. */
const SAME_DATA_ACTIONS = new Set(['recordPurchase', 'refundPurchase', 'adjustPoints', 'claimCoupon', 'redeemMallItem']);

export function checkInvariants(dump: LedgerDump, expected: Expectations): string[] {
  return [
    ...checkLedger(dump.accounts, dump.entries).map((p) => `balance: ${p}`),
    ...checkNoNegative(dump.accounts),
    ...checkPostings(dump),
    ...checkRequests(dump, expected),
    ...checkWallets(dump, expected),
    ...checkTopups(dump, expected),
    ...checkPurchases(dump, expected),
    ...checkExpiry(dump, expected.today),
    ...checkCouponStock(dump, expected),
    ...checkCouponUses(dump),
    ...checkReferral(dump as ReferralDump, expected.referral),
    ...checkMembership(dump as unknown as MembershipDump, expected.membership),
  ];
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function checkNoNegative(accounts: AccountDoc[]): string[] {
  const problems: string[] = [];
  for (const account of accounts) {
    if (account.balance < 0) problems.push(`negative: ${account._id} balance ${account.balance}`);
    if (account.asset === 'points') {
      const points = account as PointsAccountDoc;
      if (points.debt < 0) problems.push(`negative: ${account._id} debt ${points.debt}`);
      for (const bucket of points.buckets) if (bucket.remaining < 0) problems.push(`negative: ${account._id} bucket ${bucket.expiresOn} holds ${bucket.remaining}`);
    }
  }
  return problems;
}

/**
 * Every posting is whole (entries `${postingId}:0..n-1`, one member, one moment) and has one
 * origin: a request record that answered ok, a paid top-up order, or the expiry of one
 * member's buckets on one day.
 */
function checkPostings(dump: LedgerDump): string[] {
  const problems: string[] = [];
  const requests = new Map(dump.requests.map((r) => [r._id, r]));
  const orders = new Map(dump.paymentOrders.map((o) => [o._id, o]));
  const referral = referralPostingIds(dump as ReferralDump);
  for (const [postingId, entries] of groupBy(dump.entries, (e) => e.postingId)) {
    const indexes = entries.map((e) => (e._id.startsWith(`${postingId}:`) ? Number(e._id.slice(postingId.length + 1)) : NaN)).sort((a, b) => a - b);
    if (indexes.some((index, i) => index !== i)) problems.push(`posting ${postingId}: entry ids ${entries.map((e) => e._id).join(', ')} are not ${postingId}:0..${entries.length - 1}`);
    if (new Set(entries.map((e) => e.memberId)).size > 1) problems.push(`posting ${postingId} spans several members`);
    if (new Set(entries.map((e) => new Date(e.createdAt).getTime())).size > 1) problems.push(`posting ${postingId} has entries from different moments`);
    const kinds = new Set(entries.map((e) => e.kind));
    const request = requests.get(postingId);
    if (request) {
      if (!request.outcome.ok) problems.push(`posting ${postingId} belongs to request ${request.requestId}, which failed with ${request.outcome.code}`);
    } else if (postingId.startsWith('pay_')) {
      const order = orders.get(postingId.slice(4));
      if (!order || (order.status !== 'paid' && order.status !== 'refunded')) problems.push(`posting ${postingId}: its order is ${order ? order.status : 'missing'}`);
      if (kinds.size !== 1 || !kinds.has('topup')) problems.push(`posting ${postingId}: a payment posting holds ${[...kinds].join(', ')}`);
    } else if (postingId.startsWith('expire_')) {
      if (!postingId.startsWith(`expire_${entries[0].memberId}_`)) problems.push(`posting ${postingId}: expiry posting on another member's account`);
      if (kinds.size !== 1 || !kinds.has('expire')) problems.push(`posting ${postingId}: an expiry posting holds ${[...kinds].join(', ')}`);
    } else if (postingId.startsWith('plan_open_')) {
      // A plan's opening gift, credited with its order's period (membership-invariants.ts checks the period).
      const order = orders.get(postingId.slice('plan_open_'.length));
      if (!order || order.purpose !== 'plan' || (order.status !== 'paid' && order.status !== 'refunded')) problems.push(`posting ${postingId}: its plan order is ${order ? `${order.purpose} ${order.status}` : 'missing'}`);
      if ([...kinds].some((k) => k !== 'grant' && k !== 'expire' && k !== 'debt_settle')) problems.push(`posting ${postingId}: an opening gift posting holds ${[...kinds].join(', ')}`);
    } else if (referral.has(postingId)) {
      // A referral reward paid or clawed back: checked against its reward in referral-invariants.ts.
    } else {
      problems.push(`posting ${postingId}: no request record, payment or expiry behind it`);
    }
  }
  return problems;
}

/**
 * One record per request id, and it says what the client was told. A request that answered
 * ok and had something to move has its posting.
 */
function checkRequests(dump: LedgerDump, expected: Expectations): string[] {
  const problems: string[] = [];
  const byKey = groupBy(dump.requests, (r) => `${r.scope}\n${r.requestId}`);
  for (const [key, records] of byKey) if (records.length > 1) problems.push(`request ${key.replace('\n', ' ')} has ${records.length} records`);
  const postings = new Set(dump.entries.map((e) => e.postingId));
  const records = new Map(dump.requests.map((r) => [r._id, r]));
  for (const request of expected.requests) {
    const answer = request.answer;
    if (!answer) {
      problems.push(`request ${request.action} ${request.requestId} never got an answer`);
      continue;
    }
    const id = requestKey(request.scope, request.requestId);
    const record = records.get(id);
    if (answer.ok && !record) problems.push(`request ${request.action} ${request.requestId} answered ok but has no record`);
    if (record && record.outcome.ok !== answer.ok) problems.push(`request ${request.action} ${request.requestId}: record says ${record.outcome.ok ? 'ok' : record.outcome.code}, client was told ${answer.ok ? 'ok' : answer.code}`);
    if (record && !record.outcome.ok && !answer.ok && record.outcome.code !== answer.code) problems.push(`request ${request.action} ${request.requestId}: recorded ${record.outcome.code}, answered ${answer.code}`);
    if (record?.outcome.ok && answer.ok && SAME_DATA_ACTIONS.has(request.action) && JSON.stringify(record.outcome.data) !== JSON.stringify(answer.data)) {
      problems.push(`request ${request.action} ${request.requestId}: recorded result differs from the answer`);
    }
    if (answer.ok && movesSomething(request.action, answer.data) && !postings.has(id)) problems.push(`request ${request.action} ${request.requestId} answered ok but posted nothing`);
    if (!answer.ok && postings.has(id)) problems.push(`request ${request.action} ${request.requestId} answered ${answer.code} but posted`);
  }
  return problems;
}

function movesSomething(action: string, data: any): boolean {
  switch (action) {
    case 'adjustPoints':
    case 'refundTopup':
      return true;
    case 'redeemMallItem':
      return data.pointsSpent > 0;
    case 'recordPurchase':
      return data.pointsEarned > 0 || data.growthEarned > 0 || data.walletPaidFen > 0 || data.pointsSpent > 0;
    case 'refundPurchase':
      return data.pointsReversed > 0 || data.pointsOwed > 0 || data.growthReversed > 0 || data.walletReturnedFen > 0 || data.pointsReturned > 0;
    default:
      return false;
  }
}

/** Principal + bonus = top-ups − payments + returned payments − top-up refunds, three ways. */
function checkWallets(dump: LedgerDump, expected: Expectations): string[] {
  const problems: string[] = [];
  const fromEntries: Record<string, Record<keyof typeof WALLET_KINDS, number>> = {};
  for (const entry of dump.entries) {
    if (entry.asset !== 'wallet_principal' && entry.asset !== 'wallet_bonus') continue;
    const sign = WALLET_KINDS[entry.kind as keyof typeof WALLET_KINDS];
    if (!sign || Math.sign(entry.amount) !== sign) {
      problems.push(`wallet: entry ${entry._id} of kind ${entry.kind} moves ${entry.amount}`);
      continue;
    }
    const sums = (fromEntries[entry.memberId] ??= { topup: 0, wallet_pay: 0, reversal: 0, topup_refund: 0 });
    sums[entry.kind as keyof typeof WALLET_KINDS] += Math.abs(entry.amount);
  }
  const balances: Record<string, number> = {};
  for (const account of dump.accounts) {
    if (account.asset === 'wallet_principal' || account.asset === 'wallet_bonus') balances[account.memberId] = (balances[account.memberId] ?? 0) + account.balance;
  }
  for (const [memberId, model] of Object.entries(expected.walletFen)) {
    const s = fromEntries[memberId] ?? { topup: 0, wallet_pay: 0, reversal: 0, topup_refund: 0 };
    const ledger = s.topup - s.wallet_pay + s.reversal - s.topup_refund;
    const balance = balances[memberId] ?? 0;
    if (ledger !== balance || ledger !== model) {
      problems.push(`wallet: member ${memberId} holds ${balance}; entries say ${ledger} (top-ups ${s.topup} − paid ${s.wallet_pay} + returned ${s.reversal} − refunded ${s.topup_refund}); answers say ${model}`);
    }
  }
  return problems;
}

/** Each paid order is credited once, with its package, however often it was notified. */
function checkTopups(dump: LedgerDump, expected: Expectations): string[] {
  const problems: string[] = [];
  const credits = groupBy(dump.entries.filter((e) => e.kind === 'topup'), (e) => e.source.id);
  const refunds = groupBy(dump.entries.filter((e) => e.kind === 'topup_refund' && e.source.type === 'topup_refund'), (e) => e.source.id);
  const orders = new Map(dump.paymentOrders.map((o) => [o._id, o]));
  for (const order of expected.orders) {
    const entries = credits.get(order.outTradeNo) ?? [];
    const postings = new Set(entries.map((e) => e.postingId)).size;
    if (postings !== (order.paid ? 1 : 0)) problems.push(`top-up ${order.outTradeNo}: ${order.paid ? 'paid' : 'unpaid'} but credited by ${postings} postings`);
    if (order.paid) {
      const principal = entries.filter((e) => e.asset === 'wallet_principal').reduce((t, e) => t + e.amount, 0);
      const bonus = entries.filter((e) => e.asset === 'wallet_bonus').reduce((t, e) => t + e.amount, 0);
      if (postings === 1 && (principal !== order.principalFen || bonus !== order.bonusFen)) problems.push(`top-up ${order.outTradeNo}: credited ${principal}+${bonus}, sold ${order.principalFen}+${order.bonusFen}`);
    }
    const status = orders.get(order.outTradeNo)?.status;
    const expectedStatus = order.paid ? ['paid', 'refunded'] : ['pending'];
    if (!status || !expectedStatus.includes(status)) problems.push(`top-up ${order.outTradeNo}: order is ${status ?? 'missing'} though ${order.paid ? 'paid' : 'unpaid'}`);
    const refundPostings = new Set((refunds.get(order.outTradeNo) ?? []).map((e) => e.postingId)).size;
    if (refundPostings > 1) problems.push(`top-up ${order.outTradeNo}: refunded by ${refundPostings} postings`);
    if ((status === 'refunded') !== (refundPostings === 1)) problems.push(`top-up ${order.outTradeNo}: order is ${status} with ${refundPostings} refund postings`);
  }
  return problems;
}

/** A purchase is refunded at most once, and its document says whether it was. */
function checkPurchases(dump: LedgerDump, expected: Expectations): string[] {
  const problems: string[] = [];
  const reversals = groupBy(dump.entries.filter((e) => e.source.type === 'purchase_refund'), (e) => e.source.id);
  const docs = new Map(dump.purchases.map((p) => [p._id, p]));
  for (const purchase of expected.purchases) {
    const postings = new Set((reversals.get(purchase.purchaseId) ?? []).map((e) => e.postingId)).size;
    if (postings > 1) problems.push(`purchase ${purchase.purchaseId}: refunded by ${postings} postings`);
    const status = docs.get(purchase.purchaseId)?.status;
    const want = purchase.refunds > 0 ? 'refunded' : 'completed';
    if (status !== want) problems.push(`purchase ${purchase.purchaseId}: document says ${status ?? 'missing'}, answers say ${want}`);
  }
  return problems;
}

/** After the last tick nothing whose day has ended is still in a bucket. */
function checkExpiry(dump: LedgerDump, today: string): string[] {
  const problems: string[] = [];
  for (const account of dump.accounts) {
    if (account.asset !== 'points') continue;
    const late = (account as PointsAccountDoc).buckets.filter((b) => b.expiresOn < today && b.remaining > 0);
    if (late.length) problems.push(`expiry: ${account._id} still holds ${late.map((b) => `${b.remaining} due ${b.expiresOn}`).join(', ')} on ${today}`);
  }
  return problems;
}

/**
 * Not ledger invariants but money owed outside it: a top-up the ledger refunded must have been
 * refunded by WeChat Pay too, by the same amount, once the clients have retried.
 */
export function checkFollowThrough(dump: LedgerDump, expected: Expectations): string[] {
  const findings: string[] = [];
  const cashBack = new Map<string, number>();
  // By lot: a top-up's own refund and purchase refunds that reached it after it was refunded.
  for (const e of dump.entries) if (e.kind === 'topup_refund' && e.asset === 'wallet_principal') cashBack.set(e.lotId!, (cashBack.get(e.lotId!) ?? 0) - e.amount);
  for (const order of expected.orders) {
    const owed = cashBack.get(order.outTradeNo) ?? 0;
    if (owed !== order.refundedByWeChatFen) findings.push(`top-up ${order.outTradeNo}: the ledger refunded ${owed}, WeChat Pay refunded ${order.refundedByWeChatFen}`);
  }
  for (const refund of dump.walletRefunds) if (refund.status !== 'submitted') findings.push(`wallet refund ${refund._id} of ${refund.outTradeNo} is ${refund.status}`);
  return findings;
}

/**
 * Per template: the shards' stock adds up to the template's; per shard, issued and redeemed
 * equal a count over its coupons (issued: all of them; redeemed: those used), untilCounts counts
 * those not used by their end, and redeemed ≤ issued ≤ stock. The template issued as many as
 * the answers said ok; one answered OUT_OF_STOCK only once the whole stock was issued.
 */
function checkCouponStock(dump: LedgerDump, expected: Expectations): string[] {
  const problems: string[] = [];
  const byShard = groupBy(dump.coupons, (c) => `${c.templateId}:${c.stockShard}`);
  const shards = groupBy(dump.couponStock, (s) => s.templateId);
  for (const template of dump.couponTemplates) {
    const own = shards.get(template._id) ?? [];
    const stock = own.reduce((t, s) => t + s.stock, 0);
    if (stock !== template.stock) problems.push(`coupon stock: template ${template._id} holds ${template.stock}, its shards ${stock}`);
    for (const shard of own) {
      const coupons = byShard.get(`${template._id}:${shard.n}`) ?? [];
      const used = coupons.filter((c) => c.status === 'used').length;
      if (!(shard.redeemed <= shard.issued && shard.issued <= shard.stock)) problems.push(`coupon stock: shard ${shard._id} redeemed ${shard.redeemed}, issued ${shard.issued}, stock ${shard.stock}: not redeemed ≤ issued ≤ stock`);
      if (shard.issued !== coupons.length) problems.push(`coupon stock: shard ${shard._id} counts ${shard.issued} issued, its coupons number ${coupons.length}`);
      if (shard.redeemed !== used) problems.push(`coupon stock: shard ${shard._id} counts ${shard.redeemed} redeemed, ${used} of its coupons are used`);
      const until: Record<string, number> = {};
      for (const c of coupons) if (c.status !== 'used') until[String(new Date(c.validUntil).getTime())] = (until[String(new Date(c.validUntil).getTime())] ?? 0) + 1;
      const counted = Object.fromEntries(Object.entries(shard.untilCounts).filter(([, n]) => n !== 0));
      if (JSON.stringify(sortKeys(counted)) !== JSON.stringify(sortKeys(until))) problems.push(`coupon stock: shard ${shard._id} untilCounts ${JSON.stringify(counted)}, its unused coupons by end ${JSON.stringify(until)}`);
    }
  }
  const byTemplate = groupBy(dump.coupons, (c) => c.templateId);
  for (const t of expected.templates) {
    const issued = (byTemplate.get(t.templateId) ?? []).length;
    if (issued !== t.issued) problems.push(`coupon stock: template ${t.templateId} has ${issued} coupons, ${t.issued} claims and redemptions answered ok`);
    if (t.dryAnswered && issued !== t.stock) problems.push(`coupon stock: template ${t.templateId} answered OUT_OF_STOCK with ${t.stock - issued} of its ${t.stock} never issued`);
  }
  return problems;
}

function sortKeys(record: Record<string, number>): [string, number][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A used coupon is used by exactly one completed purchase of its member that lists it, or by
 * one gift redemption of it that stands; each completed purchase's coupons and each standing
 * redemption's coupon are used by it (so no coupon is used twice at once); a refunded purchase
 * and an undone redemption use none; only a used coupon names a use.
 */
function checkCouponUses(dump: LedgerDump): string[] {
  const problems: string[] = [];
  const purchases = new Map(dump.purchases.map((p) => [p._id, p]));
  const redemptions = new Map(dump.couponRedemptions.map((r) => [r._id, r]));
  const coupons = new Map(dump.coupons.map((c) => [c._id, c]));
  for (const coupon of dump.coupons) {
    const use = coupon.usedBy ?? null;
    if (coupon.status !== 'used') {
      if (use) problems.push(`coupon ${coupon._id} is ${coupon.status} but names its use by ${use.type} ${use.id}`);
      continue;
    }
    if (!use) {
      problems.push(`coupon ${coupon._id} is used by nothing`);
      continue;
    }
    if (use.type === 'purchase') {
      const purchase = purchases.get(use.id);
      if (!purchase) problems.push(`coupon ${coupon._id} is used by purchase ${use.id}, which does not exist`);
      else if (purchase.status !== 'completed') problems.push(`coupon ${coupon._id} is still used by purchase ${use.id}, which is ${purchase.status}`);
      else if (purchase.memberId !== coupon.memberId) problems.push(`coupon ${coupon._id} of member ${coupon.memberId} is used by member ${purchase.memberId}'s purchase ${use.id}`);
      else if (!(purchase.price?.coupons ?? []).some((c) => c.couponId === coupon._id)) problems.push(`coupon ${coupon._id} is used by purchase ${use.id}, which does not list it`);
    } else {
      const redemption = redemptions.get(use.id);
      if (!redemption) problems.push(`coupon ${coupon._id} is used by redemption ${use.id}, which does not exist`);
      else if (redemption.status !== 'redeemed') problems.push(`coupon ${coupon._id} is still used by redemption ${use.id}, which is ${redemption.status}`);
      else if (redemption.couponId !== coupon._id) problems.push(`coupon ${coupon._id} is used by redemption ${use.id} of coupon ${redemption.couponId}`);
    }
  }
  for (const purchase of dump.purchases) {
    for (const { couponId } of purchase.price?.coupons ?? []) {
      const usedBy = coupons.get(couponId)?.usedBy?.id;
      if (purchase.status === 'completed' && usedBy !== purchase._id) problems.push(`purchase ${purchase._id} lists coupon ${couponId}, which is ${usedBy ? `used by ${usedBy}` : (coupons.get(couponId)?.status ?? 'missing')}`);
      if (purchase.status === 'refunded' && usedBy === purchase._id) problems.push(`purchase ${purchase._id} is refunded but coupon ${couponId} is still used by it`);
    }
  }
  for (const redemption of dump.couponRedemptions) {
    const usedBy = coupons.get(redemption.couponId)?.usedBy?.id;
    if (redemption.status === 'redeemed' && usedBy !== redemption._id) problems.push(`redemption ${redemption._id} stands but coupon ${redemption.couponId} is ${usedBy ? `used by ${usedBy}` : 'not used'}`);
    if (redemption.status === 'undone' && usedBy === redemption._id) problems.push(`redemption ${redemption._id} is undone but coupon ${redemption.couponId} is still used by it`);
  }
  return problems;
}
