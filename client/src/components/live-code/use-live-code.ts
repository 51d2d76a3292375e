import { useDidHide, useDidShow } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { nextLoadAt } from '../../stores/member-code-schedule';
import type { LiveCode, LiveCodeStore } from '../../stores/live-code';
import { useScreenBrightness } from './brightness';

/**
 * Keeps a code fresh while its page is on screen and `active`: a fresh code on every show, then
 * a new one on the code's schedule (after a failure 2 s, 4 s, 8 s… at most 30 s between tries),
 * the screen at full brightness, all of it stopped and restored when the page is hidden or left.
 * Answers the clock (phone time, once a second) the page judges the code by.
 */
export function useLiveCode<T extends LiveCode>(store: LiveCodeStore<T>, active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  const [visible, setVisible] = useState(true);
  const brightness = useScreenBrightness();
  useDidShow(() => setVisible(true));
  useDidHide(() => setVisible(false));

  useEffect(() => {
    if (!active || !visible) return undefined;
    brightness.raise();
    // Back on screen: judge the code by the time now, not by when the page was left.
    setNow(Date.now());
    void store.getState().load();
    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      const state = store.getState();
      if (!state.refreshing && at >= nextLoadAt(state)) void state.load();
    }, 1000);
    // Also runs when the page unloads (the component unmounts).
    return () => {
      clearInterval(timer);
      brightness.restore();
    };
    // brightness is left out: it keeps its state in refs, so any render's functions do.
  }, [active, visible, store]);

  return now;
}
