import type { DeletionPreview } from '@contract';
import { deletionPlan } from './plan';

const base: DeletionPreview = {
  refundablePrincipalFen: 0,
  unrefundablePrincipalFen: 0,
  bonusFen: 0,
  points: 0,
  blockedReason: null,
  consequences: [],
};

describe('deletionPlan', () => {
  it.each([
    // [case, preview fields, forfeit ticked, expected]
    ['empty wallet', {}, false, { refundFirst: false, forfeitFen: 0, needsForfeit: false, blocked: null, canDelete: true }],
    ['points alone are forfeited without a tick', { points: 1200 }, false, { refundFirst: false, forfeitFen: 0, needsForfeit: false, blocked: null, canDelete: true }],
    ['bonus left needs the tick', { bonusFen: 2000 }, false, { refundFirst: false, forfeitFen: 2000, needsForfeit: true, blocked: null, canDelete: false }],
    ['bonus left, ticked', { bonusFen: 2000 }, true, { refundFirst: false, forfeitFen: 2000, needsForfeit: true, blocked: null, canDelete: true }],
    ['old principal and bonus, ticked', { unrefundablePrincipalFen: 5000, bonusFen: 1000 }, true, { refundFirst: false, forfeitFen: 6000, needsForfeit: true, blocked: null, canDelete: true }],
    [
      'refundable principal: refund first',
      { refundablePrincipalFen: 5000, bonusFen: 1000 },
      true,
      { refundFirst: true, forfeitFen: 1000, needsForfeit: true, blocked: '储值中还有可退的本金，请先到储值页申请退款', canDelete: false },
    ],
    [
      'the server says why',
      { blockedReason: '有储值退款正在处理中，完成后才能注销' },
      true,
      { refundFirst: false, forfeitFen: 0, needsForfeit: false, blocked: '有储值退款正在处理中，完成后才能注销', canDelete: false },
    ],
    [
      "the server's reason wins over ours",
      { refundablePrincipalFen: 100, blockedReason: '储值余额中还有可退的本金，请先申请退款' },
      false,
      { refundFirst: true, forfeitFen: 0, needsForfeit: false, blocked: '储值余额中还有可退的本金，请先申请退款', canDelete: false },
    ],
  ] as [string, Partial<DeletionPreview>, boolean, ReturnType<typeof deletionPlan>][])('%s', (_name, fields, ticked, expected) => {
    expect(deletionPlan({ ...base, ...fields }, ticked)).toEqual(expected);
  });
});
