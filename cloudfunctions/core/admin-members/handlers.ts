import type { adminMembersAdminActions } from '../contract/admin-members';
import type { Handlers } from '../router/router';

export const adminMembersAdminHandlers: Handlers<typeof adminMembersAdminActions> = {};
