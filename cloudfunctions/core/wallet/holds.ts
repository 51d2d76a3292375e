import type { WalletPrincipalAccountDoc } from '../ledger/accounts';

// Room under the balance ceiling held by unpaid top-up orders. The holds live on the member's
// wallet_principal account document, which placing an order reads and writes in its transaction,
// so orders placed at the same moment conflict there and the database serialises them.
//
// Race this defends against: thirty createTopup calls at once each counted the unpaid orders with
// a query outside their transaction (it saw none of the others) and wrote only their own order
// document, so none conflicted and all thirty were placed; paid, they passed the ceiling many
// times over. Now each reads the holds by id and writes them back: the database lets one commit
// at a time and the others run again on what it wrote. Pure.

/** One unpaid order's claim on the ceiling, until it is paid or WeChat Pay's two hours end. */
export interface TopupHold {
  outTradeNo: string;
  /** Principal + bonus the order would credit. */
  fen: number;
  /** The order's time_expire: from then on it can no longer be paid and holds nothing. */
  expiresAt: Date;
}

/** The principal account as stored, with the holds (absent on accounts that never held any). */
export interface HoldingAccount extends WalletPrincipalAccountDoc {
  topupHolds?: TopupHold[];
}

/**
 * The holds still in force at `now`. An expired one is dropped when read, so no job has to run for
 * an unpaid order to stop counting; a payment arriving after that is credited all the same.
 */
export function liveHolds(account: HoldingAccount, now: Date): TopupHold[] {
  return (account.topupHolds ?? []).filter((hold) => new Date(hold.expiresAt).getTime() > now.getTime());
}

export function heldFen(holds: TopupHold[]): number {
  return holds.reduce((total, hold) => total + hold.fen, 0);
}

/** The account without the order's hold (it was paid) and without expired ones. */
export function releaseHold<A extends HoldingAccount>(account: A, outTradeNo: string, now: Date): A {
  if (!account.topupHolds) return account;
  return { ...account, topupHolds: liveHolds(account, now).filter((hold) => hold.outTradeNo !== outTradeNo) };
}
