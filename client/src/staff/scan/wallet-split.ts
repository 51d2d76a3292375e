/**
 * How a bill splits when the member pays from the stored-value wallet: the wallet covers what it
 * can (the server accepts walletFen ≤ amountFen) and the cashier collects the rest another way.
 */
export interface WalletSplit {
  /** Taken from the wallet: min(balance, bill); 0 with the switch off or no amount yet. */
  walletFen: number;
  /** Still to collect (cash, WeChat Pay…). */
  restFen: number;
}

export function splitWalletPayment(amountFen: number | null, balanceFen: number, useWallet: boolean): WalletSplit {
  if (amountFen === null) return { walletFen: 0, restFen: 0 };
  const walletFen = useWallet ? Math.max(0, Math.min(balanceFen, amountFen)) : 0;
  return { walletFen, restFen: amountFen - walletFen };
}
