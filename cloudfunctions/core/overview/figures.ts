import type { OverviewFigures, StoreDayFigures } from '../contract/audit';
import { loadBrandSettings } from '../brand/settings';
import { MEMBERS } from '../members/collections';
import type { Database } from '../platform/cloud';
import { getDocById } from '../platform/documents';
import { inBrandZone, startOfBrandDay } from '../platform/time';
import { PURCHASES } from '../purchases/collections';
import type { HandlerContext } from '../router/context';
import { findAll } from '../stores/listing';
import { storeScope } from '../access/roles';
import { STORES, type StoreDoc } from '../stores/collections';
import { OVERVIEW_STATS_ID, type OverviewStatsDoc, STATS } from './rollup';

// The overview page's figures. Nothing here reads more than a day of anything: members are
// counted (indexed registeredAt for today and this week), today's purchases and refunds are
// grouped in the database (indexed createdAt / refundedAt, one day), and the ledger totals are
// the rollup job's last published pass (stats/overview).

/** The brand-zone day of `now`, the first moment of it, of the next day and of its week (Monday). */
export function brandCalendar(now: Date, timeZone: string) {
  const here = inBrandZone(now, timeZone);
  const day = here.format('YYYY-MM-DD');
  const monday = here.subtract((here.day() + 6) % 7, 'day').format('YYYY-MM-DD');
  const dayStart = startOfBrandDay(day, timeZone);
  return { day, dayStart: dayStart.toDate(), dayEnd: dayStart.add(1, 'day').toDate(), weekStart: startOfBrandDay(monday, timeZone).toDate() };
}

async function countOf(query: { count(): unknown }): Promise<number> {
  const { total } = (await query.count()) as { total: number };
  return total;
}

interface Grouped {
  _id: string;
  n: number;
  fen: number;
}

/** Count and amount of purchases per store whose `field` falls in [start, end). */
async function perStore(db: Database, field: 'createdAt' | 'refundedAt', start: Date, end: Date): Promise<Grouped[]> {
  const _ = db.command;
  const $ = _.aggregate;
  const result = (await db
    .collection(PURCHASES)
    .aggregate()
    .match({ [field]: _.gte(start).and(_.lt(end)) })
    .group({ _id: '$storeId', n: $.sum(1), fen: $.sum('$amountFen') })
    .limit(1000)
    .end()) as { list: Grouped[] };
  return result.list;
}

export async function overview(ctx: HandlerContext): Promise<OverviewFigures> {
  const { timeZone } = await loadBrandSettings(ctx.db, ctx.now);
  const calendar = brandCalendar(ctx.now, timeZone);
  const scope = storeScope(ctx);
  if (scope !== null) {
    // A store manager: their stores' day, nothing brand-wide.
    const [sold, refunded, stores] = await Promise.all([
      perStore(ctx.db, 'createdAt', calendar.dayStart, calendar.dayEnd),
      perStore(ctx.db, 'refundedAt', calendar.dayStart, calendar.dayEnd),
      findAll<StoreDoc>(ctx.db, STORES),
    ]);
    const mine = <T extends { _id: string }>(rows: T[]) => rows.filter((row) => scope.includes(row._id));
    return { now: ctx.now.toISOString(), scope: 'stores', members: null, ledger: null, today: { day: calendar.day, ...storeDay(mine(stores), mine(sold), mine(refunded)) } };
  }
  const _ = ctx.db.command;
  const members = ctx.db.collection(MEMBERS);
  const [total, newToday, newThisWeek, published, sold, refunded, stores] = await Promise.all([
    countOf(members),
    countOf(members.where({ registeredAt: _.gte(calendar.dayStart) })),
    countOf(members.where({ registeredAt: _.gte(calendar.weekStart) })),
    getDocById<OverviewStatsDoc>(ctx.db, STATS, OVERVIEW_STATS_ID),
    perStore(ctx.db, 'createdAt', calendar.dayStart, calendar.dayEnd),
    perStore(ctx.db, 'refundedAt', calendar.dayStart, calendar.dayEnd),
    findAll<StoreDoc>(ctx.db, STORES),
  ]);
  return {
    now: ctx.now.toISOString(),
    scope: 'brand',
    members: { total, newToday, newThisWeek },
    ledger: published
      ? { points: { ...published.points }, wallet: { ...published.wallet }, asOf: new Date(published.asOf).toISOString() }
      : null,
    today: { day: calendar.day, ...storeDay(stores, sold, refunded) },
  };
}

/** One row per store (active ones, and any other that had purchases or refunds today), and the total. */
export function storeDay(stores: Pick<StoreDoc, '_id' | 'name' | 'active'>[], sold: Grouped[], refunded: Grouped[]): { stores: StoreDayFigures[]; total: OverviewFigures['today']['total'] } {
  const rows = new Map<string, StoreDayFigures>();
  const row = (storeId: string) => {
    let found = rows.get(storeId);
    if (!found) {
      found = { storeId, name: stores.find((s) => s._id === storeId)?.name ?? '', purchases: 0, amountFen: 0, refunds: 0, refundFen: 0 };
      rows.set(storeId, found);
    }
    return found;
  };
  for (const store of stores) if (store.active) row(store._id);
  for (const group of sold) Object.assign(row(group._id), { purchases: group.n, amountFen: group.fen });
  for (const group of refunded) Object.assign(row(group._id), { refunds: group.n, refundFen: group.fen });
  const list = [...rows.values()].sort((a, b) => b.amountFen - a.amountFen || a.name.localeCompare(b.name) || a.storeId.localeCompare(b.storeId));
  const total = list.reduce((t, r) => ({ purchases: t.purchases + r.purchases, amountFen: t.amountFen + r.amountFen, refunds: t.refunds + r.refunds, refundFen: t.refundFen + r.refundFen }), { purchases: 0, amountFen: 0, refunds: 0, refundFen: 0 });
  return { stores: list, total };
}
