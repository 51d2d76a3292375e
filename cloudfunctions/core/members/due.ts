import { findDocs } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { MEMBERS, type MemberDoc } from './collections';

/**
 * A member job's query for processEach: the next `batch` members whose `field` (an indexed
 * date: the tier review, the tier gifts due) has come, oldest first, leaving out `skip` (those
 * that failed this tick).
 */
export function membersDueBy(ctx: HandlerContext, field: 'tierReviewAt' | 'tierGiftsPendingAt', batch: number): (skip: string[]) => Promise<MemberDoc[]> {
  const _ = ctx.db.command;
  return (skip) =>
    findDocs<MemberDoc>(
      ctx.db
        .collection(MEMBERS)
        .where({ [field]: _.lte(ctx.now), ...(skip.length ? { _id: _.nin(skip) } : {}) })
        .orderBy(field, 'asc')
        .limit(batch),
    );
}
