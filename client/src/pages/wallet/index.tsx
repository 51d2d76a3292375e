import { Text, View } from '@tarojs/components';
import type { TopupPackageView, WalletLotView, WalletResult } from '@contract';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { AgreementGate, requestTopup } from '../../components/agreement-gate';
import { useConfirmedAction } from '../../components/confirmed-action';
import { LedgerRow } from '../../components/ledger-row';
import { EmptyState, ErrorState, ListFooter, ListSkeleton } from '../../components/list-states';
import { usePrivacyStatus } from '../../stores/privacy';
import { useTopup, useWallet, useWalletHistory } from '../../stores/wallet';
import { formatDate, formatFen } from '../../utils/format';
import { askForReminders } from '../../utils/subscribe';
import './index.scss';

type Tab = 'topup' | 'history';

/** 储值: balance (本金 and 赠送 apart), packages to top up, each top-up with its refund, history. */
export default function WalletPage() {
  const wallet = useWallet((state) => state.data);
  const status = useWallet((state) => state.status);
  const error = useWallet((state) => state.error);
  const load = useWallet((state) => state.load);
  const history = useWalletHistory();
  const confirming = useTopup((state) => state.confirming);
  const notice = useTopup((state) => state.notice);
  const [tab, setTab] = useState<Tab>('topup');
  const router = useRouter();
  const returned = useRef(false);

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void load();
    // Whether the 储值协议 must be accepted before the next top-up.
    void usePrivacyStatus.getState().load();
    if (tab === 'history') void history.refresh();
    // Back from the local pay page (H5): wait for the payment to be credited.
    const outTradeNo = router.params.outTradeNo;
    if (outTradeNo && !returned.current) {
      returned.current = true;
      void useTopup.getState().confirm(decodeURIComponent(outTradeNo));
    }
  });
  usePullDownRefresh(() => {
    void Promise.all([load(), tab === 'history' ? history.refresh() : Promise.resolve()]).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    if (tab === 'history') void history.loadMore();
  });

  function showTab(next: Tab) {
    setTab(next);
    if (next === 'history' && history.status === 'idle') void history.refresh();
  }

  return (
    <View className='page wallet'>
      <Balance wallet={wallet} status={status} />
      {confirming ? (
        <View className='wallet__confirming' id='wallet-confirming'>
          <View className='wallet__spinner' />
          <Text>支付确认中…</Text>
        </View>
      ) : null}
      {notice ? (
        <View className='wallet__notice' id='wallet-notice'>
          <Text>{notice}</Text>
        </View>
      ) : null}

      <View className='tabs wallet__tabs'>
        <View id='wallet-tab-topup' className={`tabs__tab${tab === 'topup' ? ' tabs__tab--active' : ''}`} onClick={() => showTab('topup')}>
          <Text>储值</Text>
        </View>
        <View id='wallet-tab-history' className={`tabs__tab${tab === 'history' ? ' tabs__tab--active' : ''}`} onClick={() => showTab('history')}>
          <Text>明细</Text>
        </View>
      </View>

      {tab === 'topup' ? (
        status === 'error' && !wallet ? (
          <ErrorState id='wallet-error' title='储值信息没有加载出来' message={error ?? ''} onRetry={() => void load()} />
        ) : wallet ? (
          <TopupTab wallet={wallet} />
        ) : (
          <View className='list wallet__section'>
            <ListSkeleton rows={3} id='wallet-loading' />
          </View>
        )
      ) : (
        <HistoryTab onTopup={() => showTab('topup')} />
      )}
      <AgreementGate />
    </View>
  );
}

function Balance({ wallet, status }: { wallet: WalletResult | null; status: string }) {
  return (
    <View className='wallet__balance-card'>
      <Text className='wallet__label'>储值余额</Text>
      <Text className='wallet__balance' id='wallet-balance'>
        {wallet ? formatFen(wallet.balanceFen) : status === 'error' ? '—' : '…'}
      </Text>
      <View className='wallet__split'>
        <Text id='wallet-principal'>本金 {wallet ? formatFen(wallet.principalFen) : '—'}</Text>
        <Text className='wallet__split-gap'>·</Text>
        <Text id='wallet-bonus'>赠送 {wallet ? formatFen(wallet.bonusFen) : '—'}</Text>
      </View>
    </View>
  );
}

