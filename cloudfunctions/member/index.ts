// Everything a consumer does. Any WeChat user may call it; identity comes from WeChat's context.
import { memberActions } from '../core/contract';
import { anyMember, rolesOf } from '../core/access/roles';
import { me } from '../core/members/me';
import { memberCodeMemberHandlers } from '../core/member-code';
import { storesMemberHandlers } from '../core/stores';
import { operatorsMemberHandlers } from '../core/operators/handlers';
import { couponsMemberHandlers } from '../core/coupons/handlers';
import { profileMemberHandlers } from '../core/profile/handlers';
import { privacyMemberHandlers } from '../core/privacy/handlers';
import { history } from '../core/points/history';
import { tierInfo } from '../core/tiers/service';
import { createTopup, topupStatus } from '../core/wallet/topup';
import { refundTopup } from '../core/wallet/refund';
import { walletView } from '../core/wallet/view';
import { createMain } from '../core/router/main';
import { createRouter } from '../core/router/router';
import { referralMemberHandlers } from '../core/referral/handlers';
import { membershipMemberHandlers } from '../core/membership/handlers';
import { recordSubscribeConsent } from '../core/notify/quota';
import { engagementMemberHandlers } from '../core/engagement/checkin';

export const router = createRouter(memberActions, {
  me: (ctx) => me(ctx),
  myRoles: (ctx) => rolesOf(ctx),
  ...memberCodeMemberHandlers,
  ...storesMemberHandlers,
  ...operatorsMemberHandlers,
  ...couponsMemberHandlers,
  ...profileMemberHandlers,
  ...privacyMemberHandlers,
  ...referralMemberHandlers,
  ...engagementMemberHandlers,
  history,
  tierInfo: (ctx) => tierInfo(ctx),
  wallet: (ctx) => walletView(ctx),
  createTopup,
  topupStatus,
  refundTopup,
  ...membershipMemberHandlers,
  recordSubscribeConsent,
});

export const main = createMain('member', router, anyMember);
