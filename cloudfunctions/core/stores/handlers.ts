import type { storesAdminActions, storesMemberActions, storesStaffActions } from '../contract';
import type { Handlers } from '../router/router';
import { createStaffBindingCode, createStore, deactivateStaff, listStaff, listStores } from './admin';
import { bindStaff } from './bind';
import { whoami } from './whoami';

export const storesAdminHandlers: Handlers<typeof storesAdminActions> = {
  createStore: (ctx, input) => createStore(ctx, input),
  listStores: (ctx) => listStores(ctx),
  createStaffBindingCode: (ctx, input) => createStaffBindingCode(ctx, input),
  listStaff: (ctx, input) => listStaff(ctx, input),
  deactivateStaff: (ctx, input) => deactivateStaff(ctx, input),
};

export const storesMemberHandlers: Handlers<typeof storesMemberActions> = {
  bindStaff: (ctx, input) => bindStaff(ctx, input),
};

export const storesStaffHandlers: Handlers<typeof storesStaffActions> = {
  whoami: (ctx) => whoami(ctx),
};
