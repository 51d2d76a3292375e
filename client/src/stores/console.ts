import { callFunction } from '../api';
import { createResource } from './resource';

// Who is signed in to the operator console (role, their stores), for its header and navigation.

export const useConsoleIdentity = createResource((silent) => callFunction('admin', 'whoami', {}, { silent }));
