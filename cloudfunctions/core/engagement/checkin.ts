import type { CheckInCalendarResult, CheckInResult, CheckInRewardView } from '../contract';
import { type LoadedBrandSettings, loadBrandSettings } from '../brand/settings';
import { issueCoupon } from '../coupons/claim';
import { COUPON_TEMPLATES, type CouponTemplateDoc } from '../coupons/collections';
import { loadAccounts } from '../ledger/accounts';
import { idempotentThenCallOut } from '../ledger/idempotency';
import { writePosting } from '../ledger/posting';
import type { MemberDoc } from '../members/collections';
import { refuseDeleted, requireMember } from '../members/lookup';
import { BusinessError } from '../platform/business-error';
import { type StoredDoc, type Tx, findDocs, getDocById, txGet } from '../platform/documents';
import { inBrandZone } from '../platform/time';
import { expiryDayFor } from '../points/earn';
import { expireDue } from '../points/expire-lazily';
import { creditPoints, debitPoints } from '../points/operations';
import type { HandlerContext } from '../router/context';
import {
  type CheckInRules,
  addDays,
  currentRun,
  daysOfMonth,
  isCalendarDay,
  makeUpCandidates,
  makeUpRefusal,
  monthOf,
  nextReward,
  rewardFor,
  runsOf,
  streakDayOf,
  weekStart,
} from './checkin-rules';

// Daily check-in (签到). One document per member per brand-zone day, `checkins/<memberId>:<day>`:
// its id makes a second check-in of the day a write to an existing document, so of any number
// of racing check-ins one commits and the others, retried by the transaction, find it and are
// refused (ALREADY_CHECKED_IN). The reward is posted in the same transaction; a coupon reward is
// issued right after it commits, keyed `checkin:<memberId>:<day>` (once, even on retries).

export const CHECKINS = 'checkins';
/** Per member: the last day checked and the make-ups made per month (the monthly limit). */
export const CHECKIN_MEMBERS = 'checkin_members';

export interface CheckInDoc extends StoredDoc {
  memberId: string;
  day: string;
  month: string;
  /** Consecutive checked days ending at this day; a make-up that joins two runs rewrites it for the later days. */
  run: number;
  madeUp: boolean;
  /** What this check-in earned when it was made (a make-up earns nothing: null). */
  reward: { streakDay: number; points: number; couponTemplateId: string | null } | null;
  postingId: string | null;
  createdAt: Date;
}

export interface CheckInMemberDoc extends StoredDoc {
  memberId: string;
  lastDay: string;
  /** Make-ups made per brand-zone month 'YYYY-MM' (of the day the make-up was made). */
  makeUps: Record<string, number>;
  updatedAt: Date;
}

const checkinId = (memberId: string, day: string) => `${memberId}:${day}`;

function todayOf(ctx: HandlerContext, brand: LoadedBrandSettings): string {
  return inBrandZone(ctx.now, brand.timeZone).format('YYYY-MM-DD');
}

/**
 * The brand-zone day the member joined: days before it are never offered nor accepted as
 * make-ups (there was no member to miss them). A document without its moment has no such bound.
 */
function joinedDayOf(member: MemberDoc, brand: LoadedBrandSettings): string {
  return member.registeredAt ? inBrandZone(new Date(member.registeredAt), brand.timeZone).format('YYYY-MM-DD') : '0000-01-01';
}

/** The days whose documents decide the streak and the make-ups: the day before this week's Monday through today. */
function windowDays(today: string): string[] {
  const days: string[] = [];
  for (let day = addDays(weekStart(today), -1); day <= today; day = addDays(day, 1)) days.push(day);
  return days;
}

async function readWindowInTx(tx: Tx, memberId: string, today: string): Promise<CheckInDoc[]> {
  const docs: CheckInDoc[] = [];
  for (const day of windowDays(today)) {
    const doc = await txGet<CheckInDoc>(tx, CHECKINS, checkinId(memberId, day));
    if (doc) docs.push({ ...doc, _id: checkinId(memberId, day) });
  }
  return docs;
}

async function readWindow(ctx: HandlerContext, memberId: string, today: string): Promise<CheckInDoc[]> {
  const _ = ctx.db.command;
  return findDocs<CheckInDoc>(ctx.db.collection(CHECKINS).where({ _id: _.in(windowDays(today).map((day) => checkinId(memberId, day))) }).limit(10));
}

async function readMonth(ctx: HandlerContext, memberId: string, month: string): Promise<CheckInDoc[]> {
  // Indexed on (memberId, month); a month has at most 31 documents.
  return findDocs<CheckInDoc>(ctx.db.collection(CHECKINS).where({ memberId, month }).limit(31));
}

