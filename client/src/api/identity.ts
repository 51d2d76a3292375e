// H5 only: the local host knows the caller by the identity picked on the dev login page, sent as
// the x-local-openid header. On weapp WeChat itself identifies the caller and none of this runs
// (every use sits behind `process.env.TARO_ENV === 'h5'`, which the weapp build removes).

import Taro from '@tarojs/taro';

export const LOCAL_OPENID_KEY = 'local-openid';

export function localOpenid(): string | null {
  try {
    return window.localStorage.getItem(LOCAL_OPENID_KEY);
  } catch {
    return null;
  }
}

export function setLocalOpenid(openid: string): void {
  window.localStorage.setItem(LOCAL_OPENID_KEY, openid);
}

/**
 * H5 only: with no identity picked yet, sends the browser to the dev login page and answers
 * true (the page should not call anything). Always false on weapp.
 */
export function redirectToDevLoginIfNeeded(): boolean {
  if (process.env.TARO_ENV !== 'h5' || localOpenid()) return false;
  void Taro.reLaunch({ url: '/pages/dev-login/index' });
  return true;
}
