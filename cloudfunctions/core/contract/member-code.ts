import { z } from 'zod';
import { action } from './define';

/** The member's dynamic code, shown as a QR code and refreshed by the client. */
export interface MemberCodeResult {
  /** Signed and short-lived: what the QR code encodes and what staff scan. */
  token: string;
  /** For the line printed under the QR code. */
  memberNo: string;
  issuedAt: string; // ISO time
  expiresAt: string; // ISO time
  /** When the client should fetch a fresh code, counted from receiving this one. */
  refreshAfterMs: number;
}

export const memberCodeMemberActions = {
  memberCode: action<MemberCodeResult>()({ input: z.object({}).strict(), mutates: false }),
};
