import { ANY_OPERATOR, MANAGERS, type MatrixRows } from './types';

// The console's audit log and overview actions (issue 8). The log is store-scoped by filtering
// (a store manager sees their stores' entries), not refused, so no input names a store.

export const adminRows: MatrixRows = {
  listAudit: { allowed: ANY_OPERATOR },
  auditFilterOptions: { allowed: ANY_OPERATOR },
  exportAudit: { allowed: MANAGERS },
  overview: { allowed: ANY_OPERATOR },
};
