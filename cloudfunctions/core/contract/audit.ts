// The operator console's audit actions (issue 8). Every action names the roles that may call it.

export const auditAdminActions = {};
