import type { DeletionPreview } from '@contract';

// What the 注销 page lets the member do next, from the server's preview. The server decides
// again when deleteAccount is called (WALLET_NOT_EMPTY, WALLET_REFUND_PENDING, FORFEIT_REQUIRED);
// this only keeps the member from pressing a button that is sure to be refused.

export interface DeletionPlan {
  /** Unspent principal that can still go back to WeChat Pay: refund it on 储值 first. */
  refundFirst: boolean;
  /** Stored value that is lost on deletion (principal past its refund window, and bonus). */
  forfeitFen: number;
  /** The member must tick "我确认放弃" before deleting. */
  needsForfeit: boolean;
  /** Why deletion cannot go ahead now, in Chinese, or null. */
  blocked: string | null;
  /** The final 注销 button is live. */
  canDelete: boolean;
}

export function deletionPlan(preview: DeletionPreview, forfeitAccepted: boolean): DeletionPlan {
  const refundFirst = preview.refundablePrincipalFen > 0;
  const forfeitFen = preview.unrefundablePrincipalFen + preview.bonusFen;
  const needsForfeit = forfeitFen > 0;
  const blocked = preview.blockedReason ?? (refundFirst ? '储值中还有可退的本金，请先到储值页申请退款' : null);
  return {
    refundFirst,
    forfeitFen,
    needsForfeit,
    blocked,
    canDelete: blocked === null && (!needsForfeit || forfeitAccepted),
  };
}
