import type { LocalCloud } from '../../scripts/local-cloud';
import { DEFAULT_ENGAGEMENT } from '../../cloudfunctions/core/brand/settings';
import { callAs } from '../support/cloud';
import { OPERATOR, requestId } from '../support/world';

/** Saves the engagement section (now) as the console does; throws on a refusal. */
export async function saveEngagement(cloud: LocalCloud, change: Record<string, unknown>): Promise<void> {
  const answer = await callAs(cloud, OPERATOR, 'admin', 'saveRules', { section: 'engagement', value: { ...DEFAULT_ENGAGEMENT, ...change } }, requestId());
  if (!answer.ok) throw new Error(JSON.stringify(answer));
}

export const dumpOf = (cloud: LocalCloud) => (name: string) => cloud.db.dump(name) as any[];
