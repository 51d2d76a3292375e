import type { MemberCodeResult } from '@contract';
import { callFunction } from '../api';
import { createLiveCode, type LiveCodeState } from './live-code';

export { nextLoadAt, retryDelayMs } from './member-code-schedule';

export type MemberCodeState = LiveCodeState<MemberCodeResult>;

/** The member code: the caller's signed token, the same mechanism a gift coupon's code uses. */
export const useMemberCode = createLiveCode<MemberCodeResult>(() => callFunction('member', 'memberCode', {}, { silent: true }));

/** Milliseconds the shown code stays valid, by the phone's clock. */
export function codeValidUntil(code: MemberCodeResult, receivedAt: number): number {
  return receivedAt + (Date.parse(code.expiresAt) - Date.parse(code.issuedAt));
}