/** The coupon names of the rewards that are coupons (for the calendar's reward list). */
async function couponNames(ctx: HandlerContext, rules: CheckInRules): Promise<Map<string, string>> {
  const ids = [...new Set(rules.rewards.map((r) => r.couponTemplateId).filter((id): id is string => !!id))];
  if (ids.length === 0) return new Map();
  const _ = ctx.db.command;
  const templates = await findDocs<CouponTemplateDoc>(ctx.db.collection(COUPON_TEMPLATES).where({ _id: _.in(ids) }).limit(ids.length));
  return new Map(templates.map((t) => [t._id, t.name]));
}

/** The calendar from what was read: the month's documents, the week window's (fresher), the make-ups used. */
function calendarOf(input: {
  month: string;
  today: string;
  joinedDay: string;
  monthDocs: CheckInDoc[];
  windowDocs: CheckInDoc[];
  makeUpsThisMonth: number;
  rules: CheckInRules;
  names: Map<string, string>;
}): CheckInCalendarResult {
  const { month, today, rules } = input;
  const byDay = new Map<string, CheckInDoc>();
  for (const doc of [...input.monthDocs, ...input.windowDocs]) byDay.set(doc.day, doc);
  const inMonth = daysOfMonth(month).filter((day) => byDay.has(day));
  const checked = new Set(input.windowDocs.map((doc) => doc.day));
  const runs = new Map(input.windowDocs.map((doc) => [doc.day, doc.run]));
  const run = currentRun(today, runs);
  const name = (id: string) => input.names.get(id) ?? null;
  const next = nextReward(run, rules);
  return {
    month,
    today,
    checkedDays: inMonth,
    madeUpDays: inMonth.filter((day) => byDay.get(day)!.madeUp),
    checkedToday: checked.has(today),
    streak: streakDayOf(run, rules),
    next: next ? { inDays: next.inDays, reward: rewardFor(next.reward.streakDay, rules, name) } : null,
    rewards: [...rules.rewards].sort((a, b) => a.streakDay - b.streakDay).map((r) => rewardFor(r.streakDay, rules, name)),
    makeUp: {
      days: makeUpCandidates(today, checked, input.joinedDay),
      costPoints: rules.makeUpCostPoints,
      leftThisMonth: Math.max(0, rules.makeUpPerMonth - input.makeUpsThisMonth),
    },
  };
}

/** member.checkInCalendar: a month (default: this one) of check-ins, the streak, the next reward and what may be made up. */
export async function checkInCalendar(ctx: HandlerContext, input: { month?: string }): Promise<CheckInCalendarResult> {
  const member = refuseDeleted(await requireMember(ctx));
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  const rules = brand.engagement.checkIn;
  const today = todayOf(ctx, brand);
  const month = input.month ?? monthOf(today);
  const [monthDocs, windowDocs, summary, names] = await Promise.all([
    readMonth(ctx, member._id, month),
    readWindow(ctx, member._id, today),
    getDocById<CheckInMemberDoc>(ctx.db, CHECKIN_MEMBERS, member._id),
    couponNames(ctx, rules),
  ]);
  return calendarOf({ month, today, joinedDay: joinedDayOf(member, brand), monthDocs, windowDocs, makeUpsThisMonth: summary?.makeUps?.[monthOf(today)] ?? 0, rules, names });
}

interface Stored {
  result: CheckInResult;
  coupon: { templateId: string; day: string } | null;
}

/** Issues a coupon reward once (issueCoupon's key); a refusal (out of stock, paused) leaves the check-in as it is. */
async function issueReward(ctx: HandlerContext, memberId: string, stored: Stored): Promise<CheckInResult> {
  if (stored.coupon) {
    try {
      await issueCoupon(ctx, { memberId, templateId: stored.coupon.templateId, key: `checkin:${memberId}:${stored.coupon.day}`, source: 'checkin' });
    } catch (error) {
      // Retried on the next delivery of this request (a replay calls out again); otherwise lost, as a sold-out coupon is.
      console.warn('check-in coupon not issued', (error as BusinessError).code ?? error);
    }
  }
  return stored.result;
}

/**
 * member.checkIn: today's check-in (brand zone). The streak continues from yesterday's
 * check-in or restarts at 1; after the last reward day it starts again at day 1. The streak
 * day's points are posted in the same transaction; its coupon is issued right after.
 */
