import { Picker, Text, View } from '@tarojs/components';
import type { SubscribeTemplateKey } from '@contract';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import dayjs from 'dayjs';
import { useState } from 'react';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/list-states';
import { type MessageStatsRow, useMessageStats } from '../../stores/membership-admin';
import { formatDate, formatPoints } from '../../utils/format';
import { type Column, DataTable } from '../console/data-table';
import { ConsoleShell } from '../console/shell';
import './index.scss';

// 消息发送: per reminder template, over brand-zone days, how many subscribe messages were sent,
// how many were skipped because the member had no consent left (WeChat grants one message per
// consent), and how many consents members gave.

const TEMPLATE_LABEL: Record<SubscribeTemplateKey, string> = {
  pointsExpiry: '积分到期提醒',
  tierChange: '等级变动通知',
  couponExpiry: '优惠券到期提醒',
  membershipExpiry: '付费会员到期提醒',
  monthlyPack: '每月券包到账通知',
};

const COLUMNS: Column<MessageStatsRow>[] = [
  { key: 'template', title: '消息', primary: true, render: (row) => <Text className='messages__name'>{TEMPLATE_LABEL[row.template] ?? row.template}</Text> },
  { key: 'sent', title: '已发送', numeric: true, primary: true, render: (row) => <Text className='messages-sent'>{formatPoints(row.sent)}</Text> },
  { key: 'skipped', title: '无授权未发送', numeric: true, render: (row) => <Text className='messages-skipped'>{formatPoints(row.skippedNoQuota)}</Text> },
  { key: 'consents', title: '新增授权', numeric: true, render: (row) => <Text className='messages-consents'>{formatPoints(row.consents)}</Text> },
];

/** As the server: one query covers at most 92 brand-zone days. */
const MAX_DAYS = 92;

function defaultRange(): { from: string; to: string } {
  const to = formatDate(new Date());
  return { from: dayjs(to).subtract(6, 'day').format('YYYY-MM-DD'), to };
}

export default function AdminMessagesPage() {
  const rows = useMessageStats((state) => state.rows);
  const status = useMessageStats((state) => state.status);
  const error = useMessageStats((state) => state.error);
  const load = useMessageStats((state) => state.load);
  const [range, setRange] = useState(defaultRange);
  const today = formatDate(new Date());

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void load(range.from, range.to);
  });
  usePullDownRefresh(() => {
    void load(range.from, range.to).finally(() => Taro.stopPullDownRefresh());
  });

  function pick(patch: Partial<typeof range>) {
    const next = { ...range, ...patch };
    // A range picked backwards is read forwards.
    if (next.from > next.to) [next.from, next.to] = [next.to, next.from];
    // The server counts at most 92 days at once: the other end follows the one just picked.
    if (dayjs(next.to).diff(dayjs(next.from), 'day') >= MAX_DAYS) {
      if (patch.from) next.to = dayjs(next.from).add(MAX_DAYS - 1, 'day').format('YYYY-MM-DD');
      else next.from = dayjs(next.to).subtract(MAX_DAYS - 1, 'day').format('YYYY-MM-DD');
      if (next.to > today) next.to = today;
      void Taro.showToast({ title: `一次最多查询 ${MAX_DAYS} 天，已调整日期范围`, icon: 'none' });
    }
    setRange(next);
    void load(next.from, next.to);
  }

  const totals = rows ? rows.reduce((sum, row) => ({ sent: sum.sent + row.sent, skipped: sum.skipped + row.skippedNoQuota, consents: sum.consents + row.consents }), { sent: 0, skipped: 0, consents: 0 }) : null;

  return (
    <ConsoleShell page='messages' title='消息发送'>
      <View className='messages'>
        <View className='messages__range' id='messages-range'>
          <Picker mode='date' value={range.from} end={today} onChange={(e) => pick({ from: String(e.detail.value) })}>
            <View className='messages__picker' id='messages-from'>
              <Text>{range.from}</Text>
            </View>
          </Picker>
          <Text className='messages__to'>至</Text>
          <Picker mode='date' value={range.to} end={today} onChange={(e) => pick({ to: String(e.detail.value) })}>
            <View className='messages__picker' id='messages-to'>
              <Text>{range.to}</Text>
            </View>
          </Picker>
        </View>
        {!rows ? (
          status === 'error' ? (
            <ErrorState id='messages-error' title='消息发送数据没有加载出来' message={error ?? ''} onRetry={() => void load(range.from, range.to)} />
          ) : (
            <View className='list'>
              <ListSkeleton rows={5} id='messages-loading' />
            </View>
          )
        ) : rows.length === 0 ? (
          <EmptyState id='messages-empty' icon='信' text='这段时间没有发送或授权记录，换个日期范围看看。' />
        ) : (
          <>
            {totals ? (
              <Text className='messages__totals' id='messages-totals'>
                合计：已发送 {formatPoints(totals.sent)} 条 · 无授权未发送 {formatPoints(totals.skipped)} 条 · 新增授权 {formatPoints(totals.consents)} 次
              </Text>
            ) : null}
            <DataTable id='messages-table' columns={COLUMNS} rows={rows} rowId={(row) => `message-${row.template}`} />
          </>
        )}
        <Text className='messages__note'>
          微信订阅消息每次授权只能发送一条。会员在签到、领券、储值、开通会员等操作时同意接收后，对应提醒的额度加一；每发送一条扣一，额度为 0 时不发送并计入“无授权未发送”。日期按品牌时区（北京时间）统计。
        </Text>
      </View>
    </ConsoleShell>
  );
}
