import { Input, Text, View } from '@tarojs/components';
import type { CouponTemplateView } from '@contract';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { messageOf } from '../../api';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/list-states';
import { useConsoleIdentity } from '../../stores/console';
import { raiseCouponStock, setCouponTemplatePaused, useCouponTemplates } from '../../stores/coupons-admin';
import { formatPoints } from '../../utils/format';
import { ConsoleShell } from '../console/shell';
import { type Column, DataTable } from '../console/data-table';
import { CHANNEL_LABEL, type ChannelFilter, STATE_LABEL, type StateFilter, channelText, filterTemplates, parseStockAdd, remainingOf, rowActions } from './list-model';
import './index.scss';

// The brand's coupon templates with what has become of their coupons (issued, redeemed, expired,
// left). Owners and managers create, edit (until the first coupon is issued), pause, raise the
// stock and issue in a batch; an analyst reads.

const STATE_FILTERS: { key: StateFilter; label: string }[] = [
  { key: 'all', label: '全部状态' },
  { key: 'active', label: STATE_LABEL.active },
  { key: 'paused', label: STATE_LABEL.paused },
];
const CHANNEL_FILTERS: { key: ChannelFilter; label: string }[] = [
  { key: 'all', label: '全部渠道' },
  { key: 'center', label: CHANNEL_LABEL.center },
  { key: 'mall', label: CHANNEL_LABEL.mall },
  { key: 'grant', label: CHANNEL_LABEL.grant },
];

export default function AdminCouponsPage() {
  const data = useCouponTemplates((state) => state.data);
  const status = useCouponTemplates((state) => state.status);
  const error = useCouponTemplates((state) => state.error);
  const errorCode = useCouponTemplates((state) => state.errorCode);
  const load = useCouponTemplates((state) => state.load);
  const identity = useConsoleIdentity((state) => state.data);
  const [stateFilter, setStateFilter] = useState<StateFilter>('all');
  const [channelFilter, setChannelFilter] = useState<ChannelFilter>('all');
  const [busyId, setBusyId] = useState<string | null>(null);
  const [raising, setRaising] = useState<CouponTemplateView | null>(null);

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  const mayEdit = identity?.role === 'owner' || identity?.role === 'manager';

  async function togglePaused(t: CouponTemplateView) {
    if (busyId) return;
    const pause = t.state === 'active';
    if (pause) {
      const { confirm } = await Taro.showModal({
        title: `暂停「${t.name}」？`,
        content: '暂停后会员不能再领取或兑换，也不能批量发放；已经领到的券照常可用。可随时恢复。',
        confirmText: '暂停',
        cancelText: '取消',
      });
      if (!confirm) return;
    }
    setBusyId(t.templateId);
    try {
      await setCouponTemplatePaused(t.templateId, pause);
      void Taro.showToast({ title: pause ? '已暂停' : '已恢复', icon: 'none' });
    } catch (failure) {
      void Taro.showToast({ title: messageOf(failure), icon: 'none', duration: 2500 });
    } finally {
      setBusyId(null);
    }
  }

  const columns: Column<CouponTemplateView>[] = [
    { key: 'name', title: '名称', primary: true, render: (t) => <Text className='coupons__name'>{t.name}</Text> },
    { key: 'rule', title: '规则', primary: true, render: (t) => <Text className='coupons__rule'>{t.summary[0] ?? ''}</Text> },
    { key: 'channel', title: '渠道', render: (t) => <Text>{channelText(t)}</Text> },
    { key: 'state', title: '状态', render: (t) => <Text className={`coupons__state coupons__state--${t.state}`}>{STATE_LABEL[t.state]}</Text> },
    { key: 'stock', title: '总库存', numeric: true, render: (t) => <Text>{formatPoints(t.stock)}</Text> },
    { key: 'issued', title: '已发放', numeric: true, render: (t) => <Text className='coupon-issued'>{formatPoints(t.issued)}</Text> },
    { key: 'redeemed', title: '已核销', numeric: true, render: (t) => <Text className='coupon-redeemed'>{formatPoints(t.redeemed)}</Text> },
    { key: 'expired', title: '已过期', numeric: true, render: (t) => <Text className='coupon-expired'>{formatPoints(t.expired)}</Text> },
    { key: 'remaining', title: '剩余', numeric: true, render: (t) => <Text className='coupon-remaining'>{formatPoints(remainingOf(t))}</Text> },
  ];
  if (mayEdit) {
    columns.push({
      key: 'actions',
      title: '操作',
      render: (t) => <RowButtons template={t} busy={busyId === t.templateId} onToggle={() => void togglePaused(t)} onRaise={() => setRaising(t)} />,
    });
  }

  const newButton = mayEdit ? (
    <View className='coupons__head-actions'>
      <View className='btn btn--ghost btn--small' id='coupon-issue-open' hoverClass='btn--hover' onClick={() => void Taro.navigateTo({ url: '/admin/coupon-issue/index' })}>
        <Text>批量发券</Text>
      </View>
      <View className='btn btn--primary btn--small' id='coupon-new' hoverClass='btn--hover' onClick={() => void Taro.navigateTo({ url: '/admin/coupon/index' })}>
        <Text>新建优惠券</Text>
      </View>
    </View>
  ) : undefined;

  const shown = data ? filterTemplates(data.templates, stateFilter, channelFilter) : [];

  return (
    <ConsoleShell page='coupons' title='优惠券' actions={newButton}>
      <View className='coupons'>
        {!data ? (
          status === 'error' && errorCode === 'FORBIDDEN' ? (
            <EmptyState id='coupons-forbidden' icon='锁' title='没有查看优惠券的权限' text='优惠券由品牌主和运营经理维护。' />
          ) : status === 'error' ? (
            <ErrorState id='coupons-error' title='优惠券没有加载出来' message={error ?? ''} onRetry={() => void load()} />
          ) : (
            <View className='list'>
              <ListSkeleton rows={4} id='coupons-loading' />
            </View>
          )
        ) : data.templates.length === 0 ? (
          <EmptyState
            id='coupons-empty'
            icon='券'
            title='还没有优惠券'
            text={mayEdit ? '新建第一张券：满减、无门槛、折扣或兑换券，放进领券中心、积分商城，或只用于发放。' : '品牌还没有创建优惠券。'}
            next={mayEdit ? { label: '新建优惠券', id: 'coupons-empty-new', primary: true, onClick: () => void Taro.navigateTo({ url: '/admin/coupon/index' }) } : undefined}
          />
        ) : (
          <>
            {!mayEdit ? (
              <Text className='coupons__readonly' id='coupons-readonly'>
                你可以查看优惠券和发放数据；新建和修改需要品牌主或运营经理。
              </Text>
            ) : null}
            <View className='coupons__filters' id='coupons-filters'>
              <Chips items={STATE_FILTERS} value={stateFilter} onChange={setStateFilter} idPrefix='coupon-filter-state' />
              <Chips items={CHANNEL_FILTERS} value={channelFilter} onChange={setChannelFilter} idPrefix='coupon-filter-channel' />
            </View>
            {shown.length === 0 ? (
              <EmptyState
                id='coupons-filtered-empty'
                icon='筛'
                text='没有符合筛选条件的优惠券。'
                next={{
                  label: '清除筛选',
                  id: 'coupons-clear-filters',
                  onClick: () => {
                    setStateFilter('all');
                    setChannelFilter('all');
                  },
                }}
              />
            ) : (
              <DataTable
                id='coupons-table'
                columns={columns}
                rows={shown}
                rowId={(t) => `coupon-${t.templateId}`}
                rowClassName={(t) => `coupon-row coupon-row--${t.state}`}
              />
            )}
          </>
        )}
      </View>
      {raising ? <RaiseStockModal template={raising} onClose={() => setRaising(null)} /> : null}
    </ConsoleShell>
  );
}

