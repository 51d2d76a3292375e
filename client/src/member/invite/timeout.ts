/** A slow avatar gives way to the brand mark after this long, so a poster always appears. */
export const AVATAR_TIMEOUT_MS = 3000;

/** `promise`, or a rejection after `ms`: a slow image must not hold the poster back. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
