import { createHmac } from 'crypto';
import { INVITE_CODE, type InviteSource, inviteScene } from '../contract';
import { memberCodeSecret } from '../member-code/secret';
import type { Database } from '../platform/cloud';
import { getDocById, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { INVITE_CODES, type InviteCodeDoc } from './collections';

// Invite codes: what a share card, a poster or a channel code carries. 'i' + 11 base62 characters
// derived from HMAC-SHA256(source|sourceId|campaignId) with the member-code secret, so asking twice
// gives the same code (no lookup table, no race) and nobody can make one for a source without the
// secret. 11 base62 characters hold the first 64 bits of the MAC (62^11 > 2^64).

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CODE_CHARS = 11;
export const HOME_PAGE = 'pages/index/index';

export function inviteCodeFor(source: InviteSource, sourceId: string, campaignId: string, secret: string = memberCodeSecret()): string {
  const mac = createHmac('sha256', secret).update(`invite|${source}|${sourceId}|${campaignId}`).digest();
  let n = mac.readBigUInt64BE(0);
  let text = '';
  for (let i = 0; i < CODE_CHARS; i++) {
    text = BASE62[Number(n % 62n)] + text;
    n /= 62n;
  }
  const code = `i${text}`;
  if (!INVITE_CODE.test(code)) throw new Error(`invite code ${code} does not match its pattern`);
  return code;
}

/** The `scene` of the mini-program code: `i=<code>` (14 characters, within WeChat's 32). */
export const sceneFor = (code: string): string => inviteScene(code);
/** The path a share card opens. */
export const sharePathFor = (code: string): string => `${HOME_PAGE}?inv=${code}`;
/** The H5 build's invite URL path (hash router), for the H5 poster's QR code. */
export const h5PathFor = (code: string): string => `/#/${HOME_PAGE}?inv=${code}`;

/** The code from a scene as the mini-program receives it (`i%3D<code>` decoded or not); null if none. */
export function codeFromScene(scene: string): string | null {
  let decoded = scene;
  try {
    decoded = decodeURIComponent(scene);
  } catch {
    return null;
  }
  for (const part of decoded.split('&')) {
    const [key, value] = part.split('=');
    if (key === 'i' && value && INVITE_CODE.test(value)) return value;
  }
  return null;
}

export async function loadInviteCode(db: Database, code: string): Promise<InviteCodeDoc | null> {
  return getDocById<InviteCodeDoc>(db, INVITE_CODES, code);
}

/**
 * The code document for a source, created on first ask. Its id is the derived code, so two first
 * asks at once write the same document: the transaction lets one create it, the other finds it.
 */
export async function ensureInviteCode(ctx: HandlerContext, args: { source: InviteSource; sourceId: string; campaignId: string; storeId: string | null }): Promise<InviteCodeDoc> {
  const code = inviteCodeFor(args.source, args.sourceId, args.campaignId);
  const known = await loadInviteCode(ctx.db, code);
  if (known) return known;
  return ctx.transaction(async (tx) => {
    const found = await txGet<InviteCodeDoc>(tx, INVITE_CODES, code);
    if (found) return found;
    const doc: Omit<InviteCodeDoc, '_id'> = { source: args.source, sourceId: args.sourceId, campaignId: args.campaignId, storeId: args.storeId, createdAt: ctx.now, wxacodeFileId: null };
    await tx.collection(INVITE_CODES).doc(code).set({ data: doc });
    return { _id: code, ...doc };
  });
}
