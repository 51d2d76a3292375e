import { callFunction } from '../api';
import { createResource } from './resource';

// The console's overview figures (members, points and stored value outstanding, today per store).

export const useOverview = createResource((silent) => callFunction('admin', 'overview', {}, { silent }));
