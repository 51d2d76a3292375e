import { useEffect, useState } from 'react';

/** The phone's clock, read again every `everyMs` while the screen is shown (for countdowns such as 撤销). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
