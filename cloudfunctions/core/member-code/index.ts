export { CHECKOUT_TICKET_TTL_MS, GIFT_CODE_REFRESH_MS, GIFT_CODE_TTL_MS, issueGiftCode, verifyGiftCode, verifyGiftCodeSignature, MEMBER_CODE_MAX_SKEW_MS, MEMBER_CODE_REFRESH_MS, MEMBER_CODE_TTL_MS, issueCheckoutTicket, issueMemberCode, verifyMemberCode, verifyMemberCodeSignature } from './token';
export type { IssuedMemberCode, VerifiedGiftCode, VerifiedMemberCode } from './token';
export { memberCodeSecret } from './secret';
export { memberCode, resolveMemberByCode, tillOf } from './service';
export { memberCodeMemberHandlers } from './handlers';
