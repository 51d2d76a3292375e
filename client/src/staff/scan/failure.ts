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
      return { title: '储值余额不足', reason: '请关闭「使用储值支付」或改用其他方式付款', next: 'edit' };
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
