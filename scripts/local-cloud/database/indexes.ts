// Secondary indexes: which documents can possibly match a query, so that mingo tests a few
// candidates instead of the whole collection. An index only ever narrows: every document a
// query could match is among its candidates (mingo still decides), so results, their order
// (the collection's natural order) and every other semantic stay what a full scan gives.
//
// Per indexed top-level field: a hash of scalar values for equality and $in, and a sorted list of
// numbers, dates and strings (each among their own kind) for ranges. A document whose value is not a scalar (an array can match by an
// element, an embedded document by its fields) is a candidate for every query on the field; one
// without the field, or with null, matches no equality or range on a non-null scalar.

type AnyObject = Record<string, unknown>;

/** The indexes the README asks to create in the cloud (`_id` is always indexed). */
export const DECLARED_INDEXES: Record<string, string[]> = {
  accounts: ['asset', 'nextExpiryAt', 'unannouncedExpiryAt'],
  members: ['memberNo', 'openid', 'tierReviewAt', 'phoneHash', 'registeredAt', 'tierGiftsPendingAt', 'welcomeGiftPendingAt', 'birthdayMD'],
  ledger_entries: ['memberId', 'asset', 'createdAt'],
  wallet_refunds: ['status', 'lastAttemptAt', 'memberId', 'postingId'],
  payment_orders: ['memberId', 'status', 'createdAt'],
  purchases: ['staffOpenid', 'createdAt', 'memberId', 'refundedAt'],
  requests: ['expiresAt'],
  audit_log: ['at', 'storeId'],
  bulk_grants: ['state'],
  bulk_grant_items: ['jobId', 'status'],
  rule_versions: ['section'],
  coupon_templates: ['state', 'createdAt'],
  coupon_stock: ['templateId'],
  coupon_claims: ['memberId'],
  coupons: ['memberId', 'status', 'validUntil', 'createdAt'],
  coupon_issues: ['state', 'startedAt'],
  coupon_issue_items: ['jobId', 'status'],
  coupon_redemptions: ['staffOpenid', 'redeemedAt'],
  paid_memberships: ['nextPackAt', 'giftsPendingAt', 'nextReminderAt'],
  invite_visits: ['openid', 'sourceId'],
  referral_rewards: ['status', 'inviterId', 'memberId'],
  referral_events: ['day'],
  checkins: ['memberId'],
  notify_counters: ['day'],
};

const tagOf = (value: unknown) => Object.prototype.toString.call(value);

/**
 * The hash key of a scalar mingo compares by value; null for anything else. NaN (and an invalid
 * date) has none: mingo's range comparisons do not treat it as MongoDB does, so a document
 * holding one is left for mingo to judge, like an array.
 */
export function scalarKey(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      return `s:${value}`;
    case 'number':
      return Number.isNaN(value) ? null : `n:${value}`; // 0 and -0 share "0", as they are equal
    case 'boolean':
      return value ? 'b:1' : 'b:0';
    case 'object':
      if (value !== null && tagOf(value) === '[object Date]' && !Number.isNaN((value as Date).getTime())) return `d:${(value as Date).getTime()}`;
      return null;
    default:
      return null;
  }
}

/**
 * How a value sorts in a range index: numbers, dates and strings, each among their own kind (a
 * range on strings matches strings only, as in MongoDB). Strings compare as mingo compares them,
 * by UTF-16 code units, so the index never disagrees with the query it narrows.
 */
function rangeKind(value: unknown): 'n' | 'd' | 's' | null {
  if (scalarKey(value) === null) return null;
  if (typeof value === 'number') return 'n';
  if (typeof value === 'string') return 's';
  return typeof value === 'object' ? 'd' : null;
}

type RangeValue = number | string;
const rangeValue = (value: unknown): RangeValue => (typeof value === 'number' || typeof value === 'string' ? value : (value as Date).getTime());

interface Ranked {
  v: RangeValue;
  k: string;
  /** Removed since the list was last compacted. */
  dead?: boolean;
}

/** First position in `list` whose value is not below `v` (`strict`: above `v`). */
function bound(list: Ranked[], v: RangeValue, strict: boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].v < v || (strict && list[mid].v === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const byValue = (a: Ranked, b: Ranked) => (a.v < b.v ? -1 : a.v > b.v ? 1 : 0);

/**
 * Numbers (or dates, or strings) of one field in order. Writes are O(1): an addition waits in `pending`, a
 * removal marks its entry dead; the next range query sorts what is pending and merges it in
 * (O(n + p log p)), so a bulk load or a job that updates what it reads stays linear.
 */
class SortedValues {
  private sorted: Ranked[] = [];
  private pending: Ranked[] = [];
  private dead = 0;
  private readonly live = new Map<string, Ranked>();

  add(key: string, v: RangeValue): void {
    const entry = { v, k: key };
    this.live.set(key, entry);
    this.pending.push(entry);
  }

  remove(key: string): void {
    const entry = this.live.get(key);
    if (!entry) return;
    this.live.delete(key);
    entry.dead = true;
    this.dead += 1;
  }

  get size(): number {
    return this.live.size;
  }

  /** The keys whose value lies within the bounds, in value order. */
  within(bounds: { op: string; v: RangeValue }[]): string[] {
    const { list, from, to } = this.span(bounds);
    const keys: string[] = [];
    for (let i = from; i < to; i++) keys.push(list[i].k);
    return keys;
  }

  /** `within`, one key at a time, from either end, so a reader can stop after a page. */
  *walk(bounds: { op: string; v: RangeValue }[], direction: 1 | -1): Generator<string> {
    const { list, from, to } = this.span(bounds);
    if (direction === 1) for (let i = from; i < to; i++) yield list[i].k;
    else for (let i = to - 1; i >= from; i--) yield list[i].k;
  }

  private span(bounds: { op: string; v: RangeValue }[]): { list: Ranked[]; from: number; to: number } {
    const list = this.compacted();
    let from = 0;
    let to = list.length;
    for (const { op, v } of bounds) {
      if (op === '$gt') from = Math.max(from, bound(list, v, true));
      if (op === '$gte') from = Math.max(from, bound(list, v, false));
      if (op === '$lt') to = Math.min(to, bound(list, v, false));
      if (op === '$lte') to = Math.min(to, bound(list, v, true));
    }
    return { list, from, to };
  }

  private compacted(): Ranked[] {
    if (!this.pending.length && !this.dead) return this.sorted;
    const added = this.pending.filter((e) => !e.dead).sort(byValue);
    const kept = this.dead ? this.sorted.filter((e) => !e.dead) : this.sorted;
    const merged = new Array<Ranked>(kept.length + added.length);
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < kept.length && j < added.length) merged[n++] = kept[i].v <= added[j].v ? kept[i++] : added[j++];
    while (i < kept.length) merged[n++] = kept[i++];
    while (j < added.length) merged[n++] = added[j++];
    this.sorted = merged;
    this.pending = [];
    this.dead = 0;
    return merged;
  }
}

