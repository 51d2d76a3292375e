import type { operatorsAdminActions } from '../contract/operators';
import type { Handlers } from '../router/router';

export const operatorsAdminHandlers: Handlers<typeof operatorsAdminActions> = {};
