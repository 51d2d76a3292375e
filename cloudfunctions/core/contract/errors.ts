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
  INTERNAL: '系统开小差了，请稍后重试',
  MEMBER_NOT_FOUND: '没有找到该会员',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface ErrorResult {
  ok: false;
  code: ErrorCode;
  message: string;
  /** Which input field failed validation, for INVALID_INPUT. */
  field?: string;
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
