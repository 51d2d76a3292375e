import { isApiError } from '../../api/errors';

export interface FailureView {
  /** Big, a few characters: what happened. */
  title: string;
  /** The reason and what to do next, in one sentence. */
  reason: string;
  /** Which next step the screen offers first. */
  next: 'rescan' | 'retry' | 'edit' | 'log';
}

/**
 * What the cashier reads after a failed lookup or purchase. The outcome is open only after a
 * network failure or a busy server: then 重试 sends the same request (same request id) again.
 */
export function describeFailure(error: unknown, during: 'lookup' | 'record'): FailureView {
  if (!isApiError(error)) return { title: '网络异常', reason: '网络不太好，请重试', next: 'retry' };
  switch (error.code) {
    case 'MEMBER_CODE_EXPIRED':
      return { title: '会员码已过期', reason: '请会员刷新会员码后重扫', next: 'rescan' };
    case 'MEMBER_CODE_INVALID':
      return { title: '会员码无效', reason: '这不是本店会员码，请会员打开小程序「会员码」后重扫', next: 'rescan' };
    case 'MEMBER_NOT_FOUND':
      return { title: '没有找到会员', reason: error.message, next: 'rescan' };
    case 'INSUFFICIENT_WALLET':
    case 'WALLET_ABOVE_DUE':
      return { title: '储值余额有变化', reason: '请返回重新核对储值支付金额，或关闭「使用储值支付」', next: 'edit' };
    case 'COUPON_USED':
    case 'COUPON_EXPIRED':
    case 'COUPON_NOT_YET_VALID':
    case 'COUPON_NOT_FOR_STORE':
    case 'COUPON_OUTSIDE_HOURS':
    case 'COUPON_BELOW_THRESHOLD':
    case 'COUPON_BELOW_TIER':
    case 'COUPON_NOT_HELD':
    case 'COUPON_NOT_OWNER':
    case 'COUPON_NOT_STACKABLE':
    case 'COUPON_NO_EFFECT':
    case 'COUPON_DUPLICATE':
    case 'TOO_MANY_COUPONS':
      return { title: '优惠券不能使用', reason: `${error.message}，请返回重新选择优惠券`, next: 'edit' };
    case 'POINTS_ABOVE_BALANCE':
    case 'POINTS_ABOVE_CAP':
    case 'POINTS_NOT_WHOLE_STEP':
    case 'POINTS_AS_CASH_OFF':
      return { title: '积分抵现有变化', reason: `${error.message}，请返回重新核对`, next: 'edit' };
    case 'PRICE_CHANGED':
      return { title: '价格有变化', reason: '请返回核对最新价格后再确认', next: 'edit' };
    case 'INVALID_INPUT':
      // At lookup only the code is sent, so it is the code that is malformed.
      if (during === 'lookup') return { title: '会员码无效', reason: '没有识别到会员码，请会员打开小程序「会员码」后重扫', next: 'rescan' };
      return { title: '金额有误', reason: error.message, next: 'edit' };
    case 'IDEMPOTENCY_CONFLICT':
      return { title: '请先核对', reason: '上一笔收款可能已经记录，请在今日记录中核对后再收款', next: 'log' };
    case 'FORBIDDEN':
      return { title: '没有店员权限', reason: '请先绑定门店，或联系运营开通', next: 'log' };
    case 'NETWORK':
      return { title: '网络异常', reason: during === 'record' ? '收款结果未知，请点重试（不会重复记账）' : error.message, next: 'retry' };
    case 'BUSY':
    case 'INTERNAL':
      return { title: '系统繁忙', reason: during === 'record' ? '收款结果未知，请点重试（不会重复记账）' : error.message, next: 'retry' };
    default:
      return { title: during === 'record' ? '收款未完成' : '查询失败', reason: error.message, next: during === 'record' ? 'edit' : 'rescan' };
  }
}
