import { create } from 'zustand';
import { callFunction, newRequestId } from '../api';
import { inviteCodeFromQuery, inviteGreeting, queryOfUrl, type LaunchQuery } from '../utils/invite-launch';
import { forgetOnSignOut } from './session';

// Launch attribution (main package, kept tiny). The app remembers an invite code it was opened
// with; the member store sends it (member.openInvite) BEFORE its `me` call, because `me`
// registers a new visitor and registration binds only a visit already recorded. A bad or
// refused code never blocks the app: every failure is swallowed and `me` goes ahead.

/** H5 only: the code survives the dev-login detour a fresh browser takes before anyone is signed in. */
const PENDING_KEY = 'pending-invite';
/** `me` waits at most this long for openInvite; a slow network must not hold the card back. */
const OPEN_TIMEOUT_MS = 5000;

let pending: string | null = null;
/** Codes already sent this session: a warm start from the same card does not count twice. */
const sent = new Set<string>();

interface GreetingState {
  /** The home page's line for the visitor ("好友 小* 邀请你加入…"), shown once. */
  greeting: string | null;
  dismiss: () => void;
}

export const useInviteGreeting = create<GreetingState>()((set) => ({
  greeting: null,
  dismiss: () => set({ greeting: null }),
}));
forgetOnSignOut(() => useInviteGreeting.setState({ greeting: null }));

function h5Storage(): Storage | null {
  if (process.env.TARO_ENV !== 'h5') return null;
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** Called on launch and on every show of the app with its query (weapp) or the address (H5). */
export function rememberLaunchInvite(query: LaunchQuery): void {
  const fromUrl = process.env.TARO_ENV === 'h5' && typeof window !== 'undefined' ? inviteCodeFromQuery(queryOfUrl(window.location.href)) : null;
  const code = inviteCodeFromQuery(query) ?? fromUrl;
  if (!code || sent.has(code)) return;
  pending = code;
  h5Storage()?.setItem(PENDING_KEY, code);
}

function takePending(): string | null {
  const storage = h5Storage();
  const code = pending ?? storage?.getItem(PENDING_KEY) ?? null;
  pending = null;
  storage?.removeItem(PENDING_KEY);
  return code && !sent.has(code) ? code : null;
}

/** Sends the remembered code, if any; always resolves (within OPEN_TIMEOUT_MS). */
export async function settleLaunchInvite(): Promise<void> {
  const code = takePending();
  if (!code) return;
  sent.add(code);
  const open = callFunction('member', 'openInvite', { code }, { requestId: newRequestId(), silent: true })
    .then((result) => {
      const greeting = inviteGreeting(result);
      if (greeting) useInviteGreeting.setState({ greeting });
    })
    .catch(() => undefined);
  await Promise.race([open, new Promise<void>((resolve) => setTimeout(resolve, OPEN_TIMEOUT_MS))]);
}
