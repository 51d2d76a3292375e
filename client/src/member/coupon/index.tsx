import type { CouponDetail } from '@contract';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useEffect } from 'react';
import { localOpenid, redirectToDevLoginIfNeeded } from '../../api/identity';
import { CouponFace, Ticket } from '../../components/coupon-card';
import { expiryBadge, statusStamp, validityText } from '../../components/coupon-card/validity';
import { countdown } from '../../components/live-code/countdown';
import { useLiveCode } from '../../components/live-code/use-live-code';
import { ErrorState, ListSkeleton } from '../../components/list-states';
import { QrCode } from '../../components/qr-code';
import { giftCodeValidUntil, useCouponDetail, useGiftCode } from '../../stores/coupon-detail';
import { formatDateTime } from '../../utils/format';
import './index.scss';

const STATUS_TEXT: Record<CouponDetail['status'], string> = { available: '可使用', used: '已使用', expired: '已过期' };

/**
 * A coupon in full: its value, the rules in plain Chinese, where it works, and how to use it. A
 * gift-item coupon shows its own code (a token living 60 s, refreshed every 30 s, like the member
 * code), so a forwarded screenshot cannot be redeemed.
 */
export default function CouponDetailPage() {
  const couponId = useRouter().params.id ?? '';
  const data = useCouponDetail((state) => (state.couponId === couponId ? state.data : null));
  const status = useCouponDetail((state) => state.status);
  const error = useCouponDetail((state) => state.error);
  const load = useCouponDetail((state) => state.load);

  const codeFailed = useGiftCode((state) => state.status === 'error');

  useEffect(() => {
    // A code refused (the item was just handed over, or the coupon ended): the detail says why.
    if (codeFailed) void load(couponId);
  }, [codeFailed, couponId, load]);

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void load(couponId);
  });
  usePullDownRefresh(() => {
    void load(couponId).finally(() => Taro.stopPullDownRefresh());
  });

  const now = Date.now();
  const showsCode =
    data !== null && data.status === 'available' && data.benefit.kind === 'gift_item' && Date.parse(data.validFrom) <= now && (process.env.TARO_ENV !== 'h5' || localOpenid() !== null);

  if (!couponId) return <ErrorState id='coupon-detail-error' message='没有找到这张券' onRetry={() => void Taro.navigateBack()} />;
  if (!data) {
    return (
      <View className='page coupon-detail'>
        {status === 'error' ? (
          <ErrorState id='coupon-detail-error' message={error ?? ''} onRetry={() => void load(couponId)} />
        ) : (
          <View className='list'>
            <ListSkeleton id='coupon-detail-loading' rows={3} />
          </View>
        )}
      </View>
    );
  }

  const badge = expiryBadge(data, now);
  const stamp = statusStamp(data.status);
  return (
    <View className='page coupon-detail' id='coupon-detail' data-status={data.status}>
      <Ticket face={<CouponFace benefit={data.benefit} />} tone={data.status !== 'available' ? 'muted' : data.benefit.kind === 'gift_item' ? 'accent' : 'primary'} className='coupon-detail__ticket'>
        <View className='ticket__head'>
          <Text className='ticket__name' id='coupon-detail-name'>
            {data.name}
          </Text>
          {badge ? <Text className='ticket__badge'>{badge.label}</Text> : null}
        </View>
        <Text className='ticket__line'>{validityText(data.validFrom, data.validUntil, now)}</Text>
        {badge ? <Text className='ticket__line ticket__line--warn'>{badge.detail}</Text> : null}
        <View className='ticket__foot'>
          <Text className={stamp ? 'ticket__stamp' : 'coupon-detail__status'} id='coupon-detail-status'>
            {STATUS_TEXT[data.status]}
          </Text>
        </View>
      </Ticket>

      {showsCode ? <GiftCode couponId={couponId} itemName={data.benefit.kind === 'gift_item' ? data.benefit.itemName : ''} /> : null}

      {data.status === 'available' && data.benefit.kind !== 'gift_item' ? (
        <View className='card coupon-detail__use'>
          <Text className='coupon-detail__use-text'>结账时出示会员码，店员会为你选用这张券。</Text>
          <View className='btn btn--primary coupon-detail__use-button' id='coupon-detail-use' hoverClass='btn--hover' onClick={() => void Taro.switchTab({ url: '/pages/code/index' })}>
            <Text>去使用 · 出示会员码</Text>
          </View>
        </View>
      ) : null}

      {data.status === 'used' ? (
        <View className='card coupon-detail__used' id='coupon-detail-used'>
          <Text>
            {data.usedAt ? `${formatDateTime(data.usedAt)} ` : ''}已在{data.usedStoreName ?? '门店'}使用
          </Text>
        </View>
      ) : null}

      <Text className='section-title'>使用规则</Text>
      <View className='card coupon-detail__rules' id='coupon-detail-rules'>
        {data.summary.map((line) => (
          <Text key={line} className='coupon-detail__rule'>
            · {line}
          </Text>
        ))}
        {data.description ? <Text className='coupon-detail__description'>{data.description}</Text> : null}
      </View>

      <Text className='section-title'>适用门店</Text>
      <View className='card coupon-detail__stores' id='coupon-detail-stores'>
        {data.storeNames === null ? (
          <Text>全部门店可用</Text>
        ) : (
          data.storeNames.map((name) => (
            <Text key={name} className='coupon-detail__store'>
              {name}
            </Text>
          ))
        )}
      </View>

      <Text className='coupon-detail__claimed'>领取于 {formatDateTime(data.claimedAt)}</Text>
    </View>
  );
}