export async function checkIn(ctx: HandlerContext, input: Record<string, never>): Promise<CheckInResult> {
  const member = refuseDeleted(await requireMember(ctx));
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  const rules = brand.engagement.checkIn;
  const today = todayOf(ctx, brand);
  const [monthDocs, names] = await Promise.all([readMonth(ctx, member._id, monthOf(today)), couponNames(ctx, rules)]);
  return idempotentThenCallOut<Stored, CheckInResult>(
    ctx,
    { scope: `member:${ctx.openid}:checkIn`, requestId: ctx.requestId!, input },
    async (tx, postingId) => {
      const id = checkinId(member._id, today);
      if (await txGet<CheckInDoc>(tx, CHECKINS, id)) throw new BusinessError('ALREADY_CHECKED_IN');
      const windowDocs = await readWindowInTx(tx, member._id, today);
      const summary = await txGet<CheckInMemberDoc>(tx, CHECKIN_MEMBERS, member._id);
      const yesterday = windowDocs.find((doc) => doc.day === addDays(today, -1));
      const run = runsOf([today], yesterday ? { day: yesterday.day, run: yesterday.run } : null).get(today)!;
      const streakDay = streakDayOf(run, rules);
      const reward = rewardFor(streakDay, rules, (templateId) => names.get(templateId) ?? null);

      const { points } = await loadAccounts(tx, member._id, ['points'] as const);
      let balance = points.balance;
      let posted: string | null = null;
      if (reward.points > 0) {
        const expired = expireDue(points, ctx.now, brand.timeZone);
        const source = { type: 'checkin', id };
        const change = creditPoints(
          expired.after,
          { amount: reward.points, expiresOn: expiryDayFor(ctx.now, brand.points, brand.timeZone), kind: 'grant', reason: `签到奖励（连续第 ${streakDay} 天）`, source },
          brand.timeZone,
        );
        const ruleVersions = { points: brand.ruleVersions.points };
        await writePosting(tx, {
          postingId,
          memberId: member._id,
          actor: { type: 'member', id: ctx.openid },
          createdAt: ctx.now,
          entries: [...expired.entries, ...change.entries.map((entry) => ({ ...entry, ruleVersions }))],
          changes: [{ before: points, after: change.after }],
        });
        balance = change.after.balance;
        posted = postingId;
      }
      const doc: CheckInDoc = {
        _id: id,
        memberId: member._id,
        day: today,
        month: monthOf(today),
        run,
        madeUp: false,
        reward: { streakDay, points: reward.points, couponTemplateId: reward.couponTemplateId },
        postingId: posted,
        createdAt: ctx.now,
      };
      const { _id, ...fields } = doc;
      await tx.collection(CHECKINS).doc(_id).set({ data: fields });
      await tx.collection(CHECKIN_MEMBERS).doc(member._id).set({ data: { memberId: member._id, lastDay: today, makeUps: summary?.makeUps ?? {}, updatedAt: ctx.now } });
      const calendar = calendarOf({ month: monthOf(today), today, joinedDay: joinedDayOf(member, brand), monthDocs, windowDocs: [...windowDocs, doc], makeUpsThisMonth: summary?.makeUps?.[monthOf(today)] ?? 0, rules, names });
      return {
        result: { day: today, streak: streakDay, reward, pointsBalance: balance, calendar },
        coupon: reward.couponTemplateId ? { templateId: reward.couponTemplateId, day: today } : null,
      };
    },
    (stored) => issueReward(ctx, member._id, stored),
  );
}

const MAKE_UP_MESSAGES = {
  NOT_THIS_WEEK: '只能补签本周内漏签的日子',
  NOT_BEFORE_TODAY: '只能补签今天以前漏签的日子',
  BEFORE_JOINING: '只能补签入会以后漏签的日子',
  ALREADY_CHECKED: '这一天已经签到过了',
} as const;

/**
 * member.makeUpCheckIn (补签): a missed day of this week (brand zone, Monday first) before today
 * and not before the day the member joined, for `makeUpCostPoints`, at most `makeUpPerMonth` make-ups a month (counted in the month the
 * make-up is made). It earns no streak reward itself: it only fills the gap, so a run before it
 * and a run after it join into one streak (the later check-ins' runs are rewritten; rewards
 * already given stay as they were).
 */
