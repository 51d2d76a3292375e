import type { CouponTemplateView } from '@contract';
import { couponTemplateInput } from '../../../../cloudfunctions/core/contract/coupons';
import * as model from '../../../../cloudfunctions/core/coupons/model';
import { type CouponDraft, draftFromTemplate, emptyDraft, fenToYuanText, formField, inputFromDraft, parseZhe, summaryPreview, zheOf } from './form-model';

const NOW = new Date('2026-12-02T04:00:00Z'); // 12:00 in Shanghai
const TODAY = '2026-12-02';

function draft(change: Partial<CouponDraft>): CouponDraft {
  return { ...emptyDraft(TODAY), name: '满100减20', amountYuan: '20', thresholdYuan: '100', stock: '100', ...change };
}

describe('fenToYuanText / parseZhe / zheOf', () => {
  it.each([
    [2000, '20'],
    [1050, '10.5'],
    [1005, '10.05'],
    [1, '0.01'],
    [10, '0.1'],
    [100_000_000, '1000000'],
  ])('%i fen → %s', (fen, text) => expect(fenToYuanText(fen)).toBe(text));

  it.each([
    ['8', 80],
    ['8.5', 85],
    ['0.5', 5],
    ['9.9', 99],
    [' 7 ', 70],
    ['10', null],
    ['0', null],
    ['0.0', null],
    ['8.55', null],
    ['85', null],
    ['abc', null],
    ['', null],
  ])('%p 折 → %p %', (text, percent) => expect(parseZhe(text)).toBe(percent));

  it.each([
    [80, '8'],
    [85, '8.5'],
    [5, '0.5'],
  ])('%i % → %s 折', (percent, text) => expect(zheOf(percent)).toBe(text));
});

describe('inputFromDraft: benefits in integer fen', () => {
  it.each<[string, Partial<CouponDraft>, unknown]>([
    ['满减', { kind: 'amount_off', amountYuan: '20', thresholdYuan: '100' }, { kind: 'amount_off', amountFen: 2000, thresholdFen: 10000 }],
    ['满减 with cents', { kind: 'amount_off', amountYuan: '0.29', thresholdYuan: '19.9' }, { kind: 'amount_off', amountFen: 29, thresholdFen: 1990 }],
    ['无门槛', { kind: 'no_threshold', amountYuan: '5.5' }, { kind: 'no_threshold', amountFen: 550 }],
    ['折扣 without threshold', { kind: 'percent_off', zhe: '8', capYuan: '30', thresholdYuan: '' }, { kind: 'percent_off', ratePercent: 80, capFen: 3000 }],
    ['折扣 with threshold', { kind: 'percent_off', zhe: '8.5', capYuan: '30', thresholdYuan: '50' }, { kind: 'percent_off', ratePercent: 85, capFen: 3000, thresholdFen: 5000 }],
    ['兑换券', { kind: 'gift_item', itemName: ' 鹿角马克杯 ' }, { kind: 'gift_item', itemName: '鹿角马克杯' }],
  ])('%s', (_name, change, benefit) => {
    const { input, problems } = inputFromDraft(draft(change), NOW);
    expect(problems).toEqual([]);
    expect(input?.benefit).toEqual(benefit);
  });

  it.each<[string, Partial<CouponDraft>, string, string]>([
    ['amount not below threshold', { amountYuan: '100', thresholdYuan: '100' }, 'benefit.amountFen', '减免金额须小于使用门槛'],
    ['three decimals', { amountYuan: '1.234' }, 'benefit.amountFen', '减免金额须为大于 0 的金额，最多两位小数'],
    ['zero', { amountYuan: '0' }, 'benefit.amountFen', '减免金额须为大于 0 的金额，最多两位小数'],
    ['amount above ¥10,000', { amountYuan: '10000.01', thresholdYuan: '20000' }, 'benefit.amountFen', '减免金额最多 ¥10,000'],
    ['threshold above the largest order', { thresholdYuan: '100001' }, 'benefit.thresholdFen', '使用门槛最多 ¥100,000'],
    ['missing threshold', { thresholdYuan: '' }, 'benefit.thresholdFen', '请填写使用门槛'],
    ['10 折', { kind: 'percent_off', zhe: '10', capYuan: '30' }, 'benefit.ratePercent', '折扣须为 0.1 到 9.9 折，例如 8 或 8.5'],
    ['cap above threshold', { kind: 'percent_off', zhe: '8', capYuan: '60', thresholdYuan: '50' }, 'benefit.capFen', '最多减免金额不能超过使用门槛'],
    ['gift without item', { kind: 'gift_item', itemName: '  ' }, 'benefit.itemName', '请填写兑换商品'],
    ['no name', { name: '' }, 'name', '请填写券名称'],
    ['name of 41 characters', { name: '券'.repeat(41) }, 'name', '券名称最多 40 个字'],
    ['stock 0', { stock: '0' }, 'stock', '总库存须为 1 到 10,000,000 的整数'],
    ['per member above stock', { stock: '1', perMemberLimit: '2' }, 'perMemberLimit', '每人限领不能超过总库存'],
    ['per day above per member', { perMemberLimit: '1', perMemberPerDayLimit: '2' }, 'perMemberPerDayLimit', '每人每日限领不能超过每人限领'],
    ['mall without points', { channel: 'mall', pointsCost: '' }, 'pointsCost', '兑换所需积分须为 1 到 10,000,000 的整数'],
    ['no stores chosen', { allStores: false, storeIds: [] }, 'storeIds', '请至少选择一家门店，或选择全部门店'],
    ['hours backwards', { hoursOn: true, hoursFrom: '17:00', hoursTo: '14:00' }, 'hours.to', '可用时段的结束须晚于开始'],
    ['0 days', { validityType: 'days_after_claim', days: '0' }, 'validity.days', '有效天数须为 1 到 366 的整数'],
    ['window backwards', { validityType: 'fixed', fromDate: '2026-12-10', fromTime: '00:00', untilDate: '2026-12-09', untilTime: '23:59' }, 'validity.until', '结束时间须晚于开始时间'],
    ['window over', { validityType: 'fixed', fromDate: '2026-12-01', fromTime: '00:00', untilDate: '2026-12-02', untilTime: '11:59' }, 'validity.until', '有效期已结束，请选择将来的结束时间'],
  ])('refuses %s', (_name, change, field, message) => {
    const { input, problems } = inputFromDraft(draft(change), NOW);
    expect(input).toBeNull();
    expect(problems).toContainEqual({ field, message });
  });
});

