import type { auditAdminActions } from '../contract/audit';
import { overview } from '../overview/figures';
import type { Handlers } from '../router/router';
import { auditFilterOptions, exportAudit, listAudit } from './actions';

export const auditAdminHandlers: Handlers<typeof auditAdminActions> = {
  listAudit: (ctx, input) => listAudit(ctx, input),
  auditFilterOptions: (ctx) => auditFilterOptions(ctx),
  exportAudit: (ctx, input) => exportAudit(ctx, input),
  overview: (ctx) => overview(ctx),
};
