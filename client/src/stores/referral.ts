import type { InviteSummary, InviteView } from '@contract';
import { create } from 'zustand';
import { callFunction, newRequestId } from '../api';
import { createKeyedResource } from './keyed-resource';
import { createPagedList } from './paged-list';
import { createResource } from './resource';
import { forgetOnSignOut } from './session';

// 邀请有礼 (member subpackage) and the cashier's channel code (staff subpackage).

/** The invite page: campaign, code, share path, poster data and the summary. */
export const useInvitePage = createResource((silent) => callFunction('member', 'invitePage', {}, { silent }));

/** Counts a share for the campaign's figures; a failure is not the member's problem. */
export function recordShare(channel: 'card' | 'timeline' | 'poster'): void {
  // Every share is a new action (a new id): the server counts each one.
  void callFunction('member', 'recordShare', { channel }, { requestId: newRequestId(), silent: true }).catch(() => undefined);
}

/** The summary that comes with the first page of 我的邀请. */
export const useInviteSummary = create<{ summary: InviteSummary | null }>()(() => ({ summary: null }));
forgetOnSignOut(() => useInviteSummary.setState({ summary: null }));

export const useMyInvites = createPagedList<InviteView, null>(null, async (_filter, cursor, silent) => {
  const page = await callFunction('member', 'myInvites', { limit: 20, ...(cursor ? { cursor } : {}) }, { silent });
  if (!cursor) useInviteSummary.setState({ summary: page.summary });
  return { items: page.items, nextCursor: page.nextCursor };
});

/** The KOC leaderboard of one month ('' = the current month, as the server counts it). */
export const useKocLeaderboard = createKeyedResource((month: string, silent) =>
  callFunction('member', 'kocLeaderboard', month ? { month } : {}, { silent }),
);

/** The cashier's own channel code and the members bound through it. */
export const useMyChannelCode = createResource((silent) => callFunction('staff', 'myChannelCode', {}, { silent }));
