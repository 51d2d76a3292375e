// The paid-membership and check-in invariants over a finished run's dump: pure, each violation
// one line of text.
// - periods never overlap: per member, the periods not refunded (and not cut to nothing), sorted
//   by start, each begins at or after the previous one's end;
// - one period per paid plan order, however often WeChat delivered its notification, and no
//   period without a paid (or refunded) plan order;
// - at most one pack per member per month of membership: no month start twice, no two packs of
//   periods not refunded less than 28 days apart while the membership ran on without a break
//   between them (a refunded period's packs were withdrawn or charged for by its refund; a new
//   membership after a break starts its own months), every pack coupon (source plan_pack)
//   listed in exactly one pack;
// - at most one check-in document per member per day, its id `<memberId>:<day>`, its run one more
//   than the day before's (or 1), and its points posted once: the ledger's check-in entries add
//   up to the reward it records;
// - the subscribe quota is never negative, and no template sent more messages than the consents
//   the members were told were recorded.

interface Doc {
  _id: string;
  [field: string]: any;
}

export interface MembershipDump {
  paidMemberships?: Doc[];
  checkins?: Doc[];
  subscribeQuotas?: Doc[];
  notifyCounters?: Doc[];
  paymentOrders: Doc[];
  coupons: Doc[];
  entries: Doc[];
}

const DAY_MS = 86_400_000;
const t = (at: unknown) => new Date(at as string).getTime();
const iso = (at: number) => new Date(at).toISOString();

/** Consents accepted per template key, from the answers the members were given (the day counters are statistics and may lose a count). */
export interface MembershipExpectations {
  consents: Record<string, number>;
}

export function checkMembership(dump: MembershipDump, expected?: MembershipExpectations): string[] {
  const problems: string[] = [];
  const periodsByOrder = new Map<string, number>();
  const packCoupons = new Map<string, number>();
  for (const membership of dump.paidMemberships ?? []) {
    const periods: Doc[] = membership.periods ?? [];
    for (const p of periods) periodsByOrder.set(p.outTradeNo, (periodsByOrder.get(p.outTradeNo) ?? 0) + 1);
    const live = periods.filter((p) => !p.refunded && t(p.endsAt) > t(p.startsAt)).sort((a, b) => t(a.startsAt) - t(b.startsAt));
    for (let i = 1; i < live.length; i++) {
      if (t(live[i].startsAt) < t(live[i - 1].endsAt)) {
        problems.push(`membership: member ${membership._id} period ${live[i].outTradeNo} starts ${iso(t(live[i].startsAt))}, before ${live[i - 1].outTradeNo} ends ${iso(t(live[i - 1].endsAt))}`);
      }
    }
    // A refunded period's packs are out of it: withdrawn by the refund, or (a coupon used) charged for in it.
    const starts = periods.filter((p) => !p.refunded).flatMap((p) => (p.packs ?? []).map((k: Doc) => t(k.monthStart))).sort((a, b) => a - b);
    for (let i = 1; i < starts.length; i++) {
      if (starts[i] === starts[i - 1]) problems.push(`membership: member ${membership._id} has two packs for the month starting ${iso(starts[i])}`);
      else if (starts[i] - starts[i - 1] < 28 * DAY_MS && covered(live, starts[i - 1], starts[i])) problems.push(`membership: member ${membership._id} has packs for ${iso(starts[i - 1])} and ${iso(starts[i])}, less than a month apart`);
    }
    for (const p of periods) for (const k of p.packs ?? []) for (const id of k.couponIds ?? []) packCoupons.set(id, (packCoupons.get(id) ?? 0) + 1);
  }
  for (const order of dump.paymentOrders.filter((o) => o.purpose === 'plan')) {
    const periods = periodsByOrder.get(order._id) ?? 0;
    const credited = order.status === 'paid' || order.status === 'refunded';
    if (credited && periods !== 1) problems.push(`membership: plan order ${order._id} is ${order.status} with ${periods} periods`);
    if (!credited && periods > 0) problems.push(`membership: plan order ${order._id} is ${order.status} but has ${periods} periods`);
    periodsByOrder.delete(order._id);
  }
  for (const [outTradeNo] of periodsByOrder) problems.push(`membership: period ${outTradeNo} has no plan order`);
  for (const coupon of dump.coupons.filter((c) => c.source === 'plan_pack')) {
    const listed = packCoupons.get(coupon._id) ?? 0;
    if (listed !== 1) problems.push(`membership: pack coupon ${coupon._id} of ${coupon.memberId} is listed in ${listed} packs`);
  }

  // Check-ins: one per member and day, runs that follow, points posted once.
  const byDay = new Map<string, Doc[]>();
  for (const c of dump.checkins ?? []) {
    const key = `${c.memberId}:${c.day}`;
    byDay.set(key, [...(byDay.get(key) ?? []), c]);
    if (c._id !== key) problems.push(`check-in: document ${c._id} is for ${key}`);
  }
  for (const [key, docs] of byDay) {
    if (docs.length > 1) problems.push(`check-in: ${docs.length} documents for ${key}`);
    const [memberId, day] = [key.slice(0, key.length - 11), key.slice(-10)];
    const before = byDay.get(`${memberId}:${new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10)}`)?.[0];
    const run = (before?.run ?? 0) + 1;
    if (docs[0].run !== run) problems.push(`check-in: ${key} has run ${docs[0].run}; the day before makes it ${run}`);
  }
  const posted = new Map<string, { amount: number; postings: Set<string> }>();
  for (const e of dump.entries) {
    if (e.asset !== 'points' || e.source?.type !== 'checkin' || e.kind !== 'grant') continue;
    const seen = posted.get(e.source.id) ?? { amount: 0, postings: new Set<string>() };
    seen.amount += e.amount;
    seen.postings.add(e.postingId);
    posted.set(e.source.id, seen);
  }
  for (const c of dump.checkins ?? []) {
    const want = c.reward?.points ?? 0;
    const got = posted.get(c._id) ?? { amount: 0, postings: new Set() };
    if (got.amount !== want || got.postings.size > 1) problems.push(`check-in: ${c._id} rewards ${want} points; the ledger credits ${got.amount} in ${got.postings.size} postings`);
    posted.delete(c._id);
  }
  for (const [id, got] of posted) problems.push(`check-in: the ledger credits ${got.amount} points to check-in ${id}, which has no document`);

  // Subscribe quotas.
  for (const q of dump.subscribeQuotas ?? []) {
    for (const [template, left] of Object.entries(q.quotas ?? {})) if ((left as number) < 0) problems.push(`subscribe quota: member ${q.memberId} has ${left} left for ${template}`);
  }
  const sent = new Map<string, number>();
  for (const c of dump.notifyCounters ?? []) sent.set(c.template, (sent.get(c.template) ?? 0) + (c.sent ?? 0));
  if (expected) for (const [template, n] of sent) if (n > (expected.consents[template] ?? 0)) problems.push(`subscribe quota: ${template} sent ${n} messages with ${expected.consents[template] ?? 0} consents`);
  return problems;
}

/** Whether the periods cover [from, to] without a break. */
function covered(periods: Doc[], from: number, to: number): boolean {
  let cursor = from;
  for (const p of periods) if (t(p.startsAt) <= cursor && t(p.endsAt) > cursor) cursor = t(p.endsAt);
  return cursor >= to;
}
