import type { MemberLookupResult } from '@contract';
import { ApiError } from '../api/errors';
import { quoteFixture } from '../staff/scan/quote-fixture';

// The checkout store against a scripted server: what it sends, in which order, and with which
// request id. The pure rules it uses have their own tables (staff/scan/*.test.ts).

type Call = { fn: string; action: string; data: Record<string, unknown>; requestId?: string };
const calls: Call[] = [];
let answer: (call: Call) => unknown = () => undefined;

jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { showToast: jest.fn() } }));
jest.mock('../api/call', () => ({
  callFunction: async (fn: string, action: string, data: Record<string, unknown>, opts: { requestId?: string } = {}) => {
    const call = { fn, action, data, requestId: opts.requestId };
    calls.push(call);
    const result = answer(call);
    if (result instanceof Error) throw result;
    return result;
  },
}));

import { QUOTE_DEBOUNCE_MS, useCheckout } from './checkout';

const member: MemberLookupResult = {
  checkoutTicket: 'T1.ticket-for-this-cashier',
  ticketExpiresAt: '2026-11-23T06:10:00.000Z',
  memberNo: '1234567890',
  nickname: '小鹿',
  maskedPhone: '138****0000',
  tier: { code: 'gold', name: '金卡会员', color: '#c8a04a' },
  points: 1200,
  walletFen: 3000,
};

function server(overrides: Partial<Record<string, (call: Call) => unknown>> = {}) {
  answer = (call) => {
    const handler = overrides[call.action];
    if (handler) return handler(call);
    if (call.action === 'lookupMember') return member;
    if (call.action === 'priceCheckout') return quoteFixture({ wallet: { balanceFen: 3000, maxFen: 3000, fen: Number(call.data.walletFen) } });
    if (call.action === 'myPurchases') return { day: '2026-11-23', count: 0, takenFen: 0, discountFen: 0, couponsUsed: 0, giftRedemptions: [], items: [], nextCursor: null };
    throw new Error(`unexpected ${call.action}`);
  };
}

const flush = async () => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};
const sent = (action: string) => calls.filter((call) => call.action === action);

async function scannedWithAmount(text: string) {
  await useCheckout.getState().lookup('M1.member.code.AAAAAAAA');
  useCheckout.getState().setAmountText(text);
  jest.advanceTimersByTime(QUOTE_DEBOUNCE_MS);
  await flush();
}

beforeEach(() => {
  jest.useFakeTimers();
  calls.length = 0;
  server();
  useCheckout.getState().restart();
});

afterEach(() => jest.useRealTimers());

it('prices the typed amount once typing pauses, with the checkout ticket as the code', async () => {
  await useCheckout.getState().lookup('M1.member.code.AAAAAAAA');
  jest.advanceTimersByTime(0);
  useCheckout.getState().setAmountText('1');
  useCheckout.getState().setAmountText('10');
  useCheckout.getState().setAmountText('100');
  jest.advanceTimersByTime(QUOTE_DEBOUNCE_MS - 1);
  expect(sent('priceCheckout')).toHaveLength(0);
  jest.advanceTimersByTime(1);
  await flush();
  expect(sent('priceCheckout').map((call) => call.data)).toEqual([{ code: member.checkoutTicket, amountFen: 10000, walletFen: 0, usePoints: false }]);
  expect(useCheckout.getState().quoteStatus).toBe('ready');
});

it('with the wallet on, prices once for its maximum and again drawing it', async () => {
  await scannedWithAmount('100');
  calls.length = 0;
  useCheckout.getState().setWallet({ on: true, fen: null });
  jest.advanceTimersByTime(0);
  await flush();
  expect(sent('priceCheckout').map((call) => call.data.walletFen)).toEqual([0, 3000]);
  expect(useCheckout.getState().quote?.wallet.fen).toBe(3000);
});

it('confirms exactly the quote: its coupons, its remainder, with a request id', async () => {
  await scannedWithAmount('100');
  await useCheckout.getState().confirm();
  const [record] = sent('recordPurchase');
  expect(record.data).toEqual({
    code: member.checkoutTicket,
    amountFen: 10000,
    walletFen: 0,
    usePoints: false,
    couponIds: ['coupon-a'],
    expectedRemainderFen: 8500,
  });
  expect(record.requestId).toMatch(/^[0-9a-z]{24}$/);
});

it('does not confirm while the next price is on its way', async () => {
  await scannedWithAmount('100');
  useCheckout.getState().setAmountText('90');
  await useCheckout.getState().confirm();
  expect(sent('recordPurchase')).toHaveLength(0);
});

it('PRICE_CHANGED prices the order again and tells the cashier, nothing recorded', async () => {
  await scannedWithAmount('100');
  server({ recordPurchase: () => new ApiError('PRICE_CHANGED', '价格有变化，请重新核对后再确认') });
  calls.length = 0;
  await useCheckout.getState().confirm();
  jest.advanceTimersByTime(0);
  await flush();
  const state = useCheckout.getState();
  expect(state.step).toBe('member');
  expect(state.notice).toContain('价格有变化');
  expect(sent('priceCheckout')).toHaveLength(1);
  expect(state.quoteStatus).toBe('ready');
});

it('a retry after a lost answer sends the same confirmation with the same request id', async () => {
  await scannedWithAmount('100');
  server({ recordPurchase: () => new ApiError('NETWORK', '网络不太好，请稍后重试') });
  await useCheckout.getState().confirm();
  expect(useCheckout.getState().step).toBe('failure');
  server();
  answer = ((base) => (call: Call) => (call.action === 'recordPurchase' ? { purchaseId: 'p1', pointsEarned: 85 } : base(call)))(answer);
  await useCheckout.getState().retryRecord();
  const [first, retry] = sent('recordPurchase');
  expect(retry.requestId).toBe(first.requestId);
  expect(retry.data).toEqual(first.data);
  expect(useCheckout.getState().step).toBe('success');
});

it('a picked coupon is sent on the next quote; 不使用优惠券 sends none', async () => {
  await scannedWithAmount('100');
  calls.length = 0;
  useCheckout.getState().toggleCoupon('coupon-a');
  jest.advanceTimersByTime(0);
  await flush();
  expect(sent('priceCheckout')[0].data.couponIds).toEqual([]);
  useCheckout.getState().useNoCoupon();
  jest.advanceTimersByTime(0);
  await flush();
  expect(sent('priceCheckout')[1].data.couponIds).toEqual([]);
});

it('rescanning the same customer keeps the amount typed; the next customer starts clean', async () => {
  await scannedWithAmount('58');
  useCheckout.getState().rescan();
  expect(useCheckout.getState().amountText).toBe('58');
  expect(useCheckout.getState().member).toBeNull();
  useCheckout.getState().restart();
  expect(useCheckout.getState().amountText).toBe('');
});
