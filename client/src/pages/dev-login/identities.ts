// Local development only (this page is in the H5 build alone): the people the local host seeds.

export interface LocalIdentity {
  openid: string;
  label: string;
  role: 'member' | 'staff' | 'operator' | string;
}

/** Shown when the local host does not answer GET /api/local/identities. */
export const DEFAULT_IDENTITIES: LocalIdentity[] = [
  { openid: 'demo-member-openid', label: '演示会员', role: 'member' },
  { openid: 'demo-staff-openid', label: '店员', role: 'staff' },
  { openid: 'demo-operator-openid', label: '运营', role: 'operator' },
];

export const ROLE_NAMES: Record<string, string> = { member: '会员', staff: '店员', operator: '运营' };

export async function fetchIdentities(): Promise<LocalIdentity[]> {
  const response = await fetch('/api/local/identities');
  if (!response.ok) throw new Error(`identities: HTTP ${response.status}`);
  const body = (await response.json()) as { identities?: LocalIdentity[] };
  if (!Array.isArray(body.identities) || body.identities.length === 0) throw new Error('identities: empty');
  return body.identities;
}

/** A first-time visitor: an openid nobody has used, so the home page registers a new member. */
export function newVisitorOpenid(): string {
  let suffix = '';
  while (suffix.length < 12) suffix += Math.random().toString(36).slice(2);
  return `visitor-${suffix.slice(0, 12)}`;
}
