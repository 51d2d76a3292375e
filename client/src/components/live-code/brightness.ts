import Taro from '@tarojs/taro';
import { useRef } from 'react';

/**
 * Full brightness while a code (the member code, a gift coupon) is on screen, so a scanner reads it at once; the level
 * the member had is restored on leave. WeChat only (a browser cannot set it); failures are
 * harmless and ignored.
 */
export function useScreenBrightness(): { raise: () => void; restore: () => void } {
  const saved = useRef<number | null>(null);
  // Leaving before getScreenBrightness answers must not raise the brightness afterwards.
  const shown = useRef(false);

  function raise() {
    if (process.env.TARO_ENV !== 'weapp') return;
    shown.current = true;
    Taro.getScreenBrightness()
      .then(({ value }) => {
        if (!shown.current) return undefined;
        if (saved.current === null) saved.current = value;
        return Taro.setScreenBrightness({ value: 1 });
      })
      .catch(() => undefined);
    Taro.setKeepScreenOn({ keepScreenOn: true }).catch(() => undefined);
  }

  function restore() {
    if (process.env.TARO_ENV !== 'weapp') return;
    shown.current = false;
    const value = saved.current;
    saved.current = null;
    if (value !== null) Taro.setScreenBrightness({ value }).catch(() => undefined);
    Taro.setKeepScreenOn({ keepScreenOn: false }).catch(() => undefined);
  }

  return { raise, restore };
}
