import { splitWalletPayment } from './wallet-split';

describe('splitting a bill with the stored-value wallet', () => {
  it('takes the whole bill when the balance covers it', () => {
    expect(splitWalletPayment(5050, 10000, true)).toEqual({ walletFen: 5050, restFen: 0 });
    expect(splitWalletPayment(5050, 5050, true)).toEqual({ walletFen: 5050, restFen: 0 });
  });

  it('takes the whole balance and leaves the rest to collect when it falls short', () => {
    expect(splitWalletPayment(5050, 3000, true)).toEqual({ walletFen: 3000, restFen: 2050 });
  });

  it('takes nothing with the switch off, an empty wallet or no amount yet', () => {
    expect(splitWalletPayment(5050, 3000, false)).toEqual({ walletFen: 0, restFen: 5050 });
    expect(splitWalletPayment(5050, 0, true)).toEqual({ walletFen: 0, restFen: 5050 });
    expect(splitWalletPayment(null, 3000, true)).toEqual({ walletFen: 0, restFen: 0 });
  });
});