/** The gift item's code: drawn only while valid, refreshed on schedule, the screen at full brightness. */
function GiftCode({ couponId, itemName }: { couponId: string; itemName: string }) {
  // Declared before useLiveCode so it runs first: the first fetch is already for this coupon, and
  // another coupon's code is never shown here.
  useEffect(() => {
    useGiftCode.getState().open(couponId);
  }, [couponId]);
  const code = useGiftCode((state) => state.code);
  const receivedAt = useGiftCode((state) => state.receivedAt);
  const status = useGiftCode((state) => state.status);
  const error = useGiftCode((state) => state.error);
  const refreshing = useGiftCode((state) => state.refreshing);
  const retryAt = useGiftCode((state) => state.retryAt);
  const load = useGiftCode((state) => state.load);
  const now = useLiveCode(useGiftCode, true);
  const shown = countdown({ code, receivedAt, status, refreshing, retryAt, validUntil: code ? giftCodeValidUntil(receivedAt) : 0 }, now);

  return (
    <View className='card coupon-detail__code' id='gift-code'>
      <Text className='coupon-detail__code-hint'>请向店员出示，兑换「{itemName}」</Text>
      <View className='coupon-detail__qr-box'>
        {code && shown.valid ? (
          <QrCode text={code.token} id='gift-qr' />
        ) : shown.failed || code ? (
          <View className='coupon-detail__qr-state' id='gift-qr-error' onClick={() => void load()}>
            <Text className='coupon-detail__qr-title'>{code ? '兑换码已失效' : '兑换码没有加载出来'}</Text>
            <Text className='coupon-detail__qr-text'>{shown.failed ? (error ?? '网络不太好，请稍后重试') : '正在获取新的兑换码…'}</Text>
            <View className={`btn btn--primary coupon-detail__retry${refreshing ? ' btn--disabled' : ''}`} hoverClass='btn--hover'>
              <Text>{refreshing ? '正在刷新…' : '重试'}</Text>
            </View>
          </View>
        ) : (
          <View className='coupon-detail__qr-state' id='gift-qr-loading'>
            <Text>正在生成兑换码…</Text>
          </View>
        )}
      </View>
      <Text className='visually-hidden' id='gift-code-token'>
        {code && shown.valid ? code.token : ''}
      </Text>
      <View className='coupon-detail__bar'>
        <View className='coupon-detail__bar-fill' style={{ width: `${Math.round(shown.fraction * 100)}%` }} />
      </View>
      <View className='coupon-detail__refresh' id='gift-code-countdown' hoverClass='btn--hover' onClick={() => void load()}>
        <Text>{shown.label}</Text>
      </View>
      <Text className='coupon-detail__code-note'>兑换码每 30 秒自动更新，截图无效。</Text>
    </View>
  );
}
