import type { operatorsAdminActions, operatorsMemberActions } from '../contract/operators';
import type { Handlers } from '../router/router';
import { changeOperatorRole, createOperatorInvite, disableOperator, listOperators } from './admin';
import { bindOperator } from './bind';
import { listOperatorInvites, revokeOperatorInvite } from './invites';

export const operatorsAdminHandlers: Handlers<typeof operatorsAdminActions> = {
  listOperators: (ctx) => listOperators(ctx),
  createOperatorInvite: (ctx, input) => createOperatorInvite(ctx, input),
  changeOperatorRole: (ctx, input) => changeOperatorRole(ctx, input),
  disableOperator: (ctx, input) => disableOperator(ctx, input),
  listOperatorInvites: (ctx) => listOperatorInvites(ctx),
  revokeOperatorInvite: (ctx, input) => revokeOperatorInvite(ctx, input),
};

export const operatorsMemberHandlers: Handlers<typeof operatorsMemberActions> = {
  bindOperator: (ctx, input) => bindOperator(ctx, input),
};
