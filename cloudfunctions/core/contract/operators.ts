// The operator console's operators actions (issue 8). Every action names the roles that may call it.

export const operatorsAdminActions = {};
