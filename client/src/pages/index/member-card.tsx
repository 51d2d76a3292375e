import { Text, View } from '@tarojs/components';
import type { MeResult } from '@contract';
import { brand as themeBrand, colors, readableOn, tierColor } from '../../theme';
import { formatFen, formatMemberNo, formatPoints } from '../../utils/format';

/** The member card: who, which tier, how many points, how much stored value. */
export function MemberCard({ me, onOpenTier, onOpenPoints }: { me: MeResult; onOpenTier?: () => void; onOpenPoints?: () => void }) {
  const { member, tier, balances, brand } = me;
  const cardColor = brand.primaryColor || colors.primary;
  const badgeColor = tierColor(tier.code, tier.color);
  const englishName = brand.name === themeBrand.name ? themeBrand.nameEn : '';

  return (
    <View className='member-card' id='member-card' style={{ backgroundColor: cardColor }}>
      <View className='member-card__glow' />
      <View className='member-card__head'>
        <View className='member-card__brand'>
          <View className='member-card__logo' style={{ color: cardColor }}>
            <Text>{brand.logoText || themeBrand.logoText}</Text>
          </View>
          <View className='member-card__brand-names'>
            <Text className='member-card__brand-name'>{brand.name}</Text>
            {englishName ? <Text className='member-card__brand-en'>{englishName}</Text> : null}
          </View>
        </View>
        <View
          className='member-card__tier'
          id='member-tier'
          data-tier={tier.code}
          style={{ backgroundColor: badgeColor, color: readableOn(badgeColor) }}
        >
          <Text>{tier.name}</Text>
        </View>
      </View>

      <View className='member-card__who'>
        <Text className='member-card__greeting'>你好，</Text>
        <Text className='member-card__nickname' id='member-nickname'>
          {member.nickname}
        </Text>
      </View>

      <View className='member-card__stats'>
        <View className='member-card__stat' id='member-points-stat' onClick={onOpenPoints}>
          <Text className='member-card__label'>积分{onOpenPoints ? ' · 兑好礼 ›' : ''}</Text>
          <Text className='member-card__value member-card__value--big' id='member-points'>
            {formatPoints(balances.points)}
          </Text>
          {me.pointsDebt > 0 ? (
            <Text className='member-card__debt' id='member-points-debt'>
              另有 {formatPoints(me.pointsDebt)} 积分待抵扣
            </Text>
          ) : null}
        </View>
        <View className='member-card__divider' />
        <View className='member-card__stat' id='member-wallet'>
          <Text className='member-card__label'>储值余额</Text>
          <Text className='member-card__value'>{formatFen(balances.walletPrincipal + balances.walletBonus)}</Text>
        </View>
      </View>

      <TierProgress progress={me.tierProgress} onOpen={onOpenTier} />

      <View className='member-card__foot'>
        <Text className='member-card__no' id='member-no'>
          No. {formatMemberNo(member.memberNo)}
        </Text>
        <Text className='member-card__growth'>成长值 {formatPoints(balances.growth)}</Text>
      </View>
    </View>
  );
}

/**
 * "再消费 ¥942.00 升级金卡会员" with a bar (growth counts one per yuan spent); the top tier just
 * says so. Tapping it opens the tier page.
 */
function TierProgress({ progress, onOpen }: { progress: MeResult['tierProgress']; onOpen?: () => void }) {
  const { growthInWindow, next } = progress;
  if (!next) {
    return (
      <View className='member-card__progress' id='member-tier-progress' onClick={onOpen}>
        <Text className='member-card__progress-text'>已是最高会员等级</Text>
      </View>
    );
  }
  const total = growthInWindow + next.growthNeeded;
  const percent = total > 0 ? Math.min(100, Math.floor((growthInWindow * 100) / total)) : 0;
  return (
    <View className='member-card__progress' id='member-tier-progress' data-growth={growthInWindow} onClick={onOpen}>
      <Text className='member-card__progress-text'>
        再消费 {formatFen(next.spendNeededFen)} 升级{next.name} ›
      </Text>
      <View className='member-card__bar'>
        <View className='member-card__bar-fill' style={{ width: `${Math.max(percent, 2)}%` }} />
      </View>
    </View>
  );
}

/** The card's shape while the snapshot loads. */
export function MemberCardSkeleton() {
  return (
    <View className='member-card member-card--skeleton' id='member-card-loading'>
      <View className='member-card__head'>
        <View className='member-card__brand'>
          <View className='skeleton skeleton--circle' />
          <View className='skeleton skeleton--line skeleton--w40' />
        </View>
        <View className='skeleton skeleton--pill' />
      </View>
      <View className='skeleton skeleton--line skeleton--w50 skeleton--tall' />
      <View className='member-card__stats'>
        <View className='skeleton skeleton--block skeleton--gap' />
        <View className='skeleton skeleton--block' />
      </View>
      <View className='skeleton skeleton--line skeleton--w60' />
    </View>
  );
}