describe('inputFromDraft: the rest of the template', () => {
  it('a fixed window is written in the brand zone (UTC+8)', () => {
    const { input } = inputFromDraft(draft({ validityType: 'fixed', fromDate: '2026-12-24', fromTime: '10:00', untilDate: '2026-12-31', untilTime: '23:59' }), NOW);
    expect(input?.validity).toEqual({ type: 'fixed', from: '2026-12-24T10:00:00+08:00', until: '2026-12-31T23:59:00+08:00' });
  });

  it('a window ending a minute from now (12:01 Shanghai) is still accepted', () => {
    const { problems } = inputFromDraft(draft({ validityType: 'fixed', fromDate: '2026-12-01', fromTime: '00:00', untilDate: '2026-12-02', untilTime: '12:01' }), NOW);
    expect(problems).toEqual([]);
  });

  it('maps the options: weekdays sorted, all seven = every day, stores, tier, mall cost, limits', () => {
    const { input } = inputFromDraft(
      draft({ weekdays: [5, 1, 3], hoursOn: true, allStores: false, storeIds: ['store-guomao'], minTierCode: 'gold', stackable: true, channel: 'mall', pointsCost: '500', perMemberLimit: '3', perMemberPerDayLimit: '1', description: '' }),
      NOW,
    );
    expect(input).toEqual({
      name: '满100减20',
      benefit: { kind: 'amount_off', amountFen: 2000, thresholdFen: 10000 },
      validity: { type: 'days_after_claim', days: 30, startNextDay: false },
      weekdays: [1, 3, 5],
      hours: { from: '14:00', to: '17:00' },
      storeIds: ['store-guomao'],
      minTierCode: 'gold',
      stackable: true,
      channel: 'mall',
      pointsCost: 500,
      stock: 100,
      perMemberLimit: 3,
      perMemberPerDayLimit: 1,
    });
    expect(inputFromDraft(draft({ weekdays: [1, 2, 3, 4, 5, 6, 7] }), NOW).input).not.toHaveProperty('weekdays');
  });

  it('points cost goes only with the mall', () => {
    expect(inputFromDraft(draft({ channel: 'grant', pointsCost: '500' }), NOW).input?.pointsCost).toBeNull();
  });
});