export async function makeUpCheckIn(ctx: HandlerContext, input: { day: string }): Promise<CheckInResult> {
  if (!isCalendarDay(input.day)) throw new BusinessError('INVALID_INPUT', '日期无效', 'day');
  const member = refuseDeleted(await requireMember(ctx));
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  const rules = brand.engagement.checkIn;
  const today = todayOf(ctx, brand);
  const joinedDay = joinedDayOf(member, brand);
  // Refused before the request is recorded when the day alone says no (nothing to record).
  const early = makeUpRefusal(input.day, today, new Set(), 0, { ...rules, makeUpPerMonth: Number.POSITIVE_INFINITY }, joinedDay);
  if (early) throw new BusinessError('MAKE_UP_NOT_ALLOWED', MAKE_UP_MESSAGES[early as keyof typeof MAKE_UP_MESSAGES]);
  const thisMonth = monthOf(today);
  const [monthDocs, names] = await Promise.all([readMonth(ctx, member._id, thisMonth), couponNames(ctx, rules)]);
  return idempotentThenCallOut<Stored, CheckInResult>(
    ctx,
    { scope: `member:${ctx.openid}:makeUpCheckIn`, requestId: ctx.requestId!, input },
    async (tx, postingId) => {
      const windowDocs = await readWindowInTx(tx, member._id, today);
      const summary = await txGet<CheckInMemberDoc>(tx, CHECKIN_MEMBERS, member._id);
      const used = summary?.makeUps?.[thisMonth] ?? 0;
      const checked = new Set(windowDocs.map((doc) => doc.day));
      const refusal = makeUpRefusal(input.day, today, checked, used, rules, joinedDay);
      if (refusal === 'LIMIT_REACHED') throw new BusinessError('MAKE_UP_LIMIT_REACHED', `本月补签次数已用完（每月 ${rules.makeUpPerMonth} 次）`);
      if (refusal) throw new BusinessError('MAKE_UP_NOT_ALLOWED', MAKE_UP_MESSAGES[refusal]);

      const id = checkinId(member._id, input.day);
      const { points } = await loadAccounts(tx, member._id, ['points'] as const);
      let balance = points.balance;
      let posted: string | null = null;
      if (rules.makeUpCostPoints > 0) {
        const expired = expireDue(points, ctx.now, brand.timeZone);
        const change = debitPoints(expired.after, { amount: rules.makeUpCostPoints, kind: 'spend', reason: `补签 ${input.day}`, source: { type: 'checkin_makeup', id } }, brand.timeZone);
        await writePosting(tx, {
          postingId,
          memberId: member._id,
          actor: { type: 'member', id: ctx.openid },
          createdAt: ctx.now,
          entries: [...expired.entries, ...change.entries],
          changes: [{ before: points, after: change.after }],
        });
        balance = change.after.balance;
        posted = postingId;
      }

      // The runs from the day before this week's Monday on, with the made-up day filled in.
      const carryDoc = windowDocs.find((doc) => doc.day === addDays(weekStart(today), -1));
      const runs = runsOf([...checked, input.day], carryDoc ? { day: carryDoc.day, run: carryDoc.run } : null);
      const doc: CheckInDoc = {
        _id: id,
        memberId: member._id,
        day: input.day,
        month: monthOf(input.day),
        run: runs.get(input.day)!,
        madeUp: true,
        reward: null,
        postingId: posted,
        createdAt: ctx.now,
      };
      const { _id, ...fields } = doc;
      await tx.collection(CHECKINS).doc(_id).set({ data: fields });
      const updated = windowDocs.map((d) => ({ ...d, run: runs.get(d.day) ?? d.run }));
      for (const d of updated) if (d.day > input.day && d.run !== windowDocs.find((w) => w.day === d.day)!.run) await tx.collection(CHECKINS).doc(d._id).update({ data: { run: d.run } });
      await tx.collection(CHECKIN_MEMBERS).doc(member._id).set({
        data: { memberId: member._id, lastDay: summary?.lastDay ?? input.day, makeUps: { ...(summary?.makeUps ?? {}), [thisMonth]: used + 1 }, updatedAt: ctx.now },
      });
      const windowAfter = [...updated, doc];
      const calendar = calendarOf({ month: thisMonth, today, joinedDay, monthDocs, windowDocs: windowAfter, makeUpsThisMonth: used + 1, rules, names });
      const reward: CheckInRewardView = { streakDay: streakDayOf(doc.run, rules), points: 0, couponTemplateId: null, couponName: null };
      return { result: { day: input.day, streak: calendar.streak, reward, pointsBalance: balance, calendar }, coupon: null };
    },
    (stored) => issueReward(ctx, member._id, stored),
  );
}

export const engagementMemberHandlers = {
  checkIn,
  makeUpCheckIn,
  checkInCalendar,
};
