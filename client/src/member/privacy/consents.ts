import type { ConsentPurpose, ConsentView } from '@contract';

// How 隐私与授权 reads the consent records: the latest record per purpose decides; with none,
// nothing was granted (marketing is opt-in).

export const PURPOSE_TEXT: Record<ConsentPurpose, { title: string; detail: string }> = {
  profile: { title: '个人资料', detail: '昵称、头像和生日，用于会员识别与生日权益' },
  phone: { title: '手机号', detail: '用于到店按号码找到你的会员身份' },
  marketing: { title: '营销消息', detail: '新品、活动和优惠通知；关闭后不影响积分、券和储值等服务消息' },
};

export function latestConsent(consents: ConsentView[], purpose: ConsentPurpose): ConsentView | null {
  let latest: ConsentView | null = null;
  for (const consent of consents) {
    if (consent.purpose !== purpose) continue;
    if (!latest || consent.at > latest.at) latest = consent;
  }
  return latest;
}

export function isGranted(consents: ConsentView[], purpose: ConsentPurpose): boolean {
  return latestConsent(consents, purpose)?.granted ?? false;
}
