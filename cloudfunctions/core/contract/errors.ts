// Every business failure the API can answer, with the Chinese message the UI shows.
// Closed union: a handler can only fail with one of these; anything else is a bug
// (thrown, logged, and answered as INTERNAL).
export const ERROR_MESSAGES = {
  UNKNOWN_ACTION: '不支持的操作，请升级小程序后重试',
  INVALID_INPUT: '输入有误，请检查后重试',
  PAYLOAD_TOO_LARGE: '提交的内容过大',
  UNAUTHENTICATED: '请在微信中打开小程序',
  FORBIDDEN: '没有权限执行此操作',
  IDEMPOTENCY_CONFLICT: '重复的请求内容不一致，请刷新后重试',
  BUSY: '当前人数较多，请稍后重试',
  RATE_LIMITED: '操作太频繁，请一分钟后再试',
  INTERNAL: '系统开小差了，请稍后重试',
  MEMBER_NOT_FOUND: '没有找到该会员',
  INSUFFICIENT_POINTS: '积分不足',
  INSUFFICIENT_WALLET: '储值余额不足',
  WALLET_LIMIT_EXCEEDED: '储值余额将超过上限',
  TOPUP_PACKAGE_NOT_FOUND: '该储值套餐已下架，请重新选择',
  ORDER_NOT_FOUND: '没有找到该订单',
  REFUND_NOT_ALLOWED: '该笔储值无法退款',
  REFUND_WINDOW_CLOSED: '该笔储值已过退款期限：微信支付只受理支付后一年内的退款',
  REFUND_LIMIT_REACHED: '该笔储值的退款次数已达微信支付上限（每笔订单最多 50 次）',
  PURCHASE_NOT_FOUND: '没有找到该笔消费',
  ALREADY_REFUNDED: '该笔消费已退款',
  MEMBER_CODE_INVALID: '会员码无效，请让会员刷新后重试',
  MEMBER_CODE_EXPIRED: '会员码已过期，请让会员刷新后重试',
  BINDING_CODE_INVALID: '绑定码无效或已被使用',
  STORE_NOT_FOUND: '没有找到该门店',
  STAFF_NOT_FOUND: '没有找到该店员',
  PAYMENT_FAILED: '支付未完成，请重试',
  BULK_GRANT_NOT_FOUND: '没有找到该批量发放任务',
  LAST_OWNER: '至少需要保留一位品牌主',
  OPERATOR_NOT_FOUND: '没有找到该运营人员',
  OPERATOR_INACTIVE: '该运营人员已停用，如需恢复请重新邀请',
  ALREADY_OPERATOR: '你已是运营人员，无需再次绑定',
  INVITE_NOT_PENDING: '该邀请已被使用、已过期或已撤销',
  COUPON_TEMPLATE_NOT_FOUND: '没有找到该优惠券',
  COUPON_TEMPLATE_PAUSED: '该优惠券已暂停发放',
  OUT_OF_STOCK: '已经被领完了',
  CLAIM_LIMIT_REACHED: '你已领满该券的限领张数',
  DAILY_CLAIM_LIMIT_REACHED: '今天已领满，明天再来吧',
  TIER_TOO_LOW: '你的会员等级暂不能领取',
  COUPON_TEMPLATE_IN_USE: '已有会员领取该券，只能暂停或追加库存',
  // Checkout (issue 9): the pricing engine's refusals and the coupons a checkout cannot take.
  COUPON_NOT_HELD: '该会员没有这张券',
  COUPON_DUPLICATE: '同一张券只能用一次',
  TOO_MANY_COUPONS: '一单最多使用 2 张券',
  COUPON_NOT_STACKABLE: '这张券不能与其他券同时使用',
  COUPON_NO_EFFECT: '这张券在本单不再抵扣金额',
  COUPON_NOT_OWNER: '不是该会员的券',
  COUPON_USED: '这张券已使用',
  COUPON_EXPIRED: '这张券已过期',
  COUPON_NOT_YET_VALID: '这张券还未到使用时间',
  COUPON_NOT_FOR_STORE: '这张券在本门店不可用',
  COUPON_BELOW_TIER: '会员等级不够，不能使用这张券',
  COUPON_OUTSIDE_HOURS: '当前时段不能使用这张券',
  COUPON_BELOW_THRESHOLD: '未达这张券的使用门槛',
  POINTS_AS_CASH_OFF: '本品牌暂不支持积分抵现',
  POINTS_NOT_WHOLE_STEP: '积分需按整数倍抵扣',
  POINTS_ABOVE_BALANCE: '积分不足',
  POINTS_ABOVE_CAP: '超出本单积分抵现上限',
  WALLET_ABOVE_DUE: '储值支付超出应付金额',
  PRICE_CHANGED: '价格有变化，请重新核对后再确认',
  NOT_A_GIFT_COUPON: '这张券不是兑换券',
  GIFT_CODE_INVALID: '券码无效，请让会员刷新后重新出示',
  GIFT_CODE_EXPIRED: '券码已过期，请让会员刷新后重新出示',
  REDEMPTION_NOT_FOUND: '没有找到这条核销记录',
  UNDO_WINDOW_PASSED: '核销已超过 10 分钟，不能撤销；如需退回请走退款',
  ALREADY_UNDONE: '这次核销已撤销',
  NOT_IN_MALL: '这件商品不在积分商城',
  NOT_CLAIMABLE: '这张券不能在领券中心领取',
  COUPON_ISSUE_NOT_FOUND: '没有找到这个发券任务',
  // Profile, privacy and personal-data rights (issue 10).
  NICKNAME_INVALID: '昵称须为 1–20 个字，不含特殊字符',
  NICKNAME_REJECTED: '昵称含有不适宜的内容，请换一个',
  AVATAR_INVALID: '头像上传有误，请重新选择',
  BIRTHDAY_INVALID: '请选择正确的生日',
  BIRTHDAY_ALREADY_SET: '生日设置后不能自行修改，如需更正请联系门店',
  PHONE_ALREADY_VERIFIED: '你已验证过手机号',
  PHONE_CODE_INVALID: '手机号验证未完成，请重新授权',
  PHONE_INVALID: '请输入完整的 11 位手机号',
  PHONE_TAKEN: '这个手机号已被其他会员验证，如有疑问请联系门店',
  POLICY_VERSION_OUTDATED: '协议已更新，请阅读最新版本后再同意',
  AGREEMENT_REQUIRED: '请先阅读并同意《储值协议》',
  WALLET_NOT_EMPTY: '储值余额中还有可退的本金，请先申请退款',
  WALLET_REFUND_PENDING: '有储值退款正在处理中，完成后才能注销',
  FORFEIT_REQUIRED: '注销将放弃剩余储值，请确认后再注销',
  TOPUP_ORDER_PENDING: '有未完成的储值订单，请完成支付或 2 小时后再注销',
  // Referral and store/staff attribution (issue 11).
  INVITE_CODE_NOT_FOUND: '邀请链接无效或已失效',
  CAMPAIGN_NOT_FOUND: '没有找到该邀请活动',
  REWARD_NOT_FOUND: '没有找到这笔邀请奖励',
  REWARD_NOT_FLAGGED: '这笔奖励不在待审核状态',
  WXACODE_UNAVAILABLE: '小程序码生成失败，请稍后重试',
  // Paid membership, check-in and messages (issue 12).
  PLAN_NOT_FOUND: '没有找到该会员卡',
  PLAN_PAUSED: '该会员卡暂停售卖',
  PLAN_UPGRADE_NOT_ALLOWED: '当前会员卡不能升级为该卡，请直接购买',
  PLAN_REFUND_NOT_ALLOWED: '开通超过 7 天或已使用权益，需联系门店办理退款',
  PLAN_REFUND_ZERO: '按比例计算后可退金额为 0，不能退款',
  MEMBERS_ONLY: '该券仅限付费会员',
  COUPON_MEMBERS_ONLY: '该券仅限付费会员使用',
  ALREADY_CHECKED_IN: '今天已经签到过了',
  MAKE_UP_NOT_ALLOWED: '只能补签本周内漏签的日子',
  MAKE_UP_LIMIT_REACHED: '本月补签次数已用完',
  PAYMENT_ORDER_PENDING: '有未完成的支付订单，请完成支付或 2 小时后再注销',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface ErrorResult {
  ok: false;
  code: ErrorCode;
  message: string;
  /** Which input field failed validation, for INVALID_INPUT. */
  field?: string;
  /** True when this is the stored outcome of an earlier call with the same request id. */
  replayed?: boolean;
}

export interface OkResult<T> {
  ok: true;
  data: T;
  /** True when this answer is the stored outcome of an earlier call with the same request id. */
  replayed?: boolean;
}

export type CallResult<T> = OkResult<T> | ErrorResult;

export function errorResult(code: ErrorCode, field?: string, message?: string): ErrorResult {
  return field === undefined
    ? { ok: false, code, message: message ?? ERROR_MESSAGES[code] }
    : { ok: false, code, message: message ?? ERROR_MESSAGES[code], field };
}
