import type { operatorsAdminActions, operatorsMemberActions } from '../contract/operators';
import type { Handlers } from '../router/router';
import { changeOperatorRole, createOperatorInvite, disableOperator, listOperators } from './admin';
import { bindOperator } from './bind';

export const operatorsAdminHandlers: Handlers<typeof operatorsAdminActions> = {
  listOperators: (ctx) => listOperators(ctx),
  createOperatorInvite: (ctx, input) => createOperatorInvite(ctx, input),
  changeOperatorRole: (ctx, input) => changeOperatorRole(ctx, input),
  disableOperator: (ctx, input) => disableOperator(ctx, input),
};

export const operatorsMemberHandlers: Handlers<typeof operatorsMemberActions> = {
  bindOperator: (ctx, input) => bindOperator(ctx, input),
};
