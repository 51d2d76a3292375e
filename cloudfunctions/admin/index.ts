// Operator actions. Every call is refused unless the caller holds an operator role.
import { adminActions } from '../core/contract';
import { requireOperator } from '../core/access/roles';
import { createMain } from '../core/router/main';
import { createRouter } from '../core/router/router';

export const router = createRouter(adminActions, {});

export const main = createMain('admin', router, requireOperator);
