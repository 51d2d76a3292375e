// The operator console's rules actions (issue 8). Every action names the roles that may call it.

export const rulesAdminActions = {};
