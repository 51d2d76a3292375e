// Everything a consumer does. Any WeChat user may call it; identity comes from WeChat's context.
import { memberActions } from '../core/contract';
import { anyMember } from '../core/access/roles';
import { me } from '../core/members/me';
import { createMain } from '../core/router/main';
import { createRouter } from '../core/router/router';

export const router = createRouter(memberActions, {
  me: (ctx) => me(ctx),
});

export const main = createMain('member', router, anyMember);
