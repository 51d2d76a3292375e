import { ApiError } from '../../api/errors';
import { describeGiftFailure } from './gift-failure';

describe('what the cashier reads after a gift code failed', () => {
  const table: [string, unknown, 'preview' | 'redeem', string, string][] = [
    ['an expired code', new ApiError('GIFT_CODE_EXPIRED', '券码已过期，请让会员刷新后重新出示'), 'preview', '券码已过期', 'rescan'],
    ['a forged or replayed code', new ApiError('GIFT_CODE_INVALID', '券码无效，请让会员刷新后重新出示'), 'preview', '券码无效', 'rescan'],
    ['a second verification', new ApiError('COUPON_USED', '这张券已使用'), 'redeem', '已核销过', 'rescan'],
    ['another store', new ApiError('COUPON_NOT_FOR_STORE', '这张券在本门店不可用'), 'preview', '不能核销', 'rescan'],
    ['a lost answer while redeeming', new ApiError('NETWORK', '网络不太好，请稍后重试'), 'redeem', '网络异常', 'retry'],
    ['a busy server while redeeming', new ApiError('BUSY', '当前人数较多，请稍后重试'), 'redeem', '系统繁忙', 'retry'],
    ['not a cashier', new ApiError('FORBIDDEN', '没有权限'), 'preview', '没有店员权限', 'log'],
    ['anything else thrown', new Error('TypeError'), 'redeem', '网络异常', 'retry'],
  ];
  it.each(table)('%s', (_name, error, during, title, next) => {
    expect(describeGiftFailure(error, during)).toMatchObject({ title, next });
  });

  it('says a retry of a redemption cannot hand the item over twice', () => {
    expect(describeGiftFailure(new ApiError('NETWORK', ''), 'redeem').reason).toBe('核销结果未知，请点重试（不会重复核销）');
  });

  it('passes the server\'s reason through for a coupon not usable here', () => {
    expect(describeGiftFailure(new ApiError('COUPON_EXPIRED', '这张券已过期'), 'preview').reason).toBe('这张券已过期');
  });
});
