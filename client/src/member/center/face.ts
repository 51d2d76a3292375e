import type { BenefitFace } from '../../components/coupon-card/benefit';

// 领券中心's items carry the server's summary lines, not the benefit itself, so the ticket's face
// is read from the benefit line the server writes (core/coupons/model.ts summaryLines):
// 满100元减20元, 无门槛减5元, [满100元]8折，最多减30元, 兑换：马克杯. It is then drawn like a held
// coupon in 券包 (¥20 large, 满100可用 small), instead of one long line wrapping in the narrow face.
// A line in any other shape is shown as it is (null here).

/** A yuan amount as the server writes it: 20, 10.5, 1,000. */
const N = '(\\d[\\d,]*(?:\\.\\d+)?)';

export function centerFace(line: string): BenefitFace | null {
  let match = new RegExp(`^满${N}元减${N}元$`).exec(line);
  if (match) return { prefix: '¥', value: match[2], suffix: '', condition: `满${match[1]}可用` };
  match = new RegExp(`^无门槛减${N}元$`).exec(line);
  if (match) return { prefix: '¥', value: match[1], suffix: '', condition: '无门槛' };
  match = new RegExp(`^(?:满${N}元)?(\\d(?:\\.\\d)?)折，(最多减${N}元)$`).exec(line);
  if (match) return { prefix: '', value: match[2], suffix: '折', condition: match[1] ? `满${match[1]}可用 · ${match[3]}` : match[3] };
  match = /^兑换：(.+)$/.exec(line);
  if (match) return { prefix: '', value: '兑换', suffix: '', condition: match[1] };
  return null;
}
