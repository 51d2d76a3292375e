import type { profileMemberActions } from '../contract/profile';
import type { Handlers } from '../router/router';
import { acceptPolicy, privacyStatus, setConsent } from './consents';
import { deleteAccount, deletionPreview } from './deletion';
import { exportMyData } from './export';

type PrivacyActions = Pick<typeof profileMemberActions, 'privacyStatus' | 'acceptPolicy' | 'setConsent' | 'exportMyData' | 'deletionPreview' | 'deleteAccount'>;

export const privacyMemberHandlers: Handlers<PrivacyActions> = {
  privacyStatus: (ctx) => privacyStatus(ctx),
  acceptPolicy: (ctx, input) => acceptPolicy(ctx, input),
  setConsent: (ctx, input) => setConsent(ctx, input),
  exportMyData: (ctx, input) => exportMyData(ctx, input),
  deletionPreview: (ctx) => deletionPreview(ctx),
  deleteAccount: (ctx, input) => deleteAccount(ctx, input),
};
