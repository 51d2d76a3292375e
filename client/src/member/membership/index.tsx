import { Text, View } from '@tarojs/components';
import type { MembershipView, PaidPlansResult, PeriodView, PlanOfferView, PlanView } from '@contract';
import { useDidShow, useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { useConfirmedAction } from '../../components/confirmed-action';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/list-states';
import { useShownResource } from '../../components/use-shown-resource';
import { offerKey, usePaidPlans, usePlanPurchase } from '../../stores/membership';
import { formatDate, formatFen } from '../../utils/format';
import { askForReminders } from '../../utils/subscribe';
import { offerText, periodKindLabel, perUnit, priceOf, quoteLines, receivedLines, statusOf } from './model';
import './index.scss';

/** 付费会员: status and days left, what it has saved, this period's benefits, plans to buy or upgrade, refunds. */
export default function MembershipPage() {
  const { data, status, error, load } = useShownResource(usePaidPlans);
  const confirming = usePlanPurchase((state) => state.confirming);
  const notice = usePlanPurchase((state) => state.notice);
  const router = useRouter();
  const returned = useRef(false);

  useDidShow(() => {
    // Back from the local pay page (H5): wait for the payment to start the period.
    const outTradeNo = router.params.outTradeNo;
    if (outTradeNo && !returned.current) {
      returned.current = true;
      void usePlanPurchase.getState().confirm(decodeURIComponent(outTradeNo));
    }
  });

  let body;
  if (data) body = <Membership result={data} />;
  else if (status === 'error') body = <ErrorState id='membership-error' title='付费会员信息没有加载出来' message={error ?? ''} onRetry={() => void load()} />;
  else
    body = (
      <View className='list'>
        <ListSkeleton rows={4} id='membership-loading' />
      </View>
    );

  return (
    <View className='page membership'>
      {confirming ? (
        <View className='membership__banner membership__banner--strong' id='membership-confirming'>
          <View className='membership__spinner' />
          <Text>支付确认中…</Text>
        </View>
      ) : null}
      {notice ? (
        <View className='membership__banner' id='membership-notice'>
          <Text>{notice}</Text>
        </View>
      ) : null}
      {body}
    </View>
  );
}

function Membership({ result }: { result: PaidPlansResult }) {
  const { membership, plans, offers } = result;
  return (
    <>
      <StatusCard membership={membership} />
      {membership?.status === 'active' ? <Received membership={membership} /> : null}
      <Text className='section-title'>{membership?.status === 'active' ? '续费与升级' : '选择会员卡'}</Text>
      {plans.length === 0 ? (
        <View className='list'>
          <EmptyState id='membership-no-plans' icon='卡' text='暂时没有可购买的会员卡，请稍后再来看看。' />
        </View>
      ) : (
        <View id='membership-plans'>
          {plans.map((plan) => (
            <PlanCard key={plan.planId} plan={plan} offers={offers.filter((o) => o.planId === plan.planId)} membership={membership} />
          ))}
        </View>
      )}
      {membership && membership.periods.length > 0 ? <Periods periods={membership.periods} /> : null}
      <Text className='membership__rules' id='membership-rules'>
        会员权益在有效期结束时立即停止。有效期内再次购买会顺延，不会重叠。开通 7 天内且未使用任何权益，可在此全额退款；其他情况请联系门店，按剩余天数扣除已领取权益后退款。
      </Text>
    </>
  );
}

function StatusCard({ membership }: { membership: MembershipView | null }) {
  const status = statusOf(membership);
  return (
    <View className={`membership__card membership__card--${status.key}`} id='membership-status'>
      <View className='membership__card-top'>
        <Text className='membership__plan-name' id='membership-plan-name'>
          {membership ? membership.planName : '付费会员'}
        </Text>
        <Text className='membership__status' id='membership-status-label'>
          {status.label}
        </Text>
      </View>
      {membership ? (
        <>
          <Text className='membership__expiry' id='membership-expiry'>
            {membership.status === 'active' ? `有效期至 ${formatDate(membership.expiresAt)} · 剩余 ${membership.daysLeft} 天` : `已于 ${formatDate(membership.expiresAt)} 到期`}
          </Text>
          <View className='membership__saved'>
            <Text className='membership__saved-label'>已为你节省</Text>
            <Text className='membership__saved-value' id='membership-saved'>
              {formatFen(membership.savedFen)}
            </Text>
          </View>
        </>
      ) : (
        <Text className='membership__expiry'>开通后享会员价、每月券包和积分加速，买得越多省得越多。</Text>
      )}
    </View>
  );
}

function Received({ membership }: { membership: MembershipView }) {
  const lines = receivedLines(membership.receivedThisPeriod);
  return (
    <>
      <Text className='section-title'>本期已领取的权益</Text>
      <View className='list' id='membership-received'>
        {lines.length === 0 ? (
          <EmptyState id='membership-received-empty' icon='礼' text='本期还没有领取权益，每月券包会在每个会员月开始时自动发到券包。' />
        ) : (
          lines.map((line, index) => (
            <View className='row' key={line} id={`membership-received-${index}`}>
              <Text className='row__title'>{line}</Text>
            </View>
          ))
        )}
      </View>
    </>
  );
}

function PlanCard({ plan, offers, membership }: { plan: PlanView; offers: PlanOfferView[]; membership: MembershipView | null }) {
  const paying = usePlanPurchase((state) => state.paying);
  const confirming = usePlanPurchase((state) => state.confirming);
  const busy = paying !== null || confirming !== null;
  const current = membership?.status === 'active' && membership.planId === plan.planId;
  const price = priceOf(plan, offers.find((o) => o.mode === 'buy'));

  function buy(offer: PlanOfferView) {
    if (busy) return;
    // WeChat lets only a tap ask for consent: asked first, without waiting, then the order.
    askForReminders(['membershipExpiry', 'monthlyPack']);
    void usePlanPurchase.getState().buy(offer);
  }

  return (
    <View className={`card membership__plan${current ? ' membership__plan--current' : ''}`} id={`plan-${plan.planId}`}>
      <View className='membership__plan-head'>
        <Text className='membership__plan-title'>
          {plan.name}
          {current ? '（当前）' : ''}
        </Text>
        <View className='membership__price'>
          <Text className='membership__price-value' id={`plan-price-${plan.planId}`}>
            {price.price}
          </Text>
          <Text className='membership__price-unit'>{perUnit(plan)}</Text>
        </View>
      </View>
      {price.was ? (
        <Text className='membership__trial' id={`plan-trial-${plan.planId}`}>
          {price.note}，原价 {price.was}
        </Text>
      ) : null}
      <View className='membership__benefits'>
        {plan.benefitsText.map((line) => (
          <Text key={line} className='membership__benefit'>
            · {line}
          </Text>
        ))}
      </View>
      {plan.status === 'paused' ? (
        <Text className='membership__muted'>暂停售卖</Text>
      ) : offers.length === 0 ? (
        <Text className='membership__muted'>{current ? '当前会员卡' : '暂不可购买'}</Text>
      ) : (
        offers.map((offer) => {
          const text = offerText(offer, plan, membership);
          const mine = paying === offerKey(offer);
          return (
            <View key={offer.mode} className='membership__offer'>
              <View
                className={`btn ${offer.mode === 'upgrade' ? 'btn--ghost' : 'btn--primary'} membership__buy${busy ? ' btn--disabled' : ''}`}
                id={`plan-${offer.mode}-${plan.planId}`}
                hoverClass='btn--hover'
                onClick={() => buy(offer)}
              >
                <Text>{mine ? '正在下单…' : text.action}</Text>
              </View>
              <Text className='membership__offer-detail' id={`plan-${offer.mode}-detail-${plan.planId}`}>
                {text.detail}
              </Text>
            </View>
          );
        })
      )}
    </View>
  );
}

function Periods({ periods }: { periods: PeriodView[] }) {
  // A refund is per payment: its button sits on the first period that payment bought.
  const seen = new Set<string>();
  return (
    <>
      <Text className='section-title'>有效期明细</Text>
      <View className='list' id='membership-periods'>
        {periods.map((period) => {
          const first = !seen.has(period.outTradeNo);
          seen.add(period.outTradeNo);
          return <PeriodRow key={period.periodId} period={period} refundable={first && !period.refunded && period.paidFen > 0} />;
        })}
      </View>
    </>
  );
}

function PeriodRow({ period, refundable }: { period: PeriodView; refundable: boolean }) {
  const [open, setOpen] = useState(false);
  const loadQuote = usePlanPurchase((state) => state.loadQuote);

  function toggle() {
    if (!open) void loadQuote(period.outTradeNo);
    setOpen(!open);
  }

  return (
    <View className='membership__period' id={`period-${period.periodId}`}>
      <View className='row'>
        <View className='row__main'>
          <Text className='row__title'>
            {period.planName} · {periodKindLabel(period.kind)}
            {period.refunded ? '（已退款）' : ''}
          </Text>
          <Text className='row__sub'>
            {formatDate(period.startsAt)} 至 {formatDate(period.endsAt)} · 实付 {formatFen(period.paidFen)}
          </Text>
        </View>
        {refundable ? (
          <View className='btn btn--ghost btn--small' id={`period-refund-${period.periodId}`} hoverClass='btn--hover' onClick={toggle}>
            <Text>{open ? '收起' : '退款'}</Text>
          </View>
        ) : null}
      </View>
      {open && refundable ? <RefundPanel outTradeNo={period.outTradeNo} /> : null}
    </View>
  );
}

function RefundPanel({ outTradeNo }: { outTradeNo: string }) {
  const state = usePlanPurchase((s) => s.quotes[outTradeNo]);
  const loadQuote = usePlanPurchase((s) => s.loadQuote);
  const refund = usePlanPurchase((s) => s.refund);
  const { busy, start } = useConfirmedAction(
    () => refund(outTradeNo),
    (result) => ({
      title: result.refundStatus === 'failed' ? '退款未能提交' : result.refundStatus === 'submitted' ? '退款已提交' : '退款处理中',
      content:
        result.refundStatus === 'failed'
          ? `会员已取消，${formatFen(result.quote.refundFen)} 退款暂未送达微信支付，系统会自动重试；如长时间未到账请联系门店。`
          : `${formatFen(result.quote.refundFen)} 将原路退回，通常 1–3 个工作日到账。会员权益已停止。`,
    }),
  );

  const quote = state?.quote ?? null;
  if (!quote) {
    if (state?.status === 'error') return <ErrorState id={`quote-error-${outTradeNo}`} title='退款金额没有算出来' message={state.error ?? ''} onRetry={() => void loadQuote(outTradeNo)} />;
    return <ListSkeleton rows={2} id={`quote-loading-${outTradeNo}`} />;
  }

  return (
    <View className='membership__quote' id={`quote-${outTradeNo}`}>
      {quoteLines(quote).map((line) => (
        <View key={line.label} className={`membership__quote-line${line.strong ? ' membership__quote-line--strong' : ''}`}>
          <Text>{line.label}</Text>
          <Text>{line.value}</Text>
        </View>
      ))}
      {quote.memberRefusal === null ? (
        <View
          className={`btn btn--danger btn--small membership__refund${busy ? ' btn--disabled' : ''}`}
          id={`quote-refund-${outTradeNo}`}
          hoverClass='btn--hover'
          onClick={() =>
            void start({
              title: '申请退款',
              content: `将退回 ${formatFen(quote.refundFen)}，会员卡立即失效，已开通的权益停止。款项原路退回，通常 1–3 个工作日到账。`,
              confirmText: '确认退款',
              cancelText: '再想想',
            })
          }
        >
          <Text>{busy ? '退款中…' : `申请退款 ${formatFen(quote.refundFen)}`}</Text>
        </View>
      ) : (
        <View className='membership__refusal' id={`quote-refusal-${outTradeNo}`}>
          <Text>{quote.memberRefusal}</Text>
          <Text className='membership__refusal-next'>请联系门店办理</Text>
        </View>
      )}
    </View>
  );
}
