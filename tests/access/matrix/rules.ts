import type { MatrixRows } from './types';

// The console's rules actions (issue 8).

export const adminRows: MatrixRows = {};