function TopupTab({ wallet }: { wallet: WalletResult }) {
  const paying = useTopup((state) => state.paying);
  const confirming = useTopup((state) => state.confirming);
  const busy = paying !== null || confirming !== null;
  // The ceiling counts the bonus too, so a package fits only if all it credits does. The server
  // still decides (it also counts unpaid orders) and its refusal is toasted by the call. A package
  // that does not fit is dimmed with the app's shared disabled look and says why.
  const roomFen = Math.max(0, wallet.maxBalanceFen - wallet.balanceFen);
  const fits = (pkg: TopupPackageView) => pkg.payFen + pkg.bonusFen <= roomFen;
  const someOver = wallet.packages.some((pkg) => !fits(pkg));

  return (
    <>
      <Text className='section-title'>选择储值金额</Text>
      {someOver ? (
        <Text className='wallet__rules' id='wallet-room'>
          {roomFen > 0 ? `储值余额上限 ${formatFen(wallet.maxBalanceFen)}（含赠送金），当前还可到账 ${formatFen(roomFen)}` : `储值余额已达上限 ${formatFen(wallet.maxBalanceFen)}，消费后可再储值`}
        </Text>
      ) : null}
      <View className='wallet__packages'>
        {wallet.packages.map((pkg) => {
          const credited = formatFen(pkg.payFen + pkg.bonusFen);
          const over = !fits(pkg);
          return (
            <View
              key={pkg.id}
              id={`topup-${pkg.id}`}
              className={`wallet__package${busy ? ' wallet__package--busy' : ''}${over ? ' btn--disabled' : ''}`}
              hoverClass={over ? 'none' : 'wallet__package--hover'}
              onClick={() => {
                // The tap may ask for the account reminders (one message per consent); payment waits for the answer.
                if (!over) void askForReminders(['pointsExpiry', 'couponExpiry', 'tierChange']).then(() => requestTopup(pkg.id));
              }}
            >
              <Text className='wallet__pay'>充 {formatFen(pkg.payFen)}</Text>
              {pkg.bonusFen > 0 ? <Text className='wallet__bonus'>送 {formatFen(pkg.bonusFen)}</Text> : null}
              <Text className='wallet__package-note'>
                {paying === pkg.id ? '正在下单…' : over ? `到账 ${credited}，超过储值上限` : `到账 ${credited}`}
              </Text>
            </View>
          );
        })}
      </View>
      {wallet.packages.length === 0 ? <EmptyState text='暂时没有可选的储值套餐，请稍后再来看看。' /> : null}

      <Text className='section-title'>我的储值记录</Text>
      {wallet.lots.length === 0 ? (
        <View className='list'>
          <EmptyState id='wallet-lots-empty' icon='¥' text='还没有储值，选择上方任一金额即可充值，到店买单直接抵扣。' />
        </View>
      ) : (
        <View className='list' id='wallet-lots'>
          {wallet.lots.map((lot) => (
            <LotRow key={lot.lotId} lot={lot} />
          ))}
        </View>
      )}
      <Text className='wallet__rules'>
        储值余额上限 {formatFen(wallet.maxBalanceFen)}。本金与赠送金分开记账，买单时按比例同时使用。申请退款时退回该笔未使用的本金，并收回该笔剩余赠送金。
      </Text>
    </>
  );
}

function LotRow({ lot }: { lot: WalletLotView }) {
  const refund = useTopup((state) => state.refund);
  const { busy, start } = useConfirmedAction(
    () => refund(lot),
    (result) => {
      // The ledger has moved either way; a refund WeChat Pay has not accepted yet is re-sent by the server.
      const sending = result.refundStatus === 'submitted' ? '将原路退回' : '正在退回，微信支付处理完成后原路到账';
      return {
        title: result.refundStatus === 'submitted' ? '退款已提交' : '退款处理中',
        content: `${formatFen(result.cashBackFen)} ${sending}${result.bonusWithdrawnFen > 0 ? `，赠送金 ${formatFen(result.bonusWithdrawnFen)} 已收回` : ''}。当前余额 ${formatFen(result.balanceFen)}。`,
      };
    },
  );

  function askRefund() {
    const withdrawn = lot.bonusLeft > 0 ? `，同时收回剩余赠送金 ${formatFen(lot.bonusLeft)}` : '';
    return start({
      title: '申请退款',
      content: `将退回 ${formatFen(lot.refundableFen)} 本金${withdrawn}。款项原路退回，通常 1–3 个工作日到账。`,
      confirmText: '确认退款',
      cancelText: '再想想',
    });
  }

  return (
    <View className='row wallet__lot' id={`lot-${lot.lotId}`}>
      <View className='row__main'>
        <Text className='row__title'>
          充 {formatFen(lot.payFen)}
          {lot.bonusFen > 0 ? ` 送 ${formatFen(lot.bonusFen)}` : ''}
        </Text>
        <Text className='row__sub'>{formatDate(lot.toppedUpAt)} 储值</Text>
        {lot.refunded ? null : (
          <Text className='row__sub'>
            剩余 本金 {formatFen(lot.principalLeft)} · 赠送 {formatFen(lot.bonusLeft)}
          </Text>
        )}
        {lot.refundableFen > 0 ? (
          <Text className='row__sub' id={`refund-closes-${lot.lotId}`}>
            可申请退款至 {formatDate(lot.refundClosesAt)}
          </Text>
        ) : null}
      </View>
      {lot.refundableFen > 0 ? (
        <View className={`btn btn--danger btn--small${busy ? ' btn--disabled' : ''}`} id={`refund-${lot.lotId}`} hoverClass='btn--hover' onClick={() => void askRefund()}>
          <Text>{busy ? '退款中…' : '申请退款'}</Text>
        </View>
      ) : (
        <Text className='wallet__lot-state'>{lotState(lot)}</Text>
      )}
    </View>
  );
}

function HistoryTab({ onTopup }: { onTopup: () => void }) {
  const history = useWalletHistory();
  if (history.status === 'loading' || history.status === 'idle') {
    return (
      <View className='list wallet__section'>
        <ListSkeleton id='wallet-history-loading' />
      </View>
    );
  }
  if (history.status === 'error') {
    return <ErrorState id='wallet-history-error' message={history.error ?? ''} onRetry={() => void history.refresh()} />;
  }
  if (history.items.length === 0) {
    return <EmptyState id='wallet-history-empty' icon='¥' text='还没有储值明细，充值或到店使用储值后会记录在这里。' next={{ label: '去储值', onClick: onTopup }} />;
  }
  return (
    <View className='wallet__section' id='wallet-history'>
      <View className='list'>
        {history.items.map((entry) => (
          <LedgerRow key={entry.entryId} entry={entry} />
        ))}
      </View>
      <ListFooter loadingMore={history.loadingMore} hasMore={history.nextCursor !== null} error={history.moreError} onRetry={() => void history.loadMore()} />
    </View>
  );
}

function lotState(lot: WalletLotView): string {
  if (!lot.refunded) return lot.principalLeft > 0 ? '已过退款期' : '已用完';
  if (lot.refundState === 'pending') return '退款处理中';
  if (lot.refundState === 'failed') return '退款未到账，请联系门店';
  return '已退款';
}
