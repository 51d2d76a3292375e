import Taro from '@tarojs/taro';
import { useState } from 'react';
import { colors } from '../../theme';

export interface Ask {
  title: string;
  content: string;
  confirmText: string;
  cancelText: string;
}

export interface Outcome {
  title: string;
  content: string;
}

/**
 * For an action that cannot be undone (a refund): ask first with a red 确认, run it with the
 * button busy, then say what the server answered. A failed call has already toasted its reason
 * in Chinese, so nothing more is said then. A second tap while busy does nothing.
 */
export function useConfirmedAction<T>(run: () => Promise<T>, report: (result: T) => Outcome) {
  const [busy, setBusy] = useState(false);

  async function start(ask: Ask): Promise<void> {
    if (busy) return;
    const { confirm } = await Taro.showModal({ ...ask, confirmColor: colors.danger });
    if (!confirm) return;
    setBusy(true);
    try {
      const outcome = report(await run());
      await Taro.showModal({ ...outcome, showCancel: false, confirmText: '知道了' });
    } catch {
      // Already toasted by the call.
    } finally {
      setBusy(false);
    }
  }

  return { busy, start };
}
