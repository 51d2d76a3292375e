import type { StaffBindingCodeResult, StoreView } from '@contract';
import { create } from 'zustand';
import { callFunction, createRequestIdSlot, createRequestIdSlots } from '../api';
import { createResource } from './resource';
import { forgetOnSignOut } from './session';

// The operator's store management (admin subpackage).

export const useAdminStores = createResource((silent) => callFunction('admin', 'listStores', {}, { silent }));

const createStoreSlot = createRequestIdSlot();

export async function createStore(name: string, address: string): Promise<StoreView> {
  const store = await createStoreSlot.run((requestId) => callFunction('admin', 'createStore', { name, address }, { requestId, silent: true }));
  await useAdminStores.getState().load();
  return store;
}

export interface BindingCodesState {
  /** The latest binding code made for each store, shown big until the operator closes it. */
  byStore: Record<string, StaffBindingCodeResult>;
  create: (storeId: string, staffName: string) => Promise<StaffBindingCodeResult>;
  dismiss: (storeId: string) => void;
}

const bindingCodeSlot = createRequestIdSlots();

export const useBindingCodes = create<BindingCodesState>()((set) => ({
  byStore: {},
  create: async (storeId, staffName) => {
    const code = await bindingCodeSlot(storeId).run((requestId) =>
      callFunction('admin', 'createStaffBindingCode', { storeId, staffName }, { requestId, silent: true }),
    );
    set((state) => ({ byStore: { ...state.byStore, [storeId]: code } }));
    return code;
  },
  dismiss: (storeId) =>
    set((state) => {
      const { [storeId]: _gone, ...rest } = state.byStore;
      return { byStore: rest };
    }),
}));

forgetOnSignOut(() => useBindingCodes.setState({ byStore: {} }));
