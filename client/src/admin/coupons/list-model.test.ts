import type { CouponTemplateView } from '@contract';
import { channelText, filterTemplates, parseStockAdd, remainingOf, rowActions } from './list-model';

function template(id: string, change: Partial<CouponTemplateView>): CouponTemplateView {
  return {
    templateId: id,
    name: id,
    description: null,
    benefit: { kind: 'no_threshold', amountFen: 500 },
    validity: { type: 'days_after_claim', days: 7, startNextDay: false },
    weekdays: null,
    hours: null,
    storeIds: null,
    minTierCode: null,
    stackable: false,
    channel: 'center',
    pointsCost: null,
    perMemberLimit: 1,
    perMemberPerDayLimit: null,
    state: 'active',
    stock: 100,
    issued: 0,
    redeemed: 0,
    expired: 0,
    createdAt: '2026-12-01T00:00:00.000Z',
    summary: ['无门槛减5元'],
    ...change,
  };
}

describe('channelText / remainingOf', () => {
  it.each<[Partial<CouponTemplateView>, string]>([
    [{ channel: 'center' }, '领券中心'],
    [{ channel: 'mall', pointsCost: 1500 }, '积分商城 · 1,500 积分'],
    [{ channel: 'grant' }, '仅发放'],
  ])('%p → %s', (change, text) => expect(channelText(template('t', change))).toBe(text));

  it.each([
    [100, 0, 100],
    [100, 37, 63],
    [100, 100, 0],
    [5, 6, 0],
  ])('stock %i, issued %i → %i left', (stock, issued, left) => expect(remainingOf({ stock, issued })).toBe(left));
});

describe('filterTemplates', () => {
  const all = [
    template('a', { state: 'active', channel: 'center' }),
    template('b', { state: 'paused', channel: 'center' }),
    template('c', { state: 'active', channel: 'mall', pointsCost: 100 }),
    template('d', { state: 'paused', channel: 'grant' }),
  ];
  it.each<[Parameters<typeof filterTemplates>[1], Parameters<typeof filterTemplates>[2], string[]]>([
    ['all', 'all', ['a', 'b', 'c', 'd']],
    ['active', 'all', ['a', 'c']],
    ['paused', 'all', ['b', 'd']],
    ['all', 'center', ['a', 'b']],
    ['paused', 'grant', ['d']],
    ['active', 'grant', []],
  ])('state %s, channel %s', (state, channel, ids) => {
    expect(filterTemplates(all, state, channel).map((t) => t.templateId)).toEqual(ids);
  });
});

describe('rowActions', () => {
  it.each<[number, 'active' | 'paused', boolean, string[]]>([
    [0, 'active', true, ['edit', 'pause', 'raise', 'issue']],
    [1, 'active', true, ['pause', 'raise', 'issue']],
    [0, 'paused', true, ['edit', 'resume', 'raise']],
    [9, 'paused', true, ['resume', 'raise']],
    [0, 'active', false, []],
  ])('issued %i, %s, manager %p', (issued, state, mayEdit, actions) => {
    expect(rowActions({ issued, state }, mayEdit)).toEqual(actions);
  });
});

describe('parseStockAdd', () => {
  it.each<[string, number | null]>([
    ['50', 50],
    [' 1 ', 1],
    ['10000000', 10_000_000],
    ['10000001', null],
    ['0', null],
    ['1.5', null],
    ['-3', null],
    ['', null],
    ['abc', null],
  ])('%p → %p', (text, value) => expect(parseStockAdd(text)).toBe(value));
});
