import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { type ReactNode, useEffect } from 'react';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/list-states';
import { useConsoleIdentity } from '../../stores/console';
import { pagesFor } from './nav';
import './shell.scss';

/**
 * The operator console's frame: a side navigation on a desktop browser (from 1,000 px wide), a
 * scrolling row of tabs on a phone, the operator's name and role, and the page. A caller
 * without an operator role sees why, not an empty page.
 */
export function ConsoleShell({ page, title, actions, children }: { page: string; title: string; actions?: ReactNode; children: ReactNode }) {
  const identity = useConsoleIdentity((state) => state.data);
  const status = useConsoleIdentity((state) => state.status);
  const error = useConsoleIdentity((state) => state.error);
  const errorCode = useConsoleIdentity((state) => state.errorCode);
  const load = useConsoleIdentity((state) => state.load);

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void load();
  });

  // On a phone the tabs are one scrolling row, longer than the screen: bring this page's tab into
  // view (H5; the later console pages' tabs were off to the right, so the row did not show where
  // the operator is). On a desktop the tabs are a column and nothing scrolls. A page mounted while
  // hidden (Taro shows it only as it slides in) has no layout yet, and its first frames may still
  // change: look again each frame for a second, scrolling only while the tab is out of view.
  const revealTab = () => {
    if (process.env.TARO_ENV !== 'h5') return;
    let frames = 0;
    const attempt = () => {
      const tabs = document.querySelector<HTMLElement>(`#console-${page} .console__tabs`);
      const tab = tabs?.querySelector<HTMLElement>(`#nav-${page}`);
      if (tabs && tab && tabs.clientWidth > 0 && tabs.scrollWidth > tabs.clientWidth) {
        const left = tab.offsetLeft - tabs.offsetLeft;
        const outOfView = left < tabs.scrollLeft || left + tab.offsetWidth > tabs.scrollLeft + tabs.clientWidth;
        if (outOfView) tabs.scrollLeft = Math.max(0, left - (tabs.clientWidth - tab.offsetWidth) / 2);
      }
      if (frames++ < 60) requestAnimationFrame(attempt);
    };
    attempt();
  };
  useEffect(revealTab, [identity, page]);
  useDidShow(revealTab);

  if (!identity) {
    return (
      <View className='console'>
        <View className='console__main'>
          {status === 'error' && errorCode === 'FORBIDDEN' ? (
            <EmptyState id='console-forbidden' icon='锁' title='没有运营权限' text='请使用运营账号登录，或请品牌主为你开通。' />
          ) : status === 'error' ? (
            <ErrorState title='运营后台没有加载出来' message={error ?? ''} onRetry={() => void load()} />
          ) : (
            <ListSkeleton rows={4} id='console-loading' />
          )}
        </View>
      </View>
    );
  }

  const pages = pagesFor(identity.role);
  const go = (path: string, key: string) => {
    if (key !== page) void Taro.redirectTo({ url: path });
  };

  return (
    <View className='console' id={`console-${page}`}>
      <View className='console__nav' id='console-nav'>
        <View className='console__brand'>
          <Text className='console__brand-name'>{identity.brandName}</Text>
          <Text className='console__brand-sub'>运营后台</Text>
        </View>
        <View className='console__tabs'>
          {pages.map((entry) => (
            <View
              key={entry.key}
              id={`nav-${entry.key}`}
              className={`console__tab${entry.key === page ? ' console__tab--active' : ''}`}
              hoverClass='console__tab--hover'
              onClick={() => go(entry.path, entry.key)}
            >
              <Text>{entry.title}</Text>
            </View>
          ))}
        </View>
        <View className='console__who' id='console-who'>
          <Text className='console__who-name'>{identity.name || '运营'}</Text>
          <Text className='console__who-role'>
            {identity.roleLabel}
            {identity.stores.length ? ` · ${identity.stores.map((s) => s.name).join('、')}` : ''}
          </Text>
        </View>
      </View>
      <View className='console__main'>
        <View className='console__head'>
          <Text className='console__title'>{title}</Text>
          {actions ? <View className='console__actions'>{actions}</View> : null}
        </View>
        {children}
      </View>
    </View>
  );
}
