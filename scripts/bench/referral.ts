import { randomBytes } from 'crypto';
import { CASHIER, OPERATOR, seedWorld, setClock } from '../../tests/support/world';
import { startLocalCloud } from '../local-cloud';
import { DEMO_REFERRAL_CAMPAIGNS } from '../seed/demo-referral';
import { type Cost, measure } from './measure';

// Database operations of referral attribution (issue 11), each on a quiet database through the
// functions as a phone, the till or the timer calls them:
// - attribution: a visitor opens a member's invite code (openInvite), then registers (`me`):
//   the binding, the welcome reward written and paid (100 points), beside a plain first `me`;
// - qualification: an invitee's first purchase over the minimum (the inviter's reward, its cap
//   counters, the member's qualifiedAt, an event) beside the same purchase by a member nobody
//   invited and the invitee's second purchase, so the extra cost shows;
// - approval: a timer tick with one reward past its hold (risk check, approval, payment) beside
//   the same tick with nothing due; the difference is one reward through the job;
// - the refund of the qualifying purchase after payment (the clawback) beside a plain refund.

/** The demo brand's 'all' campaign, as the referral suites save it. */
const CAMPAIGN = DEMO_REFERRAL_CAMPAIGNS.all;

const id = () => randomBytes(12).toString('hex');

export async function referralCosts(): Promise<Record<string, unknown>> {
  const cloud = await startLocalCloud();
  const invoke = async (fn: string, openid: string, action: string, data: unknown = {}, requestId?: string) => {
    const answer = (await cloud.host.invoke(fn, { action, data, requestId }, { openid, source: 'wx_client' })) as any;
    if (!answer.ok) throw new Error(`${action}: ${JSON.stringify(answer)}`);
    return answer.data;
  };
  const tick = () => cloud.host.invoke('cron', { Type: 'Timer', TriggerName: 't', Time: '' }, { source: 'timer' });
  const purchase = async (openid: string, amountFen: number) => {
    const { token } = await invoke('member', openid, 'memberCode');
    return () => invoke('staff', CASHIER, 'recordPurchase', { code: token, amountFen, walletFen: 0 }, id());
  };
  try {
    setClock('2026-03-10T04:00:00Z');
    await seedWorld();
    const saved = await invoke('admin', OPERATOR, 'saveReferralCampaign', { campaign: CAMPAIGN }, id());
    await invoke('admin', OPERATOR, 'setReferralCampaignStatus', { campaignId: saved.campaignId, status: 'active' }, id());
    await invoke('member', 'bench-inviter', 'me');
    const { code } = await invoke('member', 'bench-inviter', 'invitePage');
    // Warm-up: one attribution first, so that the measured one meets the code and campaign documents as any later one does.
    await invoke('member', 'bench-warm', 'openInvite', { code }, id());
    await invoke('member', 'bench-warm', 'me');

    const openInvite = await measure(cloud, () => invoke('member', 'bench-invitee', 'openInvite', { code }, id()));
    const registerWithBinding = await measure(cloud, () => invoke('member', 'bench-invitee', 'me'));
    const registerPlain = await measure(cloud, () => invoke('member', 'bench-plain', 'me'));

    const qualifying = await purchase('bench-invitee', 5000);
    const firstPurchaseQualifying = await measure(cloud, qualifying);
    const plain = await purchase('bench-plain', 5000);
    const purchaseNotInvited = await measure(cloud, plain);
    const second = await purchase('bench-invitee', 5000);
    const purchaseAlreadyQualified = await measure(cloud, second);
    const qualifiedPurchaseId = (cloud.db.dump('purchases') as { _id: string; referralRewardId?: string }[]).find((p) => p.referralRewardId)!._id;
    const plainPurchaseId = (cloud.db.dump('purchases') as { _id: string; memberId: string; referralRewardId?: string }[]).find((p) => !p.referralRewardId)!._id;

    // The hold passed; the warm-up member's nothing-to-do tick first, then the tick that approves and pays one reward.
    await tick();
    const idleTick = await measure(cloud, tick);
    setClock('2026-03-17T05:00:00Z');
    const tickWithOneDue = await measure(cloud, tick);
    const paid = (cloud.db.dump('referral_rewards') as { role: string; status: string }[]).filter((r) => r.role === 'inviter' && r.status === 'paid').length;
    if (paid !== 1) throw new Error(`the tick paid ${paid} inviter rewards, not 1`);

    const refundClawback = await measure(cloud, () => invoke('staff', CASHIER, 'refundPurchase', { purchaseId: qualifiedPurchaseId }, id()));
    const refundPlain = await measure(cloud, () => invoke('staff', CASHIER, 'refundPurchase', { purchaseId: plainPurchaseId }, id()));

    const brief = (cost: Cost) => ({ reads: cost.reads, writes: cost.writes, transactions: cost.transactions, ms: Math.round(cost.ms) });
    const extra = (a: Cost, b: Cost) => ({ reads: a.reads - b.reads, writes: a.writes - b.writes, transactions: a.transactions - b.transactions });
    return {
      how: 'through the functions on a quiet database (member, staff and cron functions); reads and writes summed over collections; transactions = committed',
      attribution: {
        openInvite: brief(openInvite),
        registerWithBinding: brief(registerWithBinding),
        registerPlain: brief(registerPlain),
        total: { reads: openInvite.reads + registerWithBinding.reads, writes: openInvite.writes + registerWithBinding.writes, transactions: openInvite.transactions + registerWithBinding.transactions },
        extraOverPlainRegistration: extra(registerWithBinding, registerPlain),
        registerWithBindingByCollection: registerWithBinding.byCollection,
      },
      qualification: {
        firstPurchaseQualifying: brief(firstPurchaseQualifying),
        purchaseNotInvited: brief(purchaseNotInvited),
        purchaseAlreadyQualified: brief(purchaseAlreadyQualified),
        extraForQualifying: extra(firstPurchaseQualifying, purchaseNotInvited),
        extraForAnInviteeAlreadyQualified: extra(purchaseAlreadyQualified, purchaseNotInvited),
      },
      approval: {
        tickWithOneRewardDue: brief(tickWithOneDue),
        tickWithNothingDue: brief(idleTick),
        perReward: extra(tickWithOneDue, idleTick),
        note: 'a tick runs every job; the difference is the referral-rewards job approving and paying one reward (its risk check is a WeChat call, not a database operation)',
      },
      refund: { qualifyingPurchaseAfterPayment: brief(refundClawback), plainPurchase: brief(refundPlain), extraForClawback: extra(refundClawback, refundPlain) },
    };
  } finally {
    setClock(null);
    await cloud.close();
  }
}

if (require.main === module) {
  referralCosts()
    .then((report) => console.log(JSON.stringify(report, null, 2)))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
