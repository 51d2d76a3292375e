import type { LocalCloud } from '../../scripts/local-cloud';
import { getDb } from '../../cloudfunctions/core/platform/cloud';
import { serverNow } from '../../cloudfunctions/core/platform/time';
import { runInTransaction } from '../../cloudfunctions/core/platform/transaction';
import type { HandlerContext } from '../../cloudfunctions/core/router/context';
import { type RollupOptions, runOverviewRollup } from '../../cloudfunctions/core/overview/rollup';
import { inBrandZone } from '../../cloudfunctions/core/platform/time';

/** The context a cron tick gives its jobs (as scripts/bench/expiry.ts builds it). */
export function jobContext(overrides: Partial<HandlerContext> = {}): HandlerContext {
  const db = getDb();
  return { fn: 'cron', action: 'tick', openid: '@timer', roles: {}, now: serverNow(), db, transaction: (work) => runInTransaction(db, work), ...overrides };
}

export function rollup(options: RollupOptions = {}, ctx: HandlerContext = jobContext()) {
  return runOverviewRollup(ctx, Date.now() + 60_000, { force: true, ...options });
}

/**
 * The figures as a full scan computes them: the ledger totals from every entry (each balance is
 * the sum of its entries), checked against every account; today's purchases from every purchase.
 */
export function fullScan(cloud: LocalCloud, now: Date, timeZone = 'Asia/Shanghai') {
  const entries = cloud.db.dump('ledger_entries') as { asset: string; amount: number; debtDelta?: number }[];
  const sum = (asset: string, pick: (e: { amount: number; debtDelta?: number }) => number = (e) => e.amount) =>
    entries.filter((e) => e.asset === asset).reduce((t, e) => t + pick(e), 0);
  const fromEntries = {
    points: { outstanding: sum('points'), debt: sum('points', (e) => e.debtDelta ?? 0) },
    wallet: { principalFen: sum('wallet_principal'), bonusFen: sum('wallet_bonus') },
  };
  const accounts = cloud.db.dump('accounts') as { asset: string; balance: number; debt?: number }[];
  const balance = (asset: string, pick: (a: { balance: number; debt?: number }) => number = (a) => a.balance) =>
    accounts.filter((a) => a.asset === asset).reduce((t, a) => t + pick(a), 0);
  const fromAccounts = {
    points: { outstanding: balance('points'), debt: balance('points', (a) => a.debt ?? 0) },
    wallet: { principalFen: balance('wallet_principal'), bonusFen: balance('wallet_bonus') },
  };
  const day = inBrandZone(now, timeZone).format('YYYY-MM-DD');
  const onDay = (at: unknown) => at instanceof Date && inBrandZone(at, timeZone).format('YYYY-MM-DD') === day;
  const purchases = cloud.db.dump('purchases') as { storeId: string; amountFen: number; createdAt: Date; refundedAt?: Date }[];
  const stores: Record<string, { purchases: number; amountFen: number; refunds: number; refundFen: number }> = {};
  const row = (storeId: string) => (stores[storeId] ??= { purchases: 0, amountFen: 0, refunds: 0, refundFen: 0 });
  for (const p of purchases) {
    if (onDay(p.createdAt)) {
      row(p.storeId).purchases += 1;
      row(p.storeId).amountFen += p.amountFen;
    }
    if (onDay(p.refundedAt)) {
      row(p.storeId).refunds += 1;
      row(p.storeId).refundFen += p.amountFen;
    }
  }
  return { fromEntries, fromAccounts, day, stores };
}

/** The overview's per-store rows as the scan's shape, without stores that had nothing today. */
export function storesOf(figures: { today: { stores: { storeId: string; purchases: number; amountFen: number; refunds: number; refundFen: number }[] } }) {
  return Object.fromEntries(
    figures.today.stores
      .filter((s) => s.purchases + s.refunds > 0)
      .map((s) => [s.storeId, { purchases: s.purchases, amountFen: s.amountFen, refunds: s.refunds, refundFen: s.refundFen }]),
  );
}