function Chips<K extends string>({ items, value, onChange, idPrefix }: { items: { key: K; label: string }[]; value: K; onChange: (key: K) => void; idPrefix: string }) {
  return (
    <View className='coupons__chips'>
      {items.map((item) => (
        <View key={item.key} id={`${idPrefix}-${item.key}`} className={`coupons__chip${item.key === value ? ' coupons__chip--on' : ''}`} onClick={() => onChange(item.key)}>
          <Text>{item.label}</Text>
        </View>
      ))}
    </View>
  );
}

function RowButtons({ template: t, busy, onToggle, onRaise }: { template: CouponTemplateView; busy: boolean; onToggle: () => void; onRaise: () => void }) {
  const actions = rowActions(t, true);
  const id = t.templateId;
  return (
    <View className='coupons__actions'>
      {actions.includes('edit') ? (
        <Text className='coupons__action' id={`coupon-edit-${id}`} onClick={() => void Taro.navigateTo({ url: `/admin/coupon/index?id=${id}` })}>
          编辑
        </Text>
      ) : null}
      {actions.includes('pause') || actions.includes('resume') ? (
        <Text className={`coupons__action${busy ? ' coupons__action--busy' : ''}`} id={`coupon-${t.state === 'active' ? 'pause' : 'resume'}-${id}`} onClick={onToggle}>
          {busy ? '处理中…' : t.state === 'active' ? '暂停' : '恢复'}
        </Text>
      ) : null}
      <Text className='coupons__action' id={`coupon-raise-${id}`} onClick={onRaise}>
        追加库存
      </Text>
      {actions.includes('issue') ? (
        <Text className='coupons__action' id={`coupon-issue-${id}`} onClick={() => void Taro.navigateTo({ url: `/admin/coupon-issue/index?templateId=${id}` })}>
          批量发放
        </Text>
      ) : null}
    </View>
  );
}

function RaiseStockModal({ template, onClose }: { template: CouponTemplateView; onClose: () => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const add = parseStockAdd(text);

  async function submit() {
    if (busy) return;
    if (add === null) return setError('请填写 1 到 10,000,000 的整数');
    setBusy(true);
    setError(null);
    try {
      const view = await raiseCouponStock(template.templateId, add);
      void Taro.showToast({ title: `总库存已增至 ${formatPoints(view.stock)}`, icon: 'none' });
      onClose();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className='coupons__mask' id='stock-modal' catchMove>
      <View className='card coupons__modal'>
        <Text className='coupons__modal-title'>追加库存 · {template.name}</Text>
        <Text className='coupons__muted'>
          当前总库存 {formatPoints(template.stock)}，已发放 {formatPoints(template.issued)}，剩余 {formatPoints(remainingOf(template))}
        </Text>
        <Input className='coupons__input' id='stock-add' type='number' placeholder='追加数量' focus value={text} onInput={(e) => setText(e.detail.value)} onConfirm={() => void submit()} />
        {add !== null ? <Text className='coupons__muted'>追加后总库存 {formatPoints(template.stock + add)}</Text> : null}
        {error ? <Text className='coupons__error' id='stock-add-error'>{error}</Text> : null}
        <View className='coupons__modal-buttons'>
          <View className='btn btn--ghost btn--small' id='stock-add-cancel' hoverClass='btn--hover' onClick={onClose}>
            <Text>取消</Text>
          </View>
          <View className={`btn btn--primary btn--small${busy ? ' btn--disabled' : ''}`} id='stock-add-confirm' hoverClass='btn--hover' onClick={() => void submit()}>
            <Text>{busy ? '正在追加…' : '确认追加'}</Text>
          </View>
        </View>
      </View>
    </View>
  );
}
