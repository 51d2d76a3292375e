import { ApiError } from '../../api/errors';
import { describeFailure } from './failure';

describe('what the cashier reads after a failure', () => {
  it('sends an expired code back to the member', () => {
    expect(describeFailure(new ApiError('MEMBER_CODE_EXPIRED', '会员码已过期，请让会员刷新后重试'), 'lookup')).toEqual({
      title: '会员码已过期',
      reason: '请会员刷新会员码后重扫',
      next: 'rescan',
    });
  });

  it('calls a malformed code at lookup an invalid code, not a wrong amount', () => {
    expect(describeFailure(new ApiError('INVALID_INPUT', '输入有误', 'code'), 'lookup')).toMatchObject({ title: '会员码无效', next: 'rescan' });
    expect(describeFailure(new ApiError('INVALID_INPUT', '输入有误', 'amountFen'), 'record')).toMatchObject({ title: '金额有误', next: 'edit' });
  });

    it('offers the same request again only when the outcome is open', () => {
    expect(describeFailure(new ApiError('NETWORK', '网络不太好，请稍后重试'), 'record').next).toBe('retry');
    expect(describeFailure(new ApiError('BUSY', '当前人数较多，请稍后重试'), 'record').next).toBe('retry');
    expect(describeFailure(new ApiError('INSUFFICIENT_WALLET', '储值余额不足'), 'record').next).toBe('edit');
    expect(describeFailure(new ApiError('WALLET_ABOVE_DUE', '储值支付超出应付金额'), 'record').next).toBe('edit');
    expect(describeFailure(new ApiError('IDEMPOTENCY_CONFLICT', ''), 'record').next).toBe('log');
  });

  it('never shows a code or a stack trace', () => {
    const view = describeFailure(new Error('TypeError: x is undefined'), 'record');
    expect(view.reason).not.toMatch(/TypeError|undefined/);
  });

  it('sends a coupon or points refusal back to the checkout screen with the server\'s reason', () => {
    expect(describeFailure(new ApiError('COUPON_USED', '这张券已使用'), 'record')).toEqual({
      title: '优惠券不能使用',
      reason: '这张券已使用，请返回重新选择优惠券',
      next: 'edit',
    });
    expect(describeFailure(new ApiError('POINTS_ABOVE_BALANCE', '积分不足，还差 120 分'), 'record')).toEqual({
      title: '积分抵现有变化',
      reason: '积分不足，还差 120 分，请返回重新核对',
      next: 'edit',
    });
    expect(describeFailure(new ApiError('PRICE_CHANGED', '价格有变化，请重新核对后再确认'), 'record').next).toBe('edit');
  });
});
