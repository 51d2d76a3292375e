import { z } from 'zod';
import { ANY_OPERATOR, type OperatorRole } from '../access/operator-roles';
import { action } from './define';

/** Who is signed in to the operator console, for its header and the pages its navigation offers. */
export interface ConsoleIdentity {
  openid: string;
  name: string;
  role: OperatorRole;
  roleLabel: string;
  /** A store manager's stores (id and name); empty for the other roles. */
  stores: { storeId: string; name: string }[];
  brandName: string;
}

export const consoleAdminActions = {
  whoami: action<ConsoleIdentity>()({ input: z.object({}).strict(), mutates: false, roles: ANY_OPERATOR }),
};
export type { OperatorRole } from '../access/operator-roles';
