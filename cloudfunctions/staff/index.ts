// In-store actions. Every call is refused unless the caller is active staff of a store.
import { staffActions } from '../core/contract';
import { requireActiveStaff } from '../core/access/roles';
import { createMain } from '../core/router/main';
import { createRouter } from '../core/router/router';

export const router = createRouter(staffActions, {});

export const main = createMain('staff', router, requireActiveStaff);
