import { randomBytes } from 'crypto';
import { OPERATOR, seedWorld } from '../../tests/support/world';
import { type LocalCloud, startLocalCloud } from '../local-cloud';
import { measure } from './measure';

// A flash claim: 500 members claim one template at once, each as a phone does (the same request
// id again while the answer is BUSY). Against a stock of 100 (most claims refused) and 10,000
// (every claim served). Printed per claim: transaction conflicts, phone retries, reads, writes.

const CLAIMS = 500;
const PHONE_ATTEMPTS = 20;

const invoke = (cloud: LocalCloud, openid: string, fn: string, action: string, data: unknown, requestId?: string) =>
  cloud.host.invoke(fn, { action, data, requestId }, { openid, source: 'wx_client' }) as Promise<any>;

async function claimRun(stock: number) {
  const cloud = await startLocalCloud();
  try {
    await seedWorld();
    const openids = Array.from({ length: CLAIMS }, (_, i) => `bench-coupon-${i}`);
    for (const openid of openids) await invoke(cloud, openid, 'member', 'me', {});
    const created = await invoke(cloud, OPERATOR, 'admin', 'createCouponTemplate', {
      name: '会员日', benefit: { kind: 'no_threshold', amountFen: 500 }, validity: { type: 'days_after_claim', days: 7, startNextDay: false },
      storeIds: null, minTierCode: null, stackable: false, stock, perMemberLimit: 1, perMemberPerDayLimit: null,
    }, randomBytes(12).toString('hex'));
    if (!created.ok) throw new Error(JSON.stringify(created));
    const { templateId } = created.data;
    let phoneRetries = 0;
    let maxPhoneAttempts = 0;
    const outcomes: Record<string, number> = {};
    const cost = await measure(cloud, () =>
      Promise.all(
        openids.map(async (openid) => {
          const id = randomBytes(12).toString('hex');
          for (let attempt = 1; ; attempt++) {
            const answer = await invoke(cloud, openid, 'member', 'claimCoupon', { templateId }, id);
            if (answer.ok || answer.code !== 'BUSY' || attempt >= PHONE_ATTEMPTS) {
              maxPhoneAttempts = Math.max(maxPhoneAttempts, attempt);
              const key = answer.ok ? 'claimed' : answer.code;
              outcomes[key] = (outcomes[key] ?? 0) + 1;
              return;
            }
            phoneRetries++;
          }
        }),
      ),
    );
    const per = (n: number) => Math.round((n / CLAIMS) * 100) / 100;
    const issued = (cloud.db.dump('coupon_stock') as { issued: number }[]).reduce((sum, s) => sum + s.issued, 0);
    return {
      stock,
      claims: CLAIMS,
      outcomes,
      issued,
      conflicts: cost.conflicts,
      phoneRetries,
      maxPhoneAttempts,
      ms: Math.round(cost.ms),
      perClaim: { conflicts: per(cost.conflicts), phoneRetries: per(phoneRetries), reads: per(cost.reads), writes: per(cost.writes), transactions: per(cost.transactions) },
    };
  } finally {
    await cloud.close();
  }
}

export async function couponClaimCosts() {
  return {
    how: `${CLAIMS} members claim one template at once through the member function; a phone retries BUSY with the same request id (at most ${PHONE_ATTEMPTS} attempts). Stock split over 8 shards.`,
    runs: [await claimRun(100), await claimRun(10_000)],
  };
}

if (require.main === module) {
  couponClaimCosts()
    .then((report) => console.log(JSON.stringify(report, null, 2)))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