describe('draftFromTemplate round-trips what the server holds', () => {
  const view: CouponTemplateView = {
    templateId: 'tpl1',
    name: '会员日 8.5折',
    description: '周三会员日',
    benefit: { kind: 'percent_off', ratePercent: 85, capFen: 3050, thresholdFen: 5000 },
    validity: { type: 'fixed', from: '2026-12-23T16:00:00.000Z', until: '2026-12-31T15:59:00.000Z' },
    weekdays: [3],
    hours: { from: '10:00', to: '22:00' },
    storeIds: ['store-guomao'],
    minTierCode: 'gold',
    stackable: false,
    channel: 'center',
    pointsCost: null,
    perMemberLimit: 2,
    perMemberPerDayLimit: null,
    state: 'active',
    stock: 500,
    issued: 0,
    redeemed: 0,
    expired: 0,
    createdAt: '2026-12-01T00:00:00.000Z',
    summary: [],
  };

  it('shows the window in Shanghai time and the amounts in yuan', () => {
    const d = draftFromTemplate(view, TODAY);
    expect(d).toMatchObject({ fromDate: '2026-12-24', fromTime: '00:00', untilDate: '2026-12-31', untilTime: '23:59', zhe: '8.5', capYuan: '30.5', thresholdYuan: '50', allStores: false });
    expect(inputFromDraft(d, NOW).input).toEqual({
      name: '会员日 8.5折',
      description: '周三会员日',
      benefit: view.benefit,
      validity: { type: 'fixed', from: '2026-12-24T00:00:00+08:00', until: '2026-12-31T23:59:00+08:00' },
      weekdays: [3],
      hours: { from: '10:00', to: '22:00' },
      storeIds: ['store-guomao'],
      minTierCode: 'gold',
      stackable: false,
      channel: 'center',
      pointsCost: null,
      stock: 500,
      perMemberLimit: 2,
      perMemberPerDayLimit: null,
    });
  });
});

describe('formField', () => {
  it.each([
    ['template.benefit.amountFen', 'benefit.amountFen'],
    ['stock', 'stock'],
    [undefined, null],
  ])('%p → %p', (server, form) => expect(formField(server)).toBe(form));
});

describe('summaryPreview: the lines as the server writes them', () => {
  const base = inputFromDraft(draft({}), NOW).input!;
  it.each<[string, Partial<typeof base>, string[]]>([
    ['满减, 30 days, all stores', {}, ['满100元减20元', '领取当日起30天内有效', '全部门店可用', '不可与其他券同时使用']],
    [
      '折扣 with everything',
      {
        benefit: { kind: 'percent_off', ratePercent: 80, capFen: 3000, thresholdFen: 100050 },
        validity: { type: 'days_after_claim', days: 7, startNextDay: true },
        weekdays: [1, 7],
        hours: { from: '14:00', to: '17:00' },
        storeIds: ['a', 'b'],
        minTierCode: 'gold',
        stackable: true,
      },
      ['满1,000.5元8折，最多减30元', '领取次日起7天内有效', '仅限每周一、日使用', '仅限14:00–17:00使用', '限2家指定门店使用', '金卡及以上会员可用', '可与其他可叠加券同时使用'],
    ],
    ['无门槛 in a fixed window', { benefit: { kind: 'no_threshold', amountFen: 505 }, validity: { type: 'fixed', from: '2026-12-23T16:00:00Z', until: '2026-12-31T15:59:00Z' } }, ['无门槛减5.05元', '2026年12月24日 00:00 至 2026年12月31日 23:59 有效', '全部门店可用', '不可与其他券同时使用']],
    ['兑换券', { benefit: { kind: 'gift_item', itemName: '拿铁一杯' } }, ['兑换：拿铁一杯', '领取当日起30天内有效', '全部门店可用', '不可与其他券同时使用']],
  ])('%s', (_name, change, lines) => {
    expect(summaryPreview({ ...base, ...change }, { gold: '金卡' })).toEqual(lines);
  });
});

describe('the form agrees with the server', () => {
  // The client's checks and preview mirror the contract and core/coupons/model.ts; these cases
  // hold them to it, so a change on either side shows here.
  it.each<[string, Partial<CouponDraft>]>([
    ['满减', {}],
    ['无门槛', { kind: 'no_threshold', amountYuan: '5.05' }],
    ['折扣 with everything', { kind: 'percent_off', zhe: '8.5', capYuan: '30', thresholdYuan: '1000.5', weekdays: [7, 1], hoursOn: true, allStores: false, storeIds: ['s1', 's2'], minTierCode: 'gold', stackable: true }],
    ['兑换券 in the mall, fixed window', { kind: 'gift_item', itemName: '拿铁一杯', channel: 'mall', pointsCost: '800', validityType: 'fixed', fromDate: '2026-12-24', fromTime: '00:00', untilDate: '2026-12-31', untilTime: '23:59' }],
    ['next-day start with limits', { startNextDay: true, days: '7', perMemberLimit: '5', perMemberPerDayLimit: '2' }],
  ])('%s: the contract accepts it, the server finds no problem, and the preview is its summary', (_name, change) => {
    const { input } = inputFromDraft(draft(change), NOW);
    expect(input).not.toBeNull();
    const parsed = couponTemplateInput.safeParse(input);
    expect(parsed.success).toBe(true);
    expect(model.templateProblems(input!, ['basic', 'gold'], NOW)).toEqual([]);
    expect(summaryPreview(input!, { gold: '金卡' })).toEqual(model.summaryLines(model.rulesOf(input!), 'Asia/Shanghai', { gold: '金卡' }));
  });
});
