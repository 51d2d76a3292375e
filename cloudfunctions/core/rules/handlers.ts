import type { rulesAdminActions } from '../contract/rules';
import type { Handlers } from '../router/router';

export const rulesAdminHandlers: Handlers<typeof rulesAdminActions> = {};