export class FieldIndex {
  private readonly byValue = new Map<string, Set<string>>();
  private readonly sorted = { n: new SortedValues(), d: new SortedValues(), s: new SortedValues() };
  /** Documents whose value is not a scalar: candidates for every query on the field. */
  private readonly other = new Set<string>();

  constructor(readonly field: string) {}

  add(key: string, doc: AnyObject): void {
    const value = doc[this.field];
    if (value === undefined || value === null) return;
    const hash = scalarKey(value);
    if (hash === null) {
      this.other.add(key);
      return;
    }
    let set = this.byValue.get(hash);
    if (!set) this.byValue.set(hash, (set = new Set()));
    set.add(key);
    const kind = rangeKind(value);
    if (kind) this.sorted[kind].add(key, rangeValue(value));
  }

  remove(key: string, doc: AnyObject): void {
    const value = doc[this.field];
    if (value === undefined || value === null) return;
    const hash = scalarKey(value);
    if (hash === null) {
      this.other.delete(key);
      return;
    }
    const set = this.byValue.get(hash);
    set?.delete(key);
    if (set && !set.size) this.byValue.delete(hash);
    const kind = rangeKind(value);
    if (kind) this.sorted[kind].remove(key);
  }

  /** Candidates for `field` equal to one of `values` (all scalars), or null if the index cannot say. */
  equal(values: unknown[]): string[] | null {
    const keys: string[] = [];
    for (const value of values) {
      const hash = scalarKey(value);
      if (hash === null) return null;
      const set = this.byValue.get(hash);
      if (set) for (const key of set) keys.push(key);
    }
    for (const key of this.other) keys.push(key);
    return keys;
  }

  /**
   * Every document's key in string order of the field, within string `bounds`; null unless every
   * indexed document holds a string there (then the order is the one mingo's sort gives).
   */
  stringOrder(bounds: { op: string; value: unknown }[], documents: number, direction: 1 | -1): Iterable<string> | null {
    if (this.sorted.s.size !== documents || bounds.some((b) => typeof b.value !== 'string')) return null;
    return this.sorted.s.walk(bounds.map(({ op, value }) => ({ op, v: value as string })), direction);
  }

  /** Candidates for a range over numbers, dates or strings; null if the bounds are of mixed or other kinds. */
  range(bounds: { op: string; value: unknown }[]): string[] | null {
    const kind = rangeKind(bounds[0].value);
    if (!kind || bounds.some((b) => rangeKind(b.value) !== kind)) return null;
    const keys = this.sorted[kind].within(bounds.map(({ op, value }) => ({ op, v: rangeValue(value) })));
    for (const key of this.other) keys.push(key);
    return keys;
  }
}

/** A necessary condition a query puts on one top-level field. */
export type Constraint = { field: string; equal: unknown[] } | { field: string; range: { op: string; value: unknown }[] };

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);

/**
 * The conditions every matching document must meet, read from the query's top level and its
 * top-level $and (never from $or, $nor or $not, which do not bind each document).
 */
export function constraints(query: AnyObject, out: Constraint[] = []): Constraint[] {
  for (const [field, condition] of Object.entries(query)) {
    if (field === '$and') {
      if (Array.isArray(condition)) for (const clause of condition) if (isPlain(clause)) constraints(clause, out);
      continue;
    }
    if (field.startsWith('$') || field.includes('.')) continue;
    if (scalarKey(condition) !== null) {
      out.push({ field, equal: [condition] });
      continue;
    }
    if (!isPlain(condition)) continue;
    const ops = Object.keys(condition);
    if (!ops.length || !ops.every((op) => op.startsWith('$'))) continue; // an embedded document
    if ('$eq' in condition && scalarKey(condition.$eq) !== null) out.push({ field, equal: [condition.$eq] });
    if (Array.isArray(condition.$in) && condition.$in.length && condition.$in.every((v) => scalarKey(v) !== null)) {
      out.push({ field, equal: condition.$in });
    }
    const range = ops.filter((op) => RANGE_OPS.has(op)).map((op) => ({ op, value: condition[op] }));
    if (range.length) out.push({ field, range });
  }
  return out;
}

function isPlain(value: unknown): value is AnyObject {
  return value !== null && typeof value === 'object' && tagOf(value) === '[object Object]' && !(value as { _bsontype?: unknown })._bsontype;
}
