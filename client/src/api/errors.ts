import type { ErrorCode } from '@contract';

/** What the client adds to the contract's codes: the call never reached the function. */
export type ClientErrorCode = ErrorCode | 'NETWORK';

export const NETWORK_MESSAGE = '网络不太好，请稍后重试';

/** A failed call: a business outcome from the contract, or a network failure. */
export class ApiError extends Error {
  readonly code: ClientErrorCode;
  /** Which input field failed validation (INVALID_INPUT). */
  readonly field?: string;

  constructor(code: ClientErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** The Chinese message to show for any failure, never a stack trace or code. */
export function messageOf(error: unknown): string {
  return isApiError(error) ? error.message : NETWORK_MESSAGE;
}
