import { callFunction } from '../api';
import { createResource } from './resource';

/** Which work entries 我的 shows; the staff and admin functions check the role on every call anyway. */
export const useMyRoles = createResource((silent) => callFunction('member', 'myRoles', {}, { silent }));
