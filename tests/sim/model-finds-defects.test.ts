import { buildMutant, removeMutants } from './mutants';
import { checkInvariants } from '../../scripts/sim/invariants';
import { runSeed } from '../../scripts/sim/simulate';

// The model earns its keep only if it notices wrong answers that still add up. Each case builds
// the functions from a copy of the source with one defect put back (the ones an independent
// review found), runs a seed, and expects the model, not the ledger's sums, to object.


afterAll(() => removeMutants(['refund-without-expiry', 'returns-as-drawn', 'refund-keeps-coupons', 'clawback-without-reversal']));

/**
 * The model's objections over up to ten seeds, stopping at the first seed that has one: which
 * seed first meets a defect depends on the plan, not on the model.
 */
async function violationsOver(functionsDir: string): Promise<string[]> {
  for (let seed = 1; seed <= 10; seed++) {
    const modelSays = (await runSeed(seed, { ops: 300, functionsDir })).violations.filter((v) => v.startsWith('model:'));
    if (modelSays.length > 0) return modelSays;
  }
  return [];
}

it('notices a purchase refund that does not expire ended buckets first', async () => {
  const functionsDir = await buildMutant(
    'refund-without-expiry',
    'core/purchases/refund.ts',
    'const expired = expireDue(accounts.points!, ctx.now, brand.timeZone);',
    'const expired = { after: accounts.points!, entries: [] as EntryDraft[] };',
  );
  expect(await violationsOver(functionsDir)).toEqual(expect.arrayContaining([expect.stringMatching(/^model: member \d+ after refund of \w+: points/)]));
}, 120_000);

it('notices refunded wallet payments that go back to their lot as drawn, off the lot’s line', async () => {
  const functionsDir = await buildMutant(
    'returns-as-drawn',
    'core/wallet/lots.ts',
    'const principal = principalBack(lot, amount);',
    'const principal = draws.filter((d) => d.lotId === lot.lotId).reduce((t, d) => t + d.principal, 0);',
  );
  expect(await violationsOver(functionsDir)).toEqual(expect.arrayContaining([expect.stringMatching(/^model: member \d+ after .*: lots/)]));
}, 120_000);

/** The invariants' objections (over the final dump alone, not the model) over up to ten seeds, stopping at the first seed with one. */
async function invariantViolationsOver(functionsDir: string): Promise<string[]> {
  for (let seed = 1; seed <= 10; seed++) {
    const { dump, expected } = await runSeed(seed, { ops: 300, functionsDir });
    const violations = checkInvariants(dump, expected);
    if (violations.length > 0) return violations;
  }
  return [];
}

it('notices, from the final dump alone, a purchase refund that leaves its coupons used', async () => {
  const functionsDir = await buildMutant(
    'refund-keeps-coupons',
    'core/purchases/refund.ts',
    'couponsReturned.push({ couponId, status: await giveCouponBack(tx, coupon, ctx.now) });',
    "couponsReturned.push({ couponId, status: 'available' });",
  );
  expect(await invariantViolationsOver(functionsDir)).toEqual(expect.arrayContaining([expect.stringMatching(/^purchase \w+ is refunded but coupon \w+ is still used by it$/)]));
}, 180_000);

it('notices, from the final dump alone, a referral clawback that forgets its reversal', async () => {
  const functionsDir = await buildMutant('clawback-without-reversal', 'core/referral/clawback.ts', '  if (entries.length) {', '  if (entries.length === -1) {');
  expect(await invariantViolationsOver(functionsDir)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^referral: reward \S+:inviter is clawed back but the ledger reverses 0 \(\+0 owed\) of its 300 points in 0 postings$/)]),
  );
}, 300_000);
