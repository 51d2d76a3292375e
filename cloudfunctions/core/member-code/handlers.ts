import type { memberCodeMemberActions } from '../contract';
import type { Handlers } from '../router/router';
import { memberCode } from './service';

export const memberCodeMemberHandlers: Handlers<typeof memberCodeMemberActions> = {
  memberCode: (ctx) => memberCode(ctx),
};
