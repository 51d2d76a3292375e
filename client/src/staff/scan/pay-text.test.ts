import { confirmText, lineAmountText, pointsSwitchText, walletSwitchText } from './pay-text';
import { quoteFixture } from './quote-fixture';

describe('a breakdown line\'s amount', () => {
  const table: [string, Parameters<typeof lineAmountText>[0], string][] = [
    ['the list amount as it is', { kind: 'list', label: '原价', amountFen: 10000 }, '¥100.00'],
    ['a member price as what it takes off', { kind: 'member_price', label: '会员价（金卡会员 9.5折）', amountFen: 500 }, '-¥5.00'],
    ['a coupon', { kind: 'coupon', label: '优惠券（满50减10）', amountFen: 1000 }, '-¥10.00'],
    ['a gift item', { kind: 'gift', label: '兑换券（马克杯）', amountFen: 0 }, '兑换'],
    ['points as cash', { kind: 'points', label: '积分抵现（1,200 积分）', amountFen: 1200 }, '-¥12.00'],
    ['the wallet', { kind: 'wallet', label: '储值支付', amountFen: 3001 }, '-¥30.01'],
    ['the remainder as it is', { kind: 'remainder', label: '还需支付', amountFen: 0 }, '¥0.00'],
  ];
  it.each(table)('%s', (_name, line, expected) => {
    expect(lineAmountText(line)).toBe(expected);
  });
});

describe('the 积分抵现 switch', () => {
  const offer = { maxPoints: 1200, maxFen: 1200, limitedBy: 'balance' as const, stepPoints: 1, stepFen: 1 };
  const points = (more: object) => ({ ...quoteFixture().points, offer, ...more });
  const table: [string, Parameters<typeof pointsSwitchText>[0], boolean, string, boolean][] = [
    ['before any quote', null, false, '输入金额后显示可抵现积分', true],
    ['off: what it could take', points({}), false, '可用 1,200 积分抵 ¥12.00', false],
    ['off, held by the cap', points({ offer: { ...offer, maxPoints: 4250, maxFen: 4250, limitedBy: 'cap' }, balance: 9000 }), false, '可用 4,250 积分抵 ¥42.50（本单上限）', false],
    ['on: what it took', points({ spent: 1200, fen: 1200 }), true, '已用 1,200 积分抵 ¥12.00', false],
    ['not enough points for a step', points({ balance: 50, offer: { ...offer, maxPoints: 0, maxFen: 0 } }), false, '积分 50，本单不够抵现', true],
    ['a brand without points as cash', points({ offer: null }), false, '本品牌暂不支持积分抵现', true],
  ];
  it.each(table)('%s', (_name, value, on, sub, disabled) => {
    expect(pointsSwitchText(value, on)).toEqual({ sub, disabled });
  });
});

describe('the 使用储值支付 switch', () => {
  const table: [string, number, Parameters<typeof walletSwitchText>[1], number | null, boolean, string, boolean][] = [
    ['an empty wallet', 0, null, null, false, '该会员没有储值余额', true],
    ['off: the balance', 11000, { balanceFen: 11000, maxFen: 5800, fen: 0 }, 5800, false, '储值余额 ¥110.00', false],
    ['on, covering it all', 11000, { balanceFen: 11000, maxFen: 5800, fen: 5800 }, 0, true, '储值支付 ¥58.00，无需另收', false],
    ['on, part of it', 3000, { balanceFen: 3000, maxFen: 3000, fen: 3000 }, 2800, true, '储值支付 ¥30.00，另收 ¥28.00', false],
    ['on, nothing left to pay after points', 3000, { balanceFen: 3000, maxFen: 0, fen: 0 }, 0, true, '本单无需储值支付（余额 ¥30.00）', false],
  ];
  it.each(table)('%s', (_name, balance, wallet, remainder, on, sub, disabled) => {
    expect(walletSwitchText(balance, wallet, remainder, on)).toEqual({ sub, disabled });
  });
});

describe('the confirm button', () => {
  const ready = { amountValid: true, pricing: false, submitting: false, failed: false };
  it.each([
    ['the remainder to take', quoteFixture(), ready, '确认收款 ¥85.00'],
    ['nothing to take', quoteFixture({ remainderFen: 0 }), ready, '确认（无需另收）'],
    ['no amount yet', null, { ...ready, amountValid: false }, '请输入金额'],
    ['while pricing', quoteFixture(), { ...ready, pricing: true }, '正在计算…'],
    ['a refused quote', quoteFixture(), { ...ready, failed: true }, '无法计算价格'],
    ['while recording', quoteFixture(), { ...ready, submitting: true }, '正在记录…'],
  ] as const)('%s', (_name, quote, state, expected) => {
    expect(confirmText(quote, state)).toBe(expected);
  });
});
