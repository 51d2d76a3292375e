import { Image, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { useMemberStore } from '../../stores/member';
import { useMyRoles } from '../../stores/roles';
import { readableOn, tierColor } from '../../theme';
import { formatFen, formatMemberNo, formatPoints } from '../../utils/format';
import { COUPON_CENTER_URL, POINTS_MALL_URL } from '../coupons/routes';
import './index.scss';

interface LinkRow {
  id: string;
  title: string;
  value?: string;
  url: string;
}

/** 我的: who I am, and the way to everything that is not on the home screen. */
export default function MinePage() {
  const me = useMemberStore((state) => state.me);
  const status = useMemberStore((state) => state.status);
  const error = useMemberStore((state) => state.error);
  const load = useMemberStore((state) => state.load);
  const refresh = useMemberStore((state) => state.refresh);
  const roles = useMyRoles((state) => state.data);
  const loadRoles = useMyRoles((state) => state.load);

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void load();
    void loadRoles();
  });
  usePullDownRefresh(() => {
    void Promise.all([refresh(), loadRoles()]).finally(() => Taro.stopPullDownRefresh());
  });

  const member: LinkRow[] = [
    { id: 'mine-points', title: '积分明细', value: me ? `${formatPoints(me.balances.points)} 积分` : undefined, url: '/pages/points/index' },
    { id: 'mine-tier', title: '会员等级与权益', value: me?.tier.name, url: '/pages/tier/index' },
    { id: 'mine-membership', title: '付费会员', url: '/member/membership/index' },
    { id: 'mine-wallet', title: '储值', value: me ? formatFen(me.balances.walletPrincipal + me.balances.walletBonus) : undefined, url: '/pages/wallet/index' },
    { id: 'mine-coupon-center', title: '领券中心', url: COUPON_CENTER_URL },
    { id: 'mine-mall', title: '积分商城', url: POINTS_MALL_URL },
    { id: 'mine-invite', title: '邀请有礼', url: '/member/invite/index' },
  ];
  const settings: LinkRow[] = [
    { id: 'mine-profile-link', title: '个人资料', url: '/member/profile/index' },
    { id: 'mine-privacy', title: '隐私与授权', url: '/member/privacy/index' },
  ];
  // Work entries only for those who hold the role; anyone else gets the way to bind as staff.
  const work: LinkRow[] = [
    ...(roles?.staff ? [{ id: 'mine-staff', title: '店员工作台', url: '/staff/home/index' }] : []),
    ...(roles?.operator ? [{ id: 'mine-admin', title: '运营后台', url: '/admin/index/index' }] : []),
  ];
  if (process.env.TARO_ENV === 'h5') work.push({ id: 'mine-dev-login', title: '切换身份（本地）', url: '/pages/dev-login/index' });

  const badge = me ? tierColor(me.tier.code, me.tier.color) : undefined;

  return (
    <View className='page mine'>
      <View className='card mine__profile' id='mine-profile' onClick={() => void Taro.navigateTo({ url: '/member/profile/index' })}>
        {me && shownAvatar(me.member.avatarUrl) ? (
          <Image className='mine__avatar' id='mine-avatar' src={me.member.avatarUrl ?? ''} mode='aspectFill' />
        ) : (
          <View className='mine__avatar'>
            <Text>{me?.member.nickname.slice(0, 1) ?? '鹿'}</Text>
          </View>
        )}
        <View className='mine__who'>
          {me ? (
            <>
              <Text className='mine__nickname'>{me.member.nickname}</Text>
              <Text className='mine__no'>会员号 {formatMemberNo(me.member.memberNo)}</Text>
            </>
          ) : (
            <Text className='mine__no'>{status === 'error' ? error : '正在读取会员信息…'}</Text>
          )}
        </View>
        {me && badge ? (
          <View className='mine__tier' style={{ backgroundColor: badge, color: readableOn(badge) }}>
            <Text>{me.tier.name}</Text>
          </View>
        ) : status === 'error' ? (
          <View
            className='btn btn--ghost btn--small'
            hoverClass='btn--hover'
            onClick={(event) => {
              event.stopPropagation(); // the card itself opens 个人资料
              void refresh();
            }}
          >
            <Text>重试</Text>
          </View>
        ) : null}
      </View>

      <Text className='section-title'>会员</Text>
      <Links rows={member} />

      <Text className='section-title'>设置</Text>
      <Links rows={settings} />

      {work.length > 0 ? (
        <>
          <Text className='section-title'>工作台</Text>
          <Links rows={work} />
        </>
      ) : null}
      {roles && !roles.staff ? (
        <View id='mine-staff-bind' className='mine__staff-bind' hoverClass='row--hover' onClick={() => void Taro.navigateTo({ url: '/staff/bind/index' })}>
          <Text>门店员工？输入绑定码开通收银</Text>
        </View>
      ) : null}
      {roles && !roles.operator ? (
        <View id='mine-operator-bind' className='mine__staff-bind' hoverClass='row--hover' onClick={() => void Taro.navigateTo({ url: '/admin/bind/index' })}>
          <Text>品牌邀请你做运营？绑定运营账号</Text>
        </View>
      ) : null}
    </View>
  );
}

function Links({ rows }: { rows: LinkRow[] }) {
  return (
    <View className='list'>
      {rows.map((row) => (
        <View
          key={row.id}
          id={row.id}
          className='row row--link'
          hoverClass='row--hover'
          onClick={() => void Taro.navigateTo({ url: row.url })}
        >
          <Text className='row__title'>{row.title}</Text>
          <View className='mine__link-side'>
            {row.value ? <Text className='mine__link-value'>{row.value}</Text> : null}
            <Text className='row__chevron'>›</Text>
          </View>
        </View>
      ))}
    </View>
  );
}

/** An uploaded avatar the runtime can draw: a web link, or a cloud fileID inside WeChat. */
function shownAvatar(url: string | null): boolean {
  return !!url && (/^https?:\/\//.test(url) || (process.env.TARO_ENV === 'weapp' && url.startsWith('cloud://')));
}
