import type { auditAdminActions } from '../contract/audit';
import type { Handlers } from '../router/router';

export const auditAdminHandlers: Handlers<typeof auditAdminActions> = {};
