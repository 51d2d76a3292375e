// Everything the stores hold belongs to one signed-in person. When another identity signs in
// (the H5 dev login page), every store that exists forgets its data; stores register here when
// they are created, so a store that was never loaded costs nothing.

const resets: (() => void)[] = [];

export function forgetOnSignOut(reset: () => void): void {
  resets.push(reset);
}

export function forgetSession(): void {
  for (const reset of resets) reset();
}
