import type { OpenInviteResult } from '@contract';

// Reading an invite code from how the app was opened, and what to say to the visitor about it.
// A share card or an H5 link carries `inv=<code>`; a mini-program code carries
// `scene=i%3D<code>` (the scene is URL-encoded once by WeChat). Anything else is not an invite.
// The code's shape is the contract's INVITE_CODE, repeated here because the client imports the
// contract as types only (zod stays out of the bundle).

const INVITE_CODE = /^i[0-9A-Za-z]{11}$/;

export type LaunchQuery = Record<string, string | undefined> | undefined | null;

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** `i=<code>` (or `a=1&i=<code>`) from a scene, decoded once or twice as it arrives. */
export function inviteCodeFromScene(scene: string): string | null {
  let text = scene;
  // WeChat hands the scene over encoded once; a scene passed on through another page's query
  // arrives encoded twice. Decode until it stops changing (at most twice).
  for (let i = 0; i < 2 && /%[0-9A-Fa-f]{2}/.test(text); i += 1) text = decodeSafely(text);
  for (const pair of text.split('&')) {
    const at = pair.indexOf('=');
    if (at < 0) continue;
    if (pair.slice(0, at) === 'i') {
      const code = pair.slice(at + 1);
      return INVITE_CODE.test(code) ? code : null;
    }
  }
  return null;
}

/** The invite code a launch query carries (`inv` first, then the mini-program code's `scene`), or null. */
export function inviteCodeFromQuery(query: LaunchQuery): string | null {
  if (!query) return null;
  const inv = query.inv;
  if (typeof inv === 'string') {
    const code = decodeSafely(inv).trim();
    if (INVITE_CODE.test(code)) return code;
  }
  const scene = query.scene;
  if (typeof scene === 'string') return inviteCodeFromScene(scene);
  return null;
}

/**
 * The query of an H5 address: its search part and the query inside its hash route
 * (`/#/pages/index/index?inv=…`, how this project's H5 router forms addresses); the hash wins.
 */
export function queryOfUrl(href: string): Record<string, string> {
  const out: Record<string, string> = {};
  const hashAt = href.indexOf('#');
  const beforeHash = hashAt < 0 ? href : href.slice(0, hashAt);
  const hash = hashAt < 0 ? '' : href.slice(hashAt + 1);
  const parts = [beforeHash.includes('?') ? beforeHash.slice(beforeHash.indexOf('?') + 1) : '', hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : ''];
  for (const part of parts) {
    for (const pair of part.split('&')) {
      if (!pair) continue;
      const at = pair.indexOf('=');
      const key = decodeSafely(at < 0 ? pair : pair.slice(0, at));
      // Values stay as they came (a scene is decoded by inviteCodeFromScene, once it is known to be one).
      out[key] = at < 0 ? '' : pair.slice(at + 1);
    }
  }
  return out;
}

/** The line greeting the visitor on the home page, or null when there is nothing to say (welcomeText is the server's whole phrase, "注册即得 100 积分"). */
export function inviteGreeting(result: OpenInviteResult): string | null {
  const from = result.fromName.trim();
  switch (result.outcome) {
    case 'pending':
      if (result.source === 'member') {
        const who = from ? `好友 ${from} ` : '好友';
        return result.welcomeText ? `${who}邀请你加入，${result.welcomeText}` : `${who}邀请你加入`;
      }
      return result.welcomeText ? `${from || '门店'} 邀请你加入，${result.welcomeText}` : `${from || '门店'} 欢迎你加入`;
    case 'guide_bound':
      return from ? `${from} 将为你提供专属服务` : null;
    case 'existing_member':
      return from && result.source === 'member' ? `你已是会员，感谢 ${from} 的分享` : null;
    default:
      // self, inactive, guide_protected: the visitor needs to hear nothing about it.
      return null;
  }
}

/**
 * The H5 address a QR code carries: the server's h5Path as it is when absolute, otherwise put
 * on this page's origin and path with the hash router's form (`<origin>/#/pages/index/index?inv=…`).
 */
export function h5InviteUrl(location: { origin: string; pathname: string }, h5Path: string | null, code: string | null): string | null {
  if (h5Path && /^https?:\/\//.test(h5Path)) return h5Path;
  const base = `${location.origin}${location.pathname || '/'}`;
  if (h5Path) {
    const route = h5Path.replace(/^\/?#?\/?/, '');
    return `${base}#/${route}`;
  }
  return code ? `${base}#/pages/index/index?inv=${code}` : null;
}
