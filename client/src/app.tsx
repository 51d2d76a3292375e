import { useDidShow, useLaunch } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { rememberLaunchInvite } from './stores/invite-launch';
import './app.scss';

// The app shell: pages render as children. State lives in stores/, calls go through api/.
// An invite code in the launch (share card `inv`, mini-program code `scene`) is remembered on a
// cold and a warm start; the member store sends it before its first `me`.
function App({ children }: PropsWithChildren) {
  useLaunch((options) => rememberLaunchInvite(options?.query as Record<string, string> | undefined));
  useDidShow((options?: { query?: Record<string, string> }) => rememberLaunchInvite(options?.query));
  return children;
}

export default App;
