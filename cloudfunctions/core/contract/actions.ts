import type { z } from 'zod';
import type { ActionSpec } from './define';
import { jobsCronActions } from './jobs';
import { membersMemberActions } from './members';
import { pointsAdminActions, pointsMemberActions } from './points';
import { purchasesAdminActions, purchasesStaffActions } from './purchases';
import { tiersAdminActions, tiersMemberActions } from './tiers';
import { walletMemberActions } from './wallet';
import { memberCodeMemberActions } from './member-code';
import { storesAdminActions, storesMemberActions, storesStaffActions } from './stores';
import { consoleAdminActions } from './console';
import { operatorsAdminActions, operatorsMemberActions } from './operators';
import { rulesAdminActions } from './rules';
import { adminMembersAdminActions } from './admin-members';
import { auditAdminActions } from './audit';
import { couponsAdminActions, couponsMemberActions, couponsStaffActions } from './coupons';
import { profileAdminActions, profileMemberActions, profileStaffActions } from './profile';
import { referralAdminActions, referralMemberActions, referralStaffActions } from './referral';
import { engagementMemberActions, membershipAdminActions, membershipMemberActions, notifyMemberActions } from './membership';

// The API contract: every action of every cloud function, its input schema and result type,
// gathered from one file per capability. The client imports it as types only (`import type`),
// so zod never reaches the mini-program bundle.

export const memberActions = {
  ...membersMemberActions,
  ...memberCodeMemberActions,
  ...storesMemberActions,
  ...pointsMemberActions,
  ...tiersMemberActions,
  ...walletMemberActions,
  ...operatorsMemberActions,
  ...couponsMemberActions,
  ...profileMemberActions,
  ...referralMemberActions,
  ...membershipMemberActions,
  ...engagementMemberActions,
  ...notifyMemberActions,
};

export const staffActions = {
  ...storesStaffActions,
  ...purchasesStaffActions,
  ...couponsStaffActions,
  ...profileStaffActions,
  ...referralStaffActions,
};
export const adminActions = {
  ...consoleAdminActions,
  ...operatorsAdminActions,
  ...rulesAdminActions,
  ...adminMembersAdminActions,
  ...auditAdminActions,
  ...storesAdminActions,
  ...pointsAdminActions,
  ...tiersAdminActions,
  ...purchasesAdminActions,
  ...couponsAdminActions,
  ...profileAdminActions,
  ...referralAdminActions,
  ...membershipAdminActions,
};
export const cronActions = {
  ...jobsCronActions,
};

export const contract = {
  member: memberActions,
  staff: staffActions,
  admin: adminActions,
  cron: cronActions,
};

export type Contract = typeof contract;
export type FunctionName = keyof Contract;
export type ActionName<F extends FunctionName> = keyof Contract[F] & string;
type SpecOf<F extends FunctionName, A extends ActionName<F>> = Contract[F][A];
export type ActionInput<F extends FunctionName, A extends ActionName<F>> =
  SpecOf<F, A> extends ActionSpec<infer I, unknown> ? z.input<I> : never;
export type ActionResult<F extends FunctionName, A extends ActionName<F>> =
  SpecOf<F, A> extends ActionSpec<z.ZodTypeAny, infer R> ? R : never;

/** What every function receives: `{ action, data, requestId? }`. */
export interface CallEnvelope {
  action: string;
  data?: unknown;
  requestId?: string;
}
