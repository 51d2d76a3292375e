// The brand's operator roles and which of them may do what. Every admin action names the roles
// it admits (contract `roles`); the router refuses the others before the handler runs.

export const OPERATOR_ROLES = ['owner', 'manager', 'analyst', 'store_manager'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export const OPERATOR_ROLE_LABELS: Record<OperatorRole, string> = {
  owner: '品牌主',
  manager: '运营经理',
  analyst: '数据分析',
  store_manager: '店长',
};

/** Owners only: who runs the console (operators and their roles). */
export const OWNERS: readonly OperatorRole[] = ['owner'];
/** Owners and managers: rules, members' balances, refunds. */
export const MANAGERS: readonly OperatorRole[] = ['owner', 'manager'];
/** Everyone who may read the brand-wide figures (the analyst sees personal data masked). */
export const READERS: readonly OperatorRole[] = ['owner', 'manager', 'analyst'];
/** Store-level work: a store manager within their own stores, managers and owners anywhere. */
export const STORE_KEEPERS: readonly OperatorRole[] = ['owner', 'manager', 'store_manager'];
/** Every operator role (a store manager sees only their stores). */
export const ANY_OPERATOR: readonly OperatorRole[] = OPERATOR_ROLES;

/**
 * The largest manual points grant or deduction one call may make, by role: a manager's mistake
 * (or stolen session) is bounded; an owner can still correct a large error.
 */
export const ADJUST_POINTS_LIMIT: Partial<Record<OperatorRole, number>> = { owner: 1_000_000, manager: 10_000 };

export function isOperatorRole(value: unknown): value is OperatorRole {
  return typeof value === 'string' && (OPERATOR_ROLES as readonly string[]).includes(value);
}
