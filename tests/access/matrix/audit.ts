import type { MatrixRows } from './types';

// The console's audit actions (issue 8).

export const adminRows: MatrixRows = {};
