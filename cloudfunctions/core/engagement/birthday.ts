import { type LoadedBrandSettings, loadBrandSettings } from '../brand/settings';
import { type Job, processEach } from '../jobs/registry';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { type BirthdayWindow, inBirthdayWindow } from '../membership/birthday-window';
import { findDocs } from '../platform/documents';
import { dayjs, inBrandZone } from '../platform/time';
import type { HandlerContext } from '../router/context';
import { effectiveTier } from '../tiers/member-tier';
import { giveGift } from './gifts';

// The birthday gift (issue 12): the tier's `benefits.birthdayGift` (points and coupons), once a
// year, by the `birthday-gifts` job, when the member's birthday window (brand setting
// engagement.birthday.window: the day itself or its calendar month, brand zone; the pure
// inBirthdayWindow of core/membership/birthday-window.ts) contains the day.
//
// Reads only the members it may owe: `birthdayMD` ('MM-DD', written with the birthday) in the
// window's days, and `birthdayGiftYear` not yet that window's year (index: birthdayMD,
// birthdayGiftYear). Settling a member stamps the year in the points' transaction, which takes
// them out of the query: the stamp is the cursor. Coupons are issued under
// `birthday:<memberId>:<year>:<templateId>`, points are one posting under `birthday:<memberId>:<year>`.
// Once a year however often the job runs; a job that ran late (down for a day or two) still
// gives the gift of a window that ended up to LATE_DAYS days ago, once. A birthday set in the
// middle of its month (month window) is found on the next tick. The tier is the one in effect
// when the gift is given; a tier without a birthday gift settles the year with nothing.

const JOB = 'birthday-gifts';
const BATCH = 100;
/** How many days after its window ends a birthday gift is still given (the job was down). */
export const LATE_DAYS = 2;

export const birthdayGiftKey = (memberId: string, year: number) => `birthday:${memberId}:${year}`;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The birthdays ('MM-DD') whose window contains the brand-zone day of `moment`, and that window's
 * year. 'day': that day (and 02-29 on 28 February of a common year); 'month': every day of its
 * month. Agrees with inBirthdayWindow (tested). Pure.
 */
export function birthdaysInWindow(moment: Date, timeZone: string, window: BirthdayWindow): { year: number; mds: string[] } {
  const local = inBrandZone(moment, timeZone);
  const month = pad(local.month() + 1);
  if (window === 'month') return { year: local.year(), mds: Array.from({ length: 31 }, (_, i) => `${month}-${pad(i + 1)}`) };
  const mds = [`${month}-${pad(local.date())}`];
  if (month === '02' && local.date() === 28 && local.daysInMonth() === 28) mds.push('02-29');
  return { year: local.year(), mds };
}

/**
 * The windows a tick at `now` gives for: today's and those of the LATE_DAYS days before, grouped
 * by year (a window's year is the year of its days), oldest first, each birthday once (in the
 * latest window it is in, for that year). Pure.
 */
export function windowsDue(now: Date, timeZone: string, window: BirthdayWindow): { year: number; mds: string[] }[] {
  const byYear = new Map<number, Set<string>>();
  for (let k = LATE_DAYS; k >= 0; k--) {
    const { year, mds } = birthdaysInWindow(dayjs(now).subtract(k, 'day').toDate(), timeZone, window);
    const set = byYear.get(year) ?? new Set<string>();
    mds.forEach((md) => set.add(md));
    byYear.set(year, set);
  }
  return [...byYear.entries()].sort(([a], [b]) => a - b).map(([year, mds]) => ({ year, mds: [...mds].sort() }));
}

type Due = MemberDoc & { windowYear: number };

async function giveBirthdayGift(ctx: HandlerContext, brand: LoadedBrandSettings, member: Due): Promise<void> {
  const tier = effectiveTier(member, brand, ctx.now);
  const gift = member.deletedAt ? undefined : tier.benefits.birthdayGift;
  const year = member.windowYear;
  const outcome = await giveGift(
    ctx,
    brand,
    member._id,
    { points: gift?.points ?? 0, couponTemplateIds: gift?.couponTemplateIds ?? [] },
    { job: JOB, source: 'birthday', key: birthdayGiftKey(member._id, year), reason: `${year} 年生日礼` },
    async (tx) => {
      await tx.collection(MEMBERS).doc(member._id).update({ data: { birthdayGiftYear: year } });
    },
  );
  // Given before yet still unstamped (the query found it): stamp it, so the query moves on.
  if (outcome === 'replayed') await ctx.db.collection(MEMBERS).doc(member._id).update({ data: { birthdayGiftYear: year } });
}

export const birthdayGiftsJob: Job = {
  name: JOB,
  async run(ctx, deadline) {
    const brand = await loadBrandSettings(ctx.db, ctx.now);
    const windows = windowsDue(ctx.now, brand.timeZone, brand.engagement.birthday.window);
    const _ = ctx.db.command;
    const next = async (skip: string[]): Promise<Due[]> => {
      for (const { year, mds } of windows) {
        const found = await findDocs<MemberDoc>(
          ctx.db
            .collection(MEMBERS)
            .where({ birthdayMD: _.in(mds), birthdayGiftYear: _.neq(year), ...(skip.length ? { _id: _.nin(skip) } : {}) })
            .orderBy('_id', 'asc')
            .limit(BATCH),
        );
        if (found.length) return found.map((m) => ({ ...m, windowYear: year }));
      }
      return [];
    };
    return processEach(ctx, JOB, deadline, next, (member) => giveBirthdayGift(ctx, brand, member));
  },
};

/** Exported for the tests: the rule the query stands for. */
export function owesBirthdayGift(member: Pick<MemberDoc, 'birthday' | 'birthdayGiftYear'>, now: Date, timeZone: string, window: BirthdayWindow): number | null {
  for (let k = 0; k <= LATE_DAYS; k++) {
    const moment = dayjs(now).subtract(k, 'day').toDate();
    if (inBirthdayWindow(member.birthday, moment, timeZone, window)) {
      const year = inBrandZone(moment, timeZone).year();
      return member.birthdayGiftYear === year ? null : year;
    }
  }
  return null;
}
