import { Text, View } from '@tarojs/components';
import type { StoreDayFigures } from '@contract';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { ErrorState, ListSkeleton } from '../../components/list-states';
import { useOverview } from '../../stores/overview';
import { formatDate, formatFen, formatPoints, formatTime } from '../../utils/format';
import { ConsoleShell } from '../console/shell';
import { type Column, DataTable } from '../console/data-table';
import './index.scss';

const STORE_COLUMNS: Column<StoreDayFigures>[] = [
  { key: 'name', title: '门店', primary: true, render: (row) => <Text>{row.name || row.storeId}</Text> },
  { key: 'purchases', title: '笔数', numeric: true, render: (row) => <Text>{formatPoints(row.purchases)}</Text> },
  { key: 'amount', title: '金额', numeric: true, primary: true, render: (row) => <Text>{formatFen(row.amountFen)}</Text> },
  { key: 'refunds', title: '退款', numeric: true, render: (row) => <Text>{row.refunds ? `${row.refunds} 笔 ${formatFen(row.refundFen)}` : '—'}</Text> },
];

function Figure({ id, label, value, sub }: { id: string; label: string; value: string; sub?: string }) {
  return (
    <View className='card overview__card' id={id}>
      <Text className='overview__label'>{label}</Text>
      <Text className='overview__value'>{value}</Text>
      {sub ? <Text className='overview__sub'>{sub}</Text> : null}
    </View>
  );
}

/** Figures an operator needs today: members, points and stored value owed, today's takings per store. */
export default function AdminOverviewPage() {
  const data = useOverview((state) => state.data);
  const status = useOverview((state) => state.status);
  const error = useOverview((state) => state.error);
  const load = useOverview((state) => state.load);

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  const refresh = (
    <View className='btn btn--ghost btn--small' id='overview-refresh' hoverClass='btn--hover' onClick={() => void load()}>
      <Text>刷新</Text>
    </View>
  );

  if (!data) {
    return (
      <ConsoleShell page='overview' title='概览'>
        {status === 'error' ? <ErrorState id='overview-error' title='概览没有加载出来' message={error ?? ''} onRetry={() => void load()} /> : <ListSkeleton rows={4} id='overview-loading' />}
      </ConsoleShell>
    );
  }

  const { members, ledger, today } = data;
  return (
    <ConsoleShell page='overview' title='概览' actions={refresh}>
      {members ? (
        <>
      <Text className='overview__as-of' id='overview-as-of'>
        {ledger ? `积分与储值数据更新于 ${formatDate(ledger.asOf) === today.day ? '' : `${formatDate(ledger.asOf)} `}${formatTime(ledger.asOf)}` : '积分与储值正在首次统计，稍后刷新'}
        {` · 会员与今日消费为实时数据（${formatTime(data.now)}）`}
      </Text>
      <View className='overview__cards' id='overview-cards'>
        <Figure id='overview-members' label='会员总数' value={formatPoints(members.total)} />
        <Figure id='overview-new-today' label='今日新增' value={formatPoints(members.newToday)} />
        <Figure id='overview-new-week' label='本周新增' value={formatPoints(members.newThisWeek)} sub='自本周一起' />
        <Figure
          id='overview-points'
          label='积分余额'
          value={ledger ? formatPoints(ledger.points.outstanding) : '统计中'}
          sub={ledger ? `积分欠款 ${formatPoints(ledger.points.debt)}` : undefined}
        />
        <Figure
          id='overview-wallet'
          label='储值负债'
          value={ledger ? formatFen(ledger.wallet.principalFen + ledger.wallet.bonusFen) : '统计中'}
          sub={ledger ? `本金 ${formatFen(ledger.wallet.principalFen)} / 赠送 ${formatFen(ledger.wallet.bonusFen)}` : undefined}
        />
      </View>
        </>
      ) : (
        // A store manager: their stores' day only.
        <Text className='overview__as-of' id='overview-as-of'>{`你负责的门店 · 实时数据（${formatTime(data.now)}）`}</Text>
      )}

      <View className='overview__section-head'>
        <Text className='section-title'>今日门店消费（{today.day}）</Text>
        <Text className='overview__total' id='overview-today-total'>
          {`共 ${today.total.purchases} 笔 ${formatFen(today.total.amountFen)}`}
          {today.total.refunds ? `，退款 ${today.total.refunds} 笔 ${formatFen(today.total.refundFen)}` : ''}
        </Text>
      </View>
      {today.stores.length === 0 ? (
        <View className='card overview__empty' id='overview-stores-empty'>
          <Text>还没有门店。</Text>
        </View>
      ) : (
        <DataTable id='overview-stores' columns={STORE_COLUMNS} rows={today.stores} rowId={(row) => `store-${row.storeId}`} />
      )}
    </ConsoleShell>
  );
}
