import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs } from '../support/cloud';
import { requestId } from '../support/world';

/**
 * The member accepts `count` subscriptions per template id, each in a consent call of its own
 * (as taps on the client would): afterwards that many messages of the template may be sent.
 */
export async function giveQuota(cloud: LocalCloud, openid: string, counts: Record<string, number>): Promise<void> {
  const rounds = Math.max(0, ...Object.values(counts));
  for (let round = 0; round < rounds; round++) {
    const results = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > round).map(([templateId]) => [templateId, 'accept']));
    const answer = await callAs(cloud, openid, 'member', 'recordSubscribeConsent', { results }, requestId());
    if (!answer.ok) throw new Error(JSON.stringify(answer));
  }
}
