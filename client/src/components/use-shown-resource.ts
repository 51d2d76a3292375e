import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { StoreApi, UseBoundStore } from 'zustand';
import { redirectToDevLoginIfNeeded } from '../api/identity';
import type { ResourceState } from '../stores/resource';

/**
 * A member page that shows one server answer: loaded again each time the page is shown (a
 * visitor without a local identity is sent to sign in first) and on pull-down. Returns what the
 * page draws from: the answer, the load status, its error and load (for 重试).
 */
export function useShownResource<T>(store: UseBoundStore<StoreApi<ResourceState<T>>>): Pick<ResourceState<T>, 'data' | 'status' | 'error' | 'load'> {
  const data = store((state) => state.data);
  const status = store((state) => state.status);
  const error = store((state) => state.error);
  const load = store((state) => state.load);

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  return { data, status, error, load };
}
