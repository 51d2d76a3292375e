import { Input, Text, View } from '@tarojs/components';
import type { MembershipView, PeriodView, PlanRefundQuote } from '@contract';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { messageOf } from '../../api';
import { ErrorState, ListSkeleton } from '../../components/list-states';
import { refundPlanByOperator, useMemberPlanOrders } from '../../stores/membership-admin';
import { colors } from '../../theme';
import { formatDate, formatFen } from '../../utils/format';
import './paid-membership.scss';

// 会员详情 › 付费会员 (owners and managers): the member's membership, each plan order with its
// refund quote and every figure of the formula, and the operator's pro rata refund with a reason.

const KIND: Record<PeriodView['kind'], string> = { buy: '开通', renew: '续费', upgrade: '升级' };

export function PaidMembershipBlock({ memberNo }: { memberNo: string }) {
  const state = useMemberPlanOrders();
  const load = state.load;

  useEffect(() => {
    void load(memberNo);
  }, [load, memberNo]);
  useDidShow(() => void load(memberNo));
  usePullDownRefresh(() => void load(memberNo));

  const shown = state.memberNo === memberNo && state.quotes ? state : null;
  return (
    <View className='card paid' id='member-paid'>
      <Text className='paid__title'>付费会员</Text>
      {!shown ? (
        state.status === 'error' ? (
          <ErrorState id='member-paid-error' title='付费会员信息没有加载出来' message={state.error ?? ''} onRetry={() => void load(memberNo)} />
        ) : (
          <ListSkeleton rows={2} id='member-paid-loading' />
        )
      ) : (
        <>
          <Summary membership={shown.membership} />
          {shown.quotes!.length === 0 ? (
            <Text className='paid__muted' id='member-paid-empty'>
              没有付费会员购买记录
            </Text>
          ) : (
            shown.quotes!.map((quote) => <OrderQuote key={quote.outTradeNo} memberNo={memberNo} quote={quote} periods={shown.membership?.periods.filter((p) => p.outTradeNo === quote.outTradeNo) ?? []} />)
          )}
        </>
      )}
    </View>
  );
}

function Summary({ membership }: { membership: MembershipView | null }) {
  if (!membership) {
    return (
      <Text className='paid__line' id='member-paid-status'>
        未开通
      </Text>
    );
  }
  const active = membership.status === 'active';
  return (
    <View className='paid__summary' id='member-paid-status'>
      <Text className={`paid__state paid__state--${membership.status}`}>{active ? '开通中' : '已过期'}</Text>
      <Text className='paid__line'>
        {membership.planName} · {active ? `有效期至 ${formatDate(membership.expiresAt)}，剩余 ${membership.daysLeft} 天` : `已于 ${formatDate(membership.expiresAt)} 到期`} · 已节省 {formatFen(membership.savedFen)}
      </Text>
    </View>
  );
}

function OrderQuote({ memberNo, quote, periods }: { memberNo: string; quote: PlanRefundQuote; periods: PeriodView[] }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refunded = periods.some((p) => p.refunded);
  const first = periods[0];

  async function submit() {
    if (busy) return;
    const why = reason.trim();
    if (Array.from(why).length < 2) return setError('请填写退款原因（至少 2 个字）');
    setError(null);
    const { confirm } = await Taro.showModal({
      title: '确认办理退款',
      content: `退回 ${formatFen(quote.refundFen)} 给会员（实付 ${formatFen(quote.paidFen)}），该笔购买的会员期立即结束。原因：${why}。操作会记入审计日志。`,
      confirmText: '确认退款',
      cancelText: '取消',
      confirmColor: colors.danger,
    });
    if (!confirm) return;
    setBusy(true);
    try {
      const result = await refundPlanByOperator(memberNo, quote.outTradeNo, why, quote.refundFen);
      setReason('');
      void Taro.showToast({ title: result.refundStatus === 'failed' ? '已退款，微信支付暂未受理，系统会重试' : `已退款 ${formatFen(result.quote.refundFen)}`, icon: 'none', duration: 2500 });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className='paid__order' id={`member-paid-order-${quote.outTradeNo}`}>
      <Text className='paid__order-title'>
        {first ? `${first.planName} · ${KIND[first.kind]} · ${formatDate(first.startsAt)} 至 ${formatDate(periods[periods.length - 1].endsAt)}` : '付费会员订单'}
        {refunded ? '（已退款）' : ''}
      </Text>
      <Text className='paid__muted'>订单号 {quote.outTradeNo}</Text>
      <View className='paid__figures'>
        <Figure label='实付' value={formatFen(quote.paidFen)} />
        <Figure label='方式' value={quote.mode === 'full' ? '全额（7 天内未用权益）' : '按比例'} />
        <Figure label='未使用天数' value={`${quote.unusedDays} / ${quote.totalDays} 天`} />
        <Figure label='未使用价值' value={formatFen(quote.unusedValueFen)} />
        <Figure label='已领权益价值' value={`−${formatFen(quote.benefitsReceivedFen)}`} />
        <Figure label='可退金额' value={formatFen(quote.refundFen)} strong id={`member-paid-refund-fen-${quote.outTradeNo}`} />
        {quote.shortfallFen > 0 ? <Figure label='差额' value={formatFen(quote.shortfallFen)} id={`member-paid-shortfall-${quote.outTradeNo}`} /> : null}
      </View>
      <Text className='paid__muted'>{quote.memberRefusal ? `会员不能自助退款：${quote.memberRefusal}` : '会员可在小程序中自助全额退款'}</Text>
      {refunded ? null : quote.refundFen === 0 ? (
        <Text className='paid__warn' id={`member-paid-zero-${quote.outTradeNo}`}>
          已领取权益比未使用部分多 {formatFen(quote.shortfallFen)}，可退金额为 0，不能退款。
        </Text>
      ) : (
        <View className='paid__refund'>
          <Input className='paid__input' id={`member-paid-reason-${quote.outTradeNo}`} placeholder='退款原因（记入审计日志）' maxlength={100} value={reason} onInput={(e) => setReason(e.detail.value)} />
          <View className={`btn btn--danger btn--small${busy ? ' btn--disabled' : ''}`} id={`member-paid-refund-${quote.outTradeNo}`} hoverClass='btn--hover' onClick={() => void submit()}>
            <Text>{busy ? '退款中…' : `退款 ${formatFen(quote.refundFen)}`}</Text>
          </View>
        </View>
      )}
      {error ? (
        <Text className='paid__error' id={`member-paid-error-${quote.outTradeNo}`}>
          {error}
          {quote.shortfallFen > 0 ? `（差额 ${formatFen(quote.shortfallFen)}）` : ''}
        </Text>
      ) : null}
    </View>
  );
}

function Figure({ label, value, strong, id }: { label: string; value: string; strong?: boolean; id?: string }) {
  return (
    <View className={`paid__figure${strong ? ' paid__figure--strong' : ''}`} id={id}>
      <Text className='paid__figure-label'>{label}</Text>
      <Text className='paid__figure-value'>{value}</Text>
    </View>
  );
}
