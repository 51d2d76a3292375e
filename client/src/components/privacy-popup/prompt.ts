import Taro from '@tarojs/taro';
import { create } from 'zustand';
import { acceptPolicy, usePrivacyStatus } from '../../stores/privacy';
import { policyOf } from '../../stores/policy-state';
import { forgetOnSignOut } from '../../stores/session';

// The privacy popup's state. Two ways in:
// - WeChat (weapp): the first call that needs the member's consent (the avatar, the nickname
//   keyboard, the phone number) is held by WeChat, which calls our onNeedPrivacyAuthorization
//   listener; we show the popup and answer WeChat through `resolve`. Nothing else waits on it, so
//   pages that need no personal data are never blocked.
// - H5 (no such event): the page asks `ensurePrivacyAgreed()` before the same actions; the popup
//   shows only while the server has no acceptance of the current 隐私政策 version.
// Either way, 同意 also records the acceptance on the server (acceptPolicy 'privacy').

type WechatResolve = (option: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void;

export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree';

interface PromptState {
  open: boolean;
  /** Set while answering (recording the acceptance): the buttons wait. */
  busy: boolean;
  wechatResolve: WechatResolve | null;
  pageResolve: ((agreed: boolean) => void) | null;
}

export const usePrivacyPrompt = create<PromptState>()(() => ({ open: false, busy: false, wechatResolve: null, pageResolve: null }));

forgetOnSignOut(() => usePrivacyPrompt.setState({ open: false, busy: false, wechatResolve: null, pageResolve: null }));

let listening = false;

/** weapp: listens once for WeChat's request (the app may show many pages; one listener serves all). */
export function listenForWechatPrivacy(): void {
  if (process.env.TARO_ENV !== 'weapp' || listening) return;
  // Older base libraries have no privacy API; WeChat then shows nothing and asks nothing.
  if (typeof Taro.onNeedPrivacyAuthorization !== 'function') return;
  listening = true;
  Taro.onNeedPrivacyAuthorization((resolve) => {
    usePrivacyPrompt.setState({ open: true, busy: false, wechatResolve: resolve as WechatResolve, pageResolve: null });
    resolve({ event: 'exposureAuthorization' });
  });
}

/**
 * H5: resolves true when the member has agreed to the current privacy policy, showing the popup
 * first if the server has no such record. On weapp WeChat asks by itself: always true.
 */
export async function ensurePrivacyAgreed(): Promise<boolean> {
  if (process.env.TARO_ENV !== 'h5') return true;
  const status = usePrivacyStatus.getState();
  if (status.data === null) await status.load();
  if (policyOf(usePrivacyStatus.getState().data, 'privacy')?.upToDate) return true;
  const previous = usePrivacyPrompt.getState().pageResolve;
  return new Promise<boolean>((resolve) => {
    previous?.(false);
    usePrivacyPrompt.setState({ open: true, busy: false, wechatResolve: null, pageResolve: resolve });
  });
}

/** The member's answer. 同意 is recorded on the server before the held action goes on. */
export async function answerPrivacy(agreed: boolean): Promise<void> {
  const { wechatResolve, pageResolve, busy } = usePrivacyPrompt.getState();
  if (busy) return;
  if (!agreed) {
    usePrivacyPrompt.setState({ open: false, wechatResolve: null, pageResolve: null });
    wechatResolve?.({ event: 'disagree' });
    pageResolve?.(false);
    void Taro.showToast({ title: '未同意隐私保护指引，此功能暂不可用，其他功能不受影响', icon: 'none', duration: 2500 });
    return;
  }
  if (wechatResolve) {
    // WeChat checks that the button with this id was tapped; the action it holds goes on at once.
    wechatResolve({ event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID });
    usePrivacyPrompt.setState({ open: false, wechatResolve: null });
    // The server's record of the acceptance; a failure here does not undo WeChat's.
    acceptPolicy('privacy', { silent: true }).catch(() => undefined);
    return;
  }
  usePrivacyPrompt.setState({ busy: true });
  try {
    await acceptPolicy('privacy');
    usePrivacyPrompt.setState({ open: false, busy: false, pageResolve: null });
    pageResolve?.(true);
  } catch {
    // Toasted by the call; the popup stays for another try.
    usePrivacyPrompt.setState({ busy: false });
  }
}
