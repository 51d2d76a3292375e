import { Input, Picker, Text, View } from '@tarojs/components';
import type { MemberDetail, PurchaseView, TierChangeView } from '@contract';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { messageOf } from '../../api';
import { LedgerRow } from '../../components/ledger-row';
import { EmptyState, ErrorState, ListFooter, ListSkeleton } from '../../components/list-states';
import { type MemberTab, adjustMemberPoints, overrideMemberTier, useMemberDetail } from '../../stores/admin-members';
import { useConsoleIdentity } from '../../stores/console';
import { colors } from '../../theme';
import { formatDate, formatDateTime, formatFen, formatMemberNo, formatPoints, formatSignedPoints } from '../../utils/format';
import { ConsoleShell } from '../console/shell';
import { PaidMembershipBlock } from './paid-membership';
import './index.scss';

const TABS: { key: MemberTab; label: string }[] = [
  { key: 'points', label: '积分明细' },
  { key: 'purchases', label: '消费记录' },
  { key: 'growth', label: '等级与成长' },
];

/** One member for an operator: who, balances, history, and (owners and managers) manual changes. */
export default function AdminMemberPage() {
  const memberNo = useRouter().params.no ?? '';
  const { data, status, error, errorCode, load, loadMore } = useMemberDetail();
  const role = useConsoleIdentity((state) => state.data?.role);
  const [tab, setTab] = useState<MemberTab>('points');
  const valid = /^\d{10}$/.test(memberNo);

  useDidShow(() => {
    if (valid) void load(memberNo);
  });
  usePullDownRefresh(() => {
    void (valid ? load(memberNo) : Promise.resolve()).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void loadMore(tab));

  const mayChange = role === 'owner' || role === 'manager';
  const shown = data && data.profile.memberNo === memberNo ? data : null;

  return (
    <ConsoleShell page='members' title='会员详情'>
      {!valid ? (
        <EmptyState id='member-invalid' icon='?' title='会员号有误' text='请从会员搜索进入会员详情。' next={{ label: '去搜索', onClick: () => void Taro.redirectTo({ url: '/admin/members/index' }) }} />
      ) : !shown ? (
        status === 'error' ? (
          errorCode === 'MEMBER_NOT_FOUND' ? (
            <EmptyState id='member-not-found' icon='无' title='没有找到该会员' text={`会员号 ${formatMemberNo(memberNo)} 不存在。`} />
          ) : (
            <ErrorState id='member-error' title='会员详情没有加载出来' message={error ?? ''} onRetry={() => void load(memberNo)} />
          )
        ) : (
          <View className='list'>
            <ListSkeleton rows={5} id='member-loading' />
          </View>
        )
      ) : (
        <View className='member' id='member-page'>
          <Header member={shown} />
          <Balances member={shown} />
          {mayChange && !shown.profile.deletedAt ? (
            <View className='member__forms'>
              <AdjustForm memberNo={memberNo} role={role} />
              <OverrideForm member={shown} />
            </View>
          ) : null}
          {mayChange ? <PaidMembershipBlock memberNo={memberNo} /> : null}
          <View className='tabs member__tabs' id='member-tabs'>
            {TABS.map((t) => (
              <View key={t.key} id={`member-tab-${t.key}`} className={`tabs__tab${t.key === tab ? ' tabs__tab--active' : ''}`} onClick={() => setTab(t.key)}>
                <Text>{t.label}</Text>
              </View>
            ))}
          </View>
          <TabBody member={shown} tab={tab} />
        </View>
      )}
    </ConsoleShell>
  );
}

function Header({ member }: { member: MemberDetail }) {
  return (
    <View className='card member__header' id='member-header'>
      <View className='member__who'>
        <Text className='member__name' id='member-nickname'>
          {member.profile.nickname || '（未设置昵称）'}
        </Text>
        <Text className='member__tier' style={{ backgroundColor: member.tier.color }} id='member-tier'>
          {member.tier.name}
        </Text>
      </View>
      <Text className='member__line' id='member-no'>
        会员号 {formatMemberNo(member.profile.memberNo)}
      </Text>
      {member.profile.deletedAt ? (
        <Text className='member__line member__line--accent' id='member-deleted'>
          该会员已于 {formatDate(member.profile.deletedAt)} 注销账户：个人信息已删除，账本和消费记录保留；不能再调整积分或等级
        </Text>
      ) : (
        <Text className='member__line'>
          手机号 {member.profile.phone ?? '未绑定'} · 注册于 {formatDate(member.profile.joinedAt)}
        </Text>
      )}
      {member.override ? (
        <Text className='member__line member__line--accent' id='member-override'>
          人工调整为 {member.override.tier.name}，至 {formatDate(member.override.until)}（{member.override.reason}）；按成长值为 {member.earnedTier.name}
        </Text>
      ) : null}
      {member.downgradeNotice ? (
        <Text className='member__line member__line--warn'>
          将于 {formatDate(member.downgradeNotice.effectiveAt)} 调整为 {member.downgradeNotice.to.name}
        </Text>
      ) : null}
      {member.masked ? <Text className='member__line member__line--muted'>你的角色只能查看脱敏后的个人信息</Text> : null}
    </View>
  );
}

function Balances({ member }: { member: MemberDetail }) {
  const b = member.balances;
  const cards = [
    { id: 'points', label: '积分', value: formatPoints(b.points), sub: b.pointsDebt > 0 ? `欠还 ${formatPoints(b.pointsDebt)}` : '无欠还' },
    { id: 'growth', label: '成长值', value: formatPoints(b.growth), sub: `近 ${member.windowMonths} 个月 ${formatPoints(b.growthInWindow)}` },
    { id: 'principal', label: '储值本金', value: formatFen(b.walletPrincipal), sub: '可原路退款' },
    { id: 'bonus', label: '赠送金', value: formatFen(b.walletBonus), sub: `合计 ${formatFen(b.walletPrincipal + b.walletBonus)}` },
  ];
  return (
    <View className='member__balances' id='member-balances'>
      {cards.map((card) => (
        <View key={card.id} className='card member__balance' id={`balance-${card.id}`}>
          <Text className='member__balance-label'>{card.label}</Text>
          <Text className='member__balance-value'>{card.value}</Text>
          <Text className='member__balance-sub'>{card.sub}</Text>
        </View>
      ))}
    </View>
  );
}

function TabBody({ member, tab }: { member: MemberDetail; tab: MemberTab }) {
  const loadingMore = useMemberDetail((state) => state.loadingMore);
  const loadMore = useMemberDetail((state) => state.loadMore);
  const page = member[tab];
  const footer = <ListFooter loadingMore={loadingMore === tab} hasMore={page.nextCursor !== null} error={null} onRetry={() => void loadMore(tab)} />;
  const more = page.nextCursor ? (
    <View className='btn btn--ghost btn--small member__more' id={`member-more-${tab}`} hoverClass='btn--hover' onClick={() => void loadMore(tab)}>
      <Text>加载更多</Text>
    </View>
  ) : null;

  if (tab === 'purchases') {
    return (
      <View className='list' id='member-purchases'>
        {page.items.length === 0 ? <EmptyState text='还没有消费记录' /> : (page.items as PurchaseView[]).map((p) => <PurchaseRow key={p.purchaseId} purchase={p} />)}
        {page.items.length > 0 ? footer : null}
        {more}
      </View>
    );
  }
  return (
    <>
      {tab === 'growth' ? <TierChanges changes={member.tierChanges} /> : null}
      <View className='list' id={`member-${tab}`}>
        {tab === 'growth' ? <Text className='section-title'>成长值明细</Text> : null}
        {page.items.length === 0 ? <EmptyState text={tab === 'points' ? '还没有积分记录' : '还没有成长值记录'} /> : page.items.map((e) => ('entryId' in e ? <LedgerRow key={e.entryId} entry={e} /> : null))}
        {page.items.length > 0 ? footer : null}
        {more}
      </View>
    </>
  );
}

function PurchaseRow({ purchase }: { purchase: PurchaseView }) {
  return (
    <View className='row' data-purchase={purchase.purchaseId}>
      <View className='row__main'>
        <Text className='row__title'>
          消费 {formatFen(purchase.amountFen)}
          {purchase.status === 'refunded' ? '（已退款）' : ''}
        </Text>
        <Text className='row__sub'>{formatDateTime(purchase.createdAt)}</Text>
        {purchase.walletPaidFen > 0 ? <Text className='row__sub'>储值支付 {formatFen(purchase.walletPaidFen)}</Text> : null}
      </View>
      <View className='row__side'>
        <Text className='amount amount--plus'>{formatSignedPoints(purchase.pointsEarned)} 积分</Text>
        <Text className='row__sub'>成长值 {formatSignedPoints(purchase.growthEarned)}</Text>
      </View>
    </View>
  );
}

function TierChanges({ changes }: { changes: TierChangeView[] }) {
  return (
    <View className='list' id='member-tier-changes'>
      <Text className='section-title'>等级变动</Text>
      {changes.length === 0 ? (
        <EmptyState text='没有人工调整或消费升级的记录' />
      ) : (
        changes.map((c, index) => (
          <View className='row' key={`${c.at}-${index}`}>
            <View className='row__main'>
              <Text className='row__title'>{c.kind === 'override' ? `人工调整为 ${c.to?.name ?? ''}` : `消费升级（原 ${c.from?.name ?? ''}）`}</Text>
              <Text className='row__sub'>
                {formatDateTime(c.at)}
                {c.until ? ` · 至 ${formatDate(c.until)}` : ''}
                {c.reason ? ` · ${c.reason}` : ''}
              </Text>
            </View>
          </View>
        ))
      )}
    </View>
  );
}

const LIMIT: Record<string, number> = { owner: 1_000_000, manager: 10_000 };

function AdjustForm({ memberNo, role }: { memberNo: string; role: string | undefined }) {
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const limit = LIMIT[role ?? ''] ?? 0;

  async function submit(sign: 1 | -1) {
    if (busy) return;
    const value = Number(amount);
    if (!/^\d+$/.test(amount) || value <= 0) return setError('请输入正整数积分');
    if (value > limit) return setError(`单次最多 ${formatPoints(limit)} 积分`);
    if (reason.trim().length < 2) return setError('请填写原因（至少 2 个字）');
    setError(null);
    const { confirm } = await Taro.showModal({
      title: sign > 0 ? '确认发放积分' : '确认扣减积分',
      content: `${sign > 0 ? '发放' : '扣减'} ${formatPoints(value)} 积分，原因：${reason.trim()}。操作会记入审计日志。`,
      confirmText: '确认',
      cancelText: '取消',
      confirmColor: sign < 0 ? colors.danger : undefined,
    });
    if (!confirm) return;
    setBusy(true);
    try {
      const result = await adjustMemberPoints(memberNo, sign * value, reason.trim());
      setAmount('');
      setReason('');
      void Taro.showToast({ title: `已${sign > 0 ? '发放' : '扣减'}，余额 ${formatPoints(result.balance)}`, icon: 'none' });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className='card member__form' id='member-adjust'>
      <Text className='member__form-title'>积分发放 / 扣减</Text>
      <Input className='member__input' id='adjust-amount' type='number' placeholder={`积分数，最多 ${formatPoints(limit)}`} value={amount} onInput={(e) => setAmount(e.detail.value)} />
      <Input className='member__input' id='adjust-reason' placeholder='原因（会员可见）' maxlength={100} value={reason} onInput={(e) => setReason(e.detail.value)} />
      {error ? <Text className='member__error'>{error}</Text> : null}
      <View className='member__buttons'>
        <View className={`btn btn--primary btn--small${busy ? ' btn--disabled' : ''}`} id='adjust-grant' hoverClass='btn--hover' onClick={() => void submit(1)}>
          <Text>发放</Text>
        </View>
        <View className={`btn btn--danger btn--small${busy ? ' btn--disabled' : ''}`} id='adjust-deduct' hoverClass='btn--hover' onClick={() => void submit(-1)}>
          <Text>扣减</Text>
        </View>
      </View>
    </View>
  );
}

function OverrideForm({ member }: { member: MemberDetail }) {
  const [tierIndex, setTierIndex] = useState(-1);
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tier = tierIndex >= 0 ? member.tiers[tierIndex] : null;
  const today = formatDate(new Date());

  async function submit() {
    if (busy) return;
    if (!tier) return setError('请选择等级');
    if (!until) return setError('请选择结束日期');
    if (reason.trim().length < 2) return setError('请填写原因（至少 2 个字）');
    setError(null);
    const { confirm } = await Taro.showModal({ title: '确认调整等级', content: `调整为 ${tier.name}，至 ${until} 结束，之后恢复按成长值评定。`, confirmText: '确认', cancelText: '取消' });
    if (!confirm) return;
    setBusy(true);
    try {
      await overrideMemberTier(member.profile.memberNo, tier.code, until, reason.trim());
      setReason('');
      void Taro.showToast({ title: `已调整为 ${tier.name}`, icon: 'none' });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className='card member__form' id='member-override-form'>
      <Text className='member__form-title'>人工调整等级</Text>
      <Picker mode='selector' range={member.tiers.map((t) => t.name)} value={Math.max(0, tierIndex)} onChange={(e) => setTierIndex(Number(e.detail.value))}>
        <View className='member__input member__picker' id='override-tier'>
          <Text>{tier ? tier.name : '选择等级'}</Text>
        </View>
      </Picker>
      <Picker mode='date' value={until || today} start={today} onChange={(e) => setUntil(String(e.detail.value))}>
        <View className='member__input member__picker' id='override-until'>
          <Text>{until ? `至 ${until}` : '选择结束日期（两年内）'}</Text>
        </View>
      </Picker>
      <Input className='member__input' id='override-reason' placeholder='原因' maxlength={100} value={reason} onInput={(e) => setReason(e.detail.value)} />
      {error ? <Text className='member__error'>{error}</Text> : null}
      <View className={`btn btn--primary btn--small${busy ? ' btn--disabled' : ''}`} id='override-submit' hoverClass='btn--hover' onClick={() => void submit()}>
        <Text>{busy ? '提交中…' : '调整等级'}</Text>
      </View>
    </View>
  );
}
