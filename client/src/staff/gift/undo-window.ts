import type { GiftRedemptionView } from '@contract';

// 撤销 shows while the server would still accept it: a redemption not yet undone, before its
// undoUntil (the server's clock decides; a tap just after the end is answered UNDO_WINDOW_PASSED).

export function canUndo(redemption: Pick<GiftRedemptionView, 'status' | 'undoUntil'>, nowMs: number): boolean {
  return redemption.status === 'redeemed' && nowMs < Date.parse(redemption.undoUntil);
}

/** "9:59" left to undo, whole seconds rounded down; "0:00" once the window has passed. */
export function undoTimeLeft(undoUntil: string, nowMs: number): string {
  const seconds = Math.max(0, Math.floor((Date.parse(undoUntil) - nowMs) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
