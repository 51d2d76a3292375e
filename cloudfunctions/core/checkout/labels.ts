// Chinese text for the checkout breakdown, from integers only (no float formatting of money):
// the cashier and the member read the same lines.

export { yuanText, zheText } from '../platform/money-text';

export function pointsText(points: number): string {
  return points.toLocaleString('en-US');
}
