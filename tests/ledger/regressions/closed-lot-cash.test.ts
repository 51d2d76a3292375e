// Found by the 1000-seed simulation (seed 141): a top-up of ¥100 (+¥20 bonus) sent ¥100.01 back
// in cash. Returns into an open lot are re-split on the lot's line to whole fen, so a later draw's
// own principal could exceed what the lot still had out; the closed lot then sent it again.
import { payFromWallet, refundTopupLot, returnToWallet } from '../../../cloudfunctions/core/wallet/operations';

const now = new Date('2026-03-02T00:00:00Z');
const source = { type: 'purchase', id: 'p' } as const;

function wallet(principal: number, bonus: number): any {
  const lot = { lotId: 'T1', principalGranted: principal, bonusGranted: bonus, principalLeft: principal, bonusLeft: bonus, toppedUpAt: now, refunded: false };
  return { wallet_principal: { _id: 'm:wallet_principal', asset: 'wallet_principal', balance: principal, lots: [lot], version: 1 }, wallet_bonus: { _id: 'm:wallet_bonus', asset: 'wallet_bonus', balance: bonus, version: 1 } };
}

test('the cash sent back on one top-up never adds up to more than its principal', () => {
  let accounts = wallet(10_000, 2_000);
  // Two purchases of 1 fen: the line takes the first from the bonus, the second from the principal.
  const a = payFromWallet(accounts, 1, source);
  accounts = a.after;
  expect(a.draws).toEqual([{ lotId: 'T1', principal: 0, bonus: 1 }]);
  const b = payFromWallet(accounts, 1, source);
  accounts = b.after;
  expect(b.draws).toEqual([{ lotId: 'T1', principal: 1, bonus: 0 }]);
  // A is refunded into the open lot; the line puts its fen back as principal (1 fen spent: all bonus).
  accounts = returnToWallet(accounts, a.draws, source, now).after;
  expect(accounts.wallet_principal.lots[0]).toMatchObject({ principalLeft: 10_000, bonusLeft: 1_999 });
  // The top-up is refunded: ¥100.00 in cash, the 19.99 bonus left withdrawn.
  const topup = refundTopupLot(accounts, 'T1', source, now);
  accounts = topup.after;
  expect(topup.draws).toEqual([{ lotId: 'T1', principal: 10_000, bonus: 1_999 }]);
  // B is refunded into the closed lot: its fen was already inside the ¥100.00, so no cash goes.
  const back = returnToWallet(accounts, b.draws, source, now);
  expect(back.sentBack).toEqual([{ lotId: 'T1', principal: 0, bonus: 1 }]);
  const cash = topup.draws[0].principal + back.sentBack.reduce((total, d) => total + d.principal, 0);
  expect(cash).toBe(10_000);
  expect(back.after.wallet_principal.balance).toBe(0);
  expect(back.after.wallet_bonus.balance).toBe(0);
  expect(back.after.wallet_principal.lots[0]).toMatchObject({ principalLeft: 0, bonusLeft: 0, principalRefunded: 10_000 });
});
