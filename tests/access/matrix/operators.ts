import type { MatrixRows } from './types';

// The console's operators actions (issue 8).

export const adminRows: MatrixRows = {};
