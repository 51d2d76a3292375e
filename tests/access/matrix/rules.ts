import { MANAGERS, type MatrixRows, READERS } from './types';

// The console's rules actions (issue 8). Rules are brand-wide: no store manager, even of a store.

export const adminRows: MatrixRows = {
  getRules: { allowed: READERS },
  previewRules: { allowed: MANAGERS, input: () => ({ section: 'points', value: { pointsPerYuan: 2 } }) },
  saveRules: { allowed: MANAGERS, input: () => ({ section: 'brand', value: { name: '权限测试', logoText: '权', primaryColor: '#112233' } }) },
  cancelScheduledRules: { allowed: MANAGERS, input: () => ({ section: 'points', version: 99 }) },
};
