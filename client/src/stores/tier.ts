import { callFunction } from '../api';
import { createResource } from './resource';

/** The tier page: current tier and benefits, every tier, progress, notices. */
export const useTierInfo = createResource((silent) => callFunction('member', 'tierInfo', {}, { silent }));
