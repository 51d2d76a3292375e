// The operator console's admin-members actions (issue 8). Every action names the roles that may call it.

export const adminMembersAdminActions = {};
