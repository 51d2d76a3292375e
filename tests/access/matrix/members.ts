import type { MatrixRows } from './types';

// The console's members actions (issue 8).

export const adminRows: MatrixRows = {};
