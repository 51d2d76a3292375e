import { buildMutant, removeMutants } from './mutants';
import { checkInvariants } from '../../scripts/sim/invariants';
import { type SeedResult, runSeed } from '../../scripts/sim/simulate';

// Paid membership and check-in in the randomized simulation (scripts/sim/membership-*.ts): a few
// seeds with the membership operations on (npm run sim runs them on every seed), the invariant
// checks on a corrupted dump, and planted defects the model or the invariants must catch.

const OPS = 200;

describe('simulation with paid membership and check-in', () => {
  let clean: SeedResult;
  beforeAll(async () => {
    clean = await runSeed(1, { ops: OPS, membership: true });
  }, 120_000);

  it.each([1, 2])('seed %i keeps every invariant', async (seed) => {
    const result = seed === 1 ? clean : await runSeed(seed, { ops: OPS, membership: true });
    const replay = `npm run sim -- --seed ${seed} --ops ${OPS}`;
    expect({ seed, replay, violations: result.violations, findings: result.findings }).toEqual({ seed, replay, violations: [], findings: [] });
    expect(result.stats.membership['periods bought']).toBeGreaterThan(0);
    expect(result.stats.membership['check-ins']).toBeGreaterThan(0);
  }, 120_000);

  it('notices overlapping periods, a second check-in document of a day and a negative quota in the dump', () => {
    const dump = clean.dump as any;
    const membership = dump.paidMemberships.find((m: any) => m.periods.filter((p: any) => !p.refunded).length >= 2);
    const [a, b] = membership.periods.filter((p: any) => !p.refunded && new Date(p.endsAt) > new Date(p.startsAt));
    const overlapping = { ...membership, periods: membership.periods.map((p: any) => (p === b ? { ...p, startsAt: new Date(new Date(a.endsAt).getTime() - 1000) } : p)) };
    const checkin = dump.checkins[0];
    const twin = { ...checkin, _id: `${checkin._id}-twin` };
    const violations = checkInvariants(
      {
        ...dump,
        paidMemberships: dump.paidMemberships.map((m: any) => (m === membership ? overlapping : m)),
        checkins: [...dump.checkins, twin],
        subscribeQuotas: [{ _id: 'q', memberId: 'm-quota', quotas: { monthlyPack: -1 } }],
      },
      clean.expected,
    );
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^membership: member ${membership._id} period ${b.outTradeNo} starts .*, before ${a.outTradeNo} ends`)),
        `check-in: 2 documents for ${checkin.memberId}:${checkin.day}`,
        'subscribe quota: member m-quota has -1 left for monthlyPack',
      ]),
    );
  });
});


afterAll(() => {
  removeMutants(['checkin-twice', 'periods-overlap']);
});

it('notices a check-in that credits its points twice (the model, and the invariants from the dump)', async () => {
  const functionsDir = await buildMutant('checkin-twice', 'core/engagement/checkin.ts', '{ amount: reward.points, expiresOn:', '{ amount: reward.points * 2, expiresOn:');
  const result = await runSeed(1, { ops: OPS, membership: true, functionsDir });
  expect(result.violations).toEqual(expect.arrayContaining([expect.stringMatching(/^model: member \d+ after check-in: points/), expect.stringMatching(/^check-in: \S+ rewards \d+ points; the ledger credits \d+ in 1 postings$/)]));
}, 180_000);

it('notices a renewal that starts now instead of after the period it stacks on', async () => {
  const functionsDir = await buildMutant('periods-overlap', 'core/membership/pricing.ts', 'const startsAt = stacked ? until! : now;', 'const startsAt = now;');
  const { dump, expected } = await runSeed(1, { ops: OPS, membership: true, functionsDir });
  expect(checkInvariants(dump, expected)).toEqual(expect.arrayContaining([expect.stringMatching(/^membership: member \S+ period \S+ starts .*, before \S+ ends/)]));
}, 180_000);
