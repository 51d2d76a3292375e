import type { ErrorCode } from '../contract';

export type StoredOutcome = { ok: true; data: unknown } | { ok: false; code: ErrorCode; message: string; field?: string };

/**
 * A business outcome that ends an action, e.g. "not enough points". Thrown from deep inside a
 * service (often inside a transaction callback, which must abort) and turned into a typed
 * `{ ok: false, code, message }` answer by the router. Broken invariants throw plain Errors.
 */
export class BusinessError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** A message more specific than the code's default, in Chinese, for the UI. */
    readonly userMessage?: string,
    readonly field?: string,
  ) {
    super(userMessage ?? code);
    this.name = 'BusinessError';
  }
}

/** Thrown when a request id was seen before with the same input: the router answers the stored outcome. */
export class ReplayedOutcome {
  constructor(readonly outcome: StoredOutcome) {}
}
