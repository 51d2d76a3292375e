import type { CouponCenterItem } from '@contract';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { Ticket } from '../../components/coupon-card';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/list-states';
import { useCouponCenter, useCouponClaims } from '../../stores/coupon-center';
import { useMyCoupons } from '../../stores/coupons';
import { formatPoints } from '../../utils/format';
import { centerFace } from './face';
import { askForReminders } from '../../utils/subscribe';
import './index.scss';

/** Under this many left, the card says how many (仅剩 8 张): a reason to claim now, not noise. */
const FEW_LEFT = 20;

/** 领券中心: the coupons a member may claim for free, each with its own 领取 button. */
export default function CouponCenterPage() {
  const data = useCouponCenter((state) => state.data);
  const status = useCouponCenter((state) => state.status);
  const error = useCouponCenter((state) => state.error);
  const load = useCouponCenter((state) => state.load);
  const claiming = useCouponClaims((state) => state.claiming);
  const claim = useCouponClaims((state) => state.claim);

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  async function onClaim(item: CouponCenterItem) {
    const result = await claim(item.templateId);
    // 券包 shows the new coupon when the member goes there.
    if (result) void useMyCoupons.getState().refresh();
  }

  return (
    <View className='page coupon-center'>
      {status === 'loading' || status === 'idle' ? (
        <View className='list'>
          <ListSkeleton id='center-loading' rows={3} />
        </View>
      ) : status === 'error' || !data ? (
        <ErrorState id='center-error' message={error ?? ''} onRetry={() => void load()} />
      ) : data.templates.length === 0 ? (
        <EmptyState
          id='center-empty'
          icon='券'
          text='今天暂时没有可以领取的券，过几天再来看看。'
          next={{ id: 'center-empty-coupons', label: '查看我的券包', onClick: () => void Taro.switchTab({ url: '/pages/coupons/index' }) }}
        />
      ) : (
        <View id='center-list'>
          {data.templates.map((item) => (
            <CenterCard key={item.templateId} item={item} claiming={Boolean(claiming[item.templateId])} onClaim={() => void onClaim(item)} />
          ))}
          <View className='coupon-center__to-wallet' id='center-open-coupons' hoverClass='btn--hover' onClick={() => void Taro.switchTab({ url: '/pages/coupons/index' })}>
            <Text>领到的券在「券包」里 ›</Text>
          </View>
        </View>
      )}
    </View>
  );
}

function CenterCard({ item, claiming, onClaim }: { item: CouponCenterItem; claiming: boolean; onClaim: () => void }) {
  // The server's first summary line is the benefit (满100元减20元, 8折，最多减30元, 兑换：马克杯).
  const [benefit, ...rest] = item.summary;
  const blocked = item.blockedReason !== null;
  return (
    <Ticket
      face={<CenterFace line={benefit ?? item.name} />}
      tone={blocked ? 'muted' : benefit?.startsWith('兑换') ? 'accent' : 'primary'}
      id={`center-${item.templateId}`}
      className='center-card'
    >
      {/* In the head row: ticket__name grows along a row; straight in the column body it pushed the lines down. */}
      <View className='ticket__head'>
        <Text className='ticket__name'>{item.name}</Text>
      </View>
      {rest[0] ? <Text className='ticket__line'>{rest[0]}</Text> : null}
      {item.description ? <Text className='ticket__line'>{item.description}</Text> : null}
      <View className='ticket__foot coupon-center__foot'>
        {blocked ? (
          <Text className='ticket__note coupon-center__blocked' id={`claim-blocked-${item.templateId}`}>
            {item.blockedReason}
          </Text>
        ) : (
          <>
            {item.remainingStock <= FEW_LEFT ? <Text className='coupon-center__few'>仅剩 {formatPoints(item.remainingStock)} 张</Text> : null}
            <View
              className={`btn btn--primary btn--small ticket__action coupon-center__claim${claiming ? ' btn--disabled' : ''}`}
              id={`claim-${item.templateId}`}
              hoverClass='btn--hover'
              onClick={claiming ? undefined : () => {
                askForReminders(['couponExpiry']);
                onClaim();
              }}
            >
              <Text>{claiming ? '领取中…' : '领取'}</Text>
            </View>
          </>
        )}
      </View>
    </Ticket>
  );
}

/** The benefit large and its condition small, as in 券包; a line of another shape as it is. */
function CenterFace({ line }: { line: string }) {
  const face = centerFace(line);
  if (!face) return <Text className='coupon-center__benefit'>{line}</Text>;
  return (
    <>
      <View className='ticket__value'>
        {face.prefix ? <Text className='ticket__unit'>{face.prefix}</Text> : null}
        <Text className={`ticket__number${face.value.length > 4 ? ' ticket__number--long' : ''}`}>{face.value}</Text>
        {face.suffix ? <Text className='ticket__unit'>{face.suffix}</Text> : null}
      </View>
      <Text className='ticket__condition'>{face.condition}</Text>
    </>
  );
}
