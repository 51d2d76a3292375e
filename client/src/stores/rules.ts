import type { PreviewRulesResult, RuleSection, SaveRulesResult } from '@contract';
import { callFunction, createRequestIdSlots } from '../api';
import { createResource } from './resource';

// The brand's rules in the console (admin/rules): what is in force per section, what is
// scheduled, the recent history. Saving makes a new version; the server checks everything again.

export const useRules = createResource((silent) => callFunction('admin', 'getRules', {}, { silent }));

/** The server's checks and the change lines for a draft; never toasts (the form shows it in place). */
export function previewRules(section: RuleSection, value: Record<string, unknown>, effectiveAt?: string): Promise<PreviewRulesResult> {
  return callFunction('admin', 'previewRules', { section, value, ...(effectiveAt ? { effectiveAt } : {}) }, { silent: true });
}

const saveSlots = createRequestIdSlots();
const cancelSlots = createRequestIdSlots();

export async function saveRules(section: RuleSection, value: Record<string, unknown>, effectiveAt?: string): Promise<SaveRulesResult> {
  const saved = await saveSlots(section).run((requestId) =>
    callFunction('admin', 'saveRules', { section, value, ...(effectiveAt ? { effectiveAt } : {}) }, { requestId, silent: true }),
  );
  await useRules.getState().load();
  return saved;
}

export async function cancelScheduledRules(section: RuleSection, version: number): Promise<void> {
  await cancelSlots(`${section}:${version}`).run((requestId) => callFunction('admin', 'cancelScheduledRules', { section, version }, { requestId, silent: true }));
  await useRules.getState().load();
}
