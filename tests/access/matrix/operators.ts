import { OWNERS, type MatrixRows } from './types';

// The console's operators actions (issue 8): owners only. Inputs name an operator who does not
// exist (the owner gets OPERATOR_NOT_FOUND, not FORBIDDEN), so the matrix's own operators stay
// as they are for the rows after these.

export const adminRows: MatrixRows = {
  listOperators: { allowed: OWNERS },
  createOperatorInvite: { allowed: OWNERS, input: () => ({ name: '新同事', role: 'analyst' }) },
  changeOperatorRole: { allowed: OWNERS, input: () => ({ openid: 'openid-matrix-nobody', role: 'analyst' }) },
  disableOperator: { allowed: OWNERS, input: () => ({ openid: 'openid-matrix-nobody' }) },
  listOperatorInvites: { allowed: OWNERS },
  revokeOperatorInvite: { allowed: OWNERS, input: () => ({ inviteId: 'invite_0000000000000000' }) },
};
