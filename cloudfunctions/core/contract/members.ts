import { z } from 'zod';
import { action } from './define';
import type { SubscribeTemplateKey } from './membership';

export interface BrandView {
  name: string;
  logoText: string;
  primaryColor: string;
}

export interface TierView {
  code: string;
  name: string;
  color: string;
}

export interface MeResult {
  member: {
    memberNo: string;
    nickname: string;
    avatarUrl: string | null;
    registeredAt: string; // ISO time
  };
  tier: TierView;
  /** Integers: points, growth value, fen. */
  balances: { points: number; growth: number; walletPrincipal: number; walletBonus: number };
  /** The earliest points to expire: how many, and the last day they can be used. */
  nextExpiry: { points: number; on: string } | null;
  /** Growth in the tier window and what the next tier needs. */
  tierProgress: { growthInWindow: number; next: { name: string; growthNeeded: number; spendNeededFen: number } | null };
  /** Points owed after a refund; later earnings settle them first. */
  pointsDebt: number;
  /** True on the call that registered the member. */
  registeredNow: boolean;
  brand: BrandView;
  /**
   * The brand's subscribe-message template ids, for the client to ask the member's consent
   * (wx.requestSubscribeMessage) when they do something a message will follow up on.
   */
  subscribeTemplates: Record<SubscribeTemplateKey, string>;
}

/** Which work entries 我的 offers the caller; the staff and admin functions still check every call. */
export interface MyRolesResult {
  staff: boolean;
  operator: boolean;
}

export const membersMemberActions = {
  me: action<MeResult>()({ input: z.object({}).strict(), mutates: false }),
  myRoles: action<MyRolesResult>()({ input: z.object({}).strict(), mutates: false }),
};
