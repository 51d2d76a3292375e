import { type MatrixRows, READERS } from './types';

// Issue 12, subscribe messages: the sent / skipped / consent counters are read by anyone who reads reports.

export const adminRows: MatrixRows = {
  subscribeMessageStats: { allowed: READERS, input: () => ({ from: '2026-06-01', to: '2026-06-07' }) },
};
