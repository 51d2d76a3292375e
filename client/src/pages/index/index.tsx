import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { localOpenid } from '../../api/identity';
import { rememberLaunchInvite, useInviteGreeting } from '../../stores/invite-launch';
import { useMemberStore } from '../../stores/member';
import { colors, brand as themeBrand, tierColors } from '../../theme';
import { formatDate, formatPoints } from '../../utils/format';
import { POINTS_MALL_URL } from '../coupons/routes';
import { expiresSoon } from './expiry';
import { MemberCard, MemberCardSkeleton } from './member-card';
import './index.scss';

/** What a member can do today from the home screen; 签到, 积分商城 and the rest join as they ship. */
const SHORTCUTS = [
  { id: 'shortcut-checkin', label: '签到', glyph: '签', color: colors.primary, url: '/member/checkin/index' },
  { id: 'shortcut-wallet', label: '储值', glyph: '¥', color: colors.accent, url: '/pages/wallet/index' },
  { id: 'shortcut-points', label: '积分明细', glyph: '积', color: colors.primary, url: '/pages/points/index' },
  { id: 'shortcut-mall', label: '积分商城', glyph: '礼', color: tierColors.green, url: POINTS_MALL_URL },
  { id: 'shortcut-tier', label: '会员等级', glyph: 'V', color: tierColors.gold, url: '/pages/tier/index' },
  { id: 'shortcut-invite', label: '邀请有礼', glyph: '邀', color: colors.accent, url: '/member/invite/index' },
  { id: 'shortcut-membership', label: '付费会员', glyph: '卡', color: tierColors.black, url: '/member/membership/index' },
];

function open(url: string) {
  void Taro.navigateTo({ url });
}

export default function HomePage() {
  const me = useMemberStore((state) => state.me);
  const status = useMemberStore((state) => state.status);
  const error = useMemberStore((state) => state.error);
  const joinedNow = useMemberStore((state) => state.joinedNow);
  const load = useMemberStore((state) => state.load);
  const refresh = useMemberStore((state) => state.refresh);
  const greeting = useInviteGreeting((state) => state.greeting);
  const dismissGreeting = useInviteGreeting((state) => state.dismiss);

  useDidShow(() => {
    // A share card and a mini-program code open this page: its query may carry an invite.
    rememberLaunchInvite(Taro.getCurrentInstance().router?.params);
    // In the browser the local host needs to know who is calling: pick an identity first.
    if (process.env.TARO_ENV === 'h5' && !localOpenid()) {
      void Taro.redirectTo({ url: '/pages/dev-login/index' });
      return;
    }
    void load();
  });

  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });

  const brandName = me?.brand.name ?? themeBrand.name;
  // The exact next expiry always shows; it is news (即将过期, in the accent colour) only inside the
  // reminder window, since under the default policy every member has some 13 months away.
  const expiry = me?.nextExpiry && me.nextExpiry.points > 0 ? me.nextExpiry : null;
  const soon = expiry ? expiresSoon(expiry.on, Date.now()) : false;

  return (
    <View className='home'>
      <View className='home__band' />
      <View className='home__content'>
        {me ? <MemberCard me={me} onOpenTier={() => open('/pages/tier/index')} onOpenPoints={() => open(POINTS_MALL_URL)} /> : status === 'error' ? null : <MemberCardSkeleton />}

        {status === 'error' && !me ? (
          <View className='home__error' id='home-error'>
            <View className='home__error-icon'>
              <Text>!</Text>
            </View>
            <Text className='home__error-title'>会员卡没有加载出来</Text>
            <Text className='home__error-message'>{error}</Text>
            <View className='btn btn--primary home__retry' id='retry' hoverClass='btn--hover' onClick={() => void refresh()}>
              <Text>重试</Text>
            </View>
          </View>
        ) : null}

        {me && joinedNow ? (
          <View className='home__welcome' id='welcome'>
            <Text className='home__welcome-title'>欢迎加入，{brandName}会员！</Text>
            <Text className='home__welcome-text'>到店消费时出示会员身份，积分与成长值会自动累积到这张卡上。</Text>
          </View>
        ) : null}

        {me && greeting ? (
          <View className='home__invite' id='invite-greeting' hoverClass='home__shortcut--hover' onClick={dismissGreeting}>
            <Text className='home__invite-text'>{greeting}</Text>
            <Text className='home__invite-close'>×</Text>
          </View>
        ) : null}

        {me ? (
          <View className='home__shortcuts'>
            {SHORTCUTS.map((shortcut) => (
              <View
                key={shortcut.url}
                className='home__shortcut'
                id={shortcut.id}
                hoverClass='home__shortcut--hover'
                onClick={() => open(shortcut.url)}
              >
                <View className='home__shortcut-icon' style={{ backgroundColor: shortcut.color }}>
                  <Text>{shortcut.glyph}</Text>
                </View>
                <Text className='home__shortcut-label'>{shortcut.label}</Text>
              </View>
            ))}
          </View>
        ) : null}

        {expiry ? (
          <View
            className={`home__expiry${soon ? '' : ' home__expiry--later'}`}
            id='points-expiry'
            data-soon={soon ? 'yes' : 'no'}
            hoverClass='home__expiry--hover'
            onClick={() => open('/pages/points/index')}
          >
            <Text className='home__expiry-title'>{soon ? '即将过期' : '积分有效期'}</Text>
            <Text className='home__expiry-text'>
              {formatPoints(expiry.points)} 积分将于 {formatDate(expiry.on)} 过期
            </Text>
          </View>
        ) : null}

        <Text className='home__tagline'>
          {brandName === themeBrand.name ? `${brandName} · ${themeBrand.tagline}` : brandName}
        </Text>
      </View>
    </View>
  );
}
