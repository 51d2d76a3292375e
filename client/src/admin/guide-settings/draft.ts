import type { GuideSettingsView } from '@contract';

// The 导购设置 form as typed, checked against guideSettingsInput's limits (the server checks again).

export interface GuideDraft {
  permanent: boolean;
  bindDays: string;
  protectionDays: string;
}

export function guideSettingsFrom(draft: GuideDraft): { settings: GuideSettingsView; errors: null } | { settings: null; errors: Partial<Record<'bindDays' | 'protectionDays', string>> } {
  const errors: Partial<Record<'bindDays' | 'protectionDays', string>> = {};
  const bind = draft.bindDays.trim();
  const protection = draft.protectionDays.trim();
  let bindDays: number | null = null;
  if (!draft.permanent) {
    if (!/^\d{1,4}$/.test(bind) || Number(bind) < 1 || Number(bind) > 3650) errors.bindDays = '绑定天数应为 1–3650 的整数';
    else bindDays = Number(bind);
  }
  if (!/^\d{1,4}$/.test(protection) || Number(protection) > 3650) errors.protectionDays = '保护期应为 0–3650 的整数';
  else if (bindDays !== null && Number(protection) > bindDays) errors.protectionDays = '保护期不应长于绑定天数';
  if (errors.bindDays || errors.protectionDays) return { settings: null, errors };
  return { settings: { bindDays, protectionDays: Number(protection) }, errors: null };
}
