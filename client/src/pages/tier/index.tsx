import { Text, View } from '@tarojs/components';
import type { TierBenefitsView, TierInfoResult } from '@contract';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { ErrorState } from '../../components/list-states';
import { useTierInfo } from '../../stores/tier';
import { readableOn, tierColor } from '../../theme';
import { formatDate, formatDiscount, formatFen, formatMultiplier, formatPoints } from '../../utils/format';
import './index.scss';

/** 会员等级: where I stand, what the next tier needs, what every tier gives. */
export default function TierPage() {
  const info = useTierInfo((state) => state.data);
  const status = useTierInfo((state) => state.status);
  const error = useTierInfo((state) => state.error);
  const load = useTierInfo((state) => state.load);

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  if (!info) {
    return (
      <View className='page tier'>
        {status === 'error' ? (
          <ErrorState id='tier-error' title='会员等级没有加载出来' message={error ?? ''} onRetry={() => void load()} />
        ) : (
          <View className='tier__current tier__current--skeleton' id='tier-loading' />
        )}
      </View>
    );
  }

  return (
    <View className='page tier'>
      <CurrentTier info={info} />
      {info.override ? (
        <View className='tier__notice' id='tier-override'>
          <Text className='tier__notice-title'>等级保留</Text>
          <Text className='tier__notice-text'>
            你的 {info.override.tier.name} 保留至 {formatDate(info.override.until)}，之后按近 {info.windowMonths} 个月消费重新评定。
          </Text>
        </View>
      ) : null}
      {info.keep && !info.downgradeNotice ? (
        <View className='tier__notice' id='tier-keep'>
          <Text className='tier__notice-title'>保级条件</Text>
          <Text className='tier__notice-text'>
            {info.keep.growthNeeded > 0
              ? `近 ${info.windowMonths} 个月成长值满 ${formatPoints(info.keep.threshold)} 即可保持${info.current.name}，还差 ${formatPoints(info.keep.growthNeeded)}；未达到将调整为${info.keep.fallsTo.name}。`
              : `近 ${info.windowMonths} 个月成长值已满 ${formatPoints(info.keep.threshold)}，${info.current.name}已保级。`}
          </Text>
        </View>
      ) : null}
      {info.birthday?.inWindow && info.current.benefits.birthdayMultiplierPercent > 100 ? (
        <View className='tier__notice' id='tier-birthday'>
          <Text className='tier__notice-title'>生日快乐</Text>
          <Text className='tier__notice-text'>{`${birthdayLabel(info)}消费积分 ${formatMultiplier(info.current.benefits.birthdayMultiplierPercent)}，正在生效。`}</Text>
        </View>
      ) : null}
      {info.downgradeNotice ? (
        <View className='tier__notice tier__notice--warn' id='tier-downgrade'>
          <Text className='tier__notice-title'>等级调整提醒</Text>
          <Text className='tier__notice-text'>
            将于 {formatDate(info.downgradeNotice.effectiveAt)} 调整为 {info.downgradeNotice.to.name}。在此之前到店消费可累积成长值。
          </Text>
        </View>
      ) : null}

      <Text className='section-title'>等级与权益</Text>
      <View className='tier__list' id='tier-list'>
        {info.tiers.map((tier) => {
          const color = tierColor(tier.code, tier.color);
          const current = tier.code === info.current.code;
          return (
            <View key={tier.code} className={`card tier__item${current ? ' tier__item--current' : ''}`} id={`tier-${tier.code}`} style={current ? { borderColor: color } : undefined}>
              <View className='tier__item-head'>
                <View className='tier__chip' style={{ backgroundColor: color, color: readableOn(color) }}>
                  <Text>{tier.name}</Text>
                </View>
                {current ? <Text className='tier__mine'>当前等级</Text> : null}
              </View>
              <Text className='tier__threshold'>
                {tier.threshold === 0 ? '注册即享' : `近 ${info.windowMonths} 个月成长值满 ${formatPoints(tier.threshold)}`}
              </Text>
              <Benefits benefits={tier.benefits} birthday={birthdayLabel(info)} />
            </View>
          );
        })}
      </View>
      <Text className='tier__foot'>成长值按消费金额累积（每消费 ¥1 得 1 点），等级按近 {info.windowMonths} 个月的成长值评定。</Text>
    </View>
  );
}

function CurrentTier({ info }: { info: TierInfoResult }) {
  const color = tierColor(info.current.code, info.current.color);
  const ink = readableOn(color);
  const total = info.next ? info.growthInWindow + info.next.growthNeeded : 0;
  const percent = info.next && total > 0 ? Math.min(100, Math.floor((info.growthInWindow * 100) / total)) : 100;
  return (
    <View className='tier__current' id='tier-current' data-tier={info.current.code} style={{ backgroundColor: color, color: ink }}>
      <Text className='tier__current-label'>当前等级</Text>
      <Text className='tier__current-name'>{info.current.name}</Text>
      <Text className='tier__current-growth'>
        近 {info.windowMonths} 个月成长值 {formatPoints(info.growthInWindow)}
      </Text>
      <View className='tier__bar' style={{ backgroundColor: ink === '#ffffff' ? 'rgba(255,255,255,0.25)' : 'rgba(0,0,0,0.12)' }}>
        <View className='tier__bar-fill' style={{ width: `${Math.max(percent, 2)}%`, backgroundColor: ink }} />
      </View>
      <Text className='tier__current-next' id='tier-next'>
        {info.next ? `再消费 ${formatFen(info.next.spendNeededFen)} 升级${info.next.tier.name}` : '已是最高会员等级，感谢你的一路陪伴'}
      </Text>
    </View>
  );
}

/** The birthday multiplier's window: 生日当天 or 生日当月 (brand setting). */
function birthdayLabel(info: TierInfoResult): string {
  return info.birthday?.window === 'month' ? '生日当月' : '生日当天';
}

function Benefits({ benefits, birthday }: { benefits: TierBenefitsView; birthday: string }) {
  const lines: string[] = [];
  lines.push(`消费积分 ${formatMultiplier(benefits.pointsMultiplierPercent)}`);
  const discount = formatDiscount(benefits.discountPercent);
  if (discount) lines.push(`会员折扣 ${discount}`);
  if (benefits.birthdayMultiplierPercent > 100) lines.push(`${birthday}积分 ${formatMultiplier(benefits.birthdayMultiplierPercent)}`);
  lines.push(...benefits.freeItems);
  return (
    <View className='tier__benefits'>
      {lines.map((line) => (
        <View key={line} className='tier__benefit'>
          <View className='tier__check' />
          <Text>{line}</Text>
        </View>
      ))}
    </View>
  );
}
