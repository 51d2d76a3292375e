import { isApiError } from '../../api/errors';
import type { FailureView } from '../scan/failure';

/**
 * What the cashier reads after a gift coupon's code failed to preview or to redeem. Only a
 * failure that may have redeemed it (network, busy) offers 重试, which sends the same request id.
 */
export function describeGiftFailure(error: unknown, during: 'preview' | 'redeem'): FailureView {
  const open = during === 'redeem' ? '核销结果未知，请点重试（不会重复核销）' : '网络不太好，请重试';
  if (!isApiError(error)) return { title: '网络异常', reason: open, next: 'retry' };
  switch (error.code) {
    case 'GIFT_CODE_EXPIRED':
      return { title: '券码已过期', reason: '请会员刷新券码后重扫', next: 'rescan' };
    case 'GIFT_CODE_INVALID':
      return { title: '券码无效', reason: '这不是有效的兑换券码，请会员打开兑换券后重扫（截图无效）', next: 'rescan' };
    case 'INVALID_INPUT':
      return { title: '券码无效', reason: '没有识别到兑换券码，请会员打开兑换券后重扫', next: 'rescan' };
    case 'NOT_A_GIFT_COUPON':
      return { title: '不是兑换券', reason: '这张券请在扫码收银时使用', next: 'rescan' };
    case 'COUPON_USED':
      return { title: '已核销过', reason: '这张兑换券已使用，不能再次领取', next: 'rescan' };
    case 'COUPON_EXPIRED':
    case 'COUPON_NOT_YET_VALID':
    case 'COUPON_NOT_FOR_STORE':
    case 'COUPON_OUTSIDE_HOURS':
    case 'COUPON_BELOW_TIER':
      return { title: '不能核销', reason: error.message, next: 'rescan' };
    case 'FORBIDDEN':
      return { title: '没有店员权限', reason: '请先绑定门店，或联系运营开通', next: 'log' };
    case 'NETWORK':
      return { title: '网络异常', reason: open, next: 'retry' };
    case 'BUSY':
    case 'INTERNAL':
      return { title: '系统繁忙', reason: open, next: 'retry' };
    default:
      return { title: during === 'redeem' ? '核销未完成' : '查询失败', reason: error.message, next: 'rescan' };
  }
}
