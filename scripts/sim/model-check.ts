import type { Driver } from './driver';
import { windowGrowth } from './ledger-model';
import type { SimMember } from './model';

// Compares one member's accounts and tier in the database with what the model says they must
// be. Run after each of the member's operations (a member's operations never run at once, so
// nothing else moves them meanwhile) and once more at the end.

interface Doc {
  _id: string;
  [field: string]: any;
}

export function checkMemberAgainstModel(driver: Driver, member: SimMember, after: string): void {
  if (member.unknown) return;
  driver.stats.modelChecks += 1;
  const { ledger } = member;
  const accounts = new Map<string, Doc>(driver.cloud.db.dump('accounts').filter((a: Doc) => a.memberId === member.memberId).map((a: Doc) => [a.asset, a]));
  const doc = driver.cloud.db.dump('members').find((m: Doc) => m._id === member.memberId) as Doc;
  const points = accounts.get('points')!;
  const growth = accounts.get('growth')!;
  const principal = accounts.get('wallet_principal')!;
  const bonus = accounts.get('wallet_bonus')!;
  const now = driver.serverNow();

  const differences: string[] = [];
  const same = (what: string, actual: unknown, expected: unknown) => {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) differences.push(`${what} ${JSON.stringify(actual)}, model ${JSON.stringify(expected)}`);
  };
  same('points', points.balance, ledger.points);
  same('debt', points.debt, ledger.debt);
  same('buckets', points.buckets.filter((b: Doc) => b.remaining > 0).map((b: Doc) => [b.expiresOn, b.remaining]), [...ledger.buckets].sort(([a], [b]) => (a < b ? -1 : 1)));
  same('growth', growth.balance, ledger.growth);
  same('window growth', windowGrowth(new Map(Object.entries(growth.months as Record<string, number>)), now), ledger.windowGrowth(now));
  same('tier', doc.tierCode, ledger.tier);
  same('downgrade notice', doc.downgradeNotice?.toCode ?? null, ledger.notice?.to ?? null);
  same('principal', principal.balance, ledger.principal);
  same('bonus', bonus.balance, ledger.bonus);
  same(
    'lots',
    principal.lots.map((l: Doc) => [l.lotId, l.principalLeft, l.bonusLeft, l.refunded]),
    ledger.lots.map((l) => [l.lotId, l.pL, l.bL, l.refunded]),
  );
  // Each of the member's coupons: as stored (available / used / expired) and what uses it.
  const index = driver.model.members.indexOf(member);
  same(
    'coupons',
    driver.cloud.db
      .dump('coupons')
      .filter((c: Doc) => c.memberId === member.memberId)
      .map((c: Doc) => [c._id, c.status, c.usedBy?.id ?? null])
      .sort(byFirst),
    driver.model.coupons
      .ofMember(index)
      .map((c) => [c.couponId, c.status, c.usedBy?.id ?? null])
      .sort(byFirst),
  );
  for (const difference of differences) driver.model.problems.push(`model: member ${member.memberNo} after ${after}: ${difference} (seed ${driver.seed})`);
}


function byFirst(a: unknown[], b: unknown[]): number {
  return String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0;
}
