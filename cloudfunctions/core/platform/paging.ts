import type { Database } from './cloud';

// Newest-first pages over (createdAt, _id): the cursor is the last document's time and id, so
// pages stay stable while new documents arrive. The contract's `pageCursor` checks its shape.

type Command = Database['command'];
type Condition = Parameters<ReturnType<Database['collection']>['where']>[0];

export function nextCursor(page: { createdAt: Date | string; _id: string }[], hasMore: boolean): string | null {
  const last = page[page.length - 1];
  return hasMore && last ? `${new Date(last.createdAt).getTime()}|${last._id}` : null;
}

/** `where` limited to what comes after the cursor, newest first. */
export function afterCursor(_: Command, where: Record<string, unknown>, cursor: string | undefined): Condition {
  if (!cursor) return where;
  const [ms, id] = cursor.split('|');
  const at = new Date(Number(ms));
  return _.and([where, _.or([{ createdAt: _.lt(at) }, { createdAt: at, _id: _.lt(id) }])]);
}
