import { Input, Picker, Text, View } from '@tarojs/components';
import type { GuideRow, LeaderboardRow, ReferralFigures } from '@contract';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { messageOf } from '../../api';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/list-states';
import { MonthSwitcher } from '../../components/month-switcher';
import { useConsoleIdentity } from '../../stores/console';
import { setMemberKoc, useAdminKocBoard, useGuideReport, useReferralReport, type DateRange } from '../../stores/referral-admin';
import { lastDays, rangeProblem } from '../../utils/date-range';
import { formatDate, formatFen, formatPoints } from '../../utils/format';
import { DataTable, type Column } from '../console/data-table';
import { ConsoleShell } from '../console/shell';
import { Choices, Field } from '../referral-shared/fields';

type Preset = '7' | '30' | '90' | 'custom';

const FIGURES: { key: keyof ReferralFigures; label: string; format?: (n: number) => string }[] = [
  { key: 'shares', label: '分享' },
  { key: 'opens', label: '打开' },
  { key: 'registrations', label: '注册' },
  { key: 'qualified', label: '达标' },
  { key: 'rewardsPaid', label: '已发奖励' },
  { key: 'pointsPaid', label: '发放积分', format: formatPoints },
  { key: 'activeInviters', label: '活跃邀请人' },
  { key: 'kFactor', label: 'K 因子', format: (n) => n.toFixed(2) },
];

type CampaignRow = { campaignId: string; name: string; figures: ReferralFigures };

const CAMPAIGN_COLUMNS: Column<CampaignRow>[] = [
  { key: 'name', title: '活动', primary: true, render: (r) => <Text>{r.name}</Text> },
  ...FIGURES.map((f) => ({
    key: f.key,
    title: f.label,
    numeric: true,
    primary: f.key === 'kFactor',
    render: (r: CampaignRow) => <Text>{(f.format ?? String)(r.figures[f.key])}</Text>,
  })),
];

const GUIDE_COLUMNS: Column<GuideRow>[] = [
  { key: 'store', title: '门店', primary: true, render: (r) => <Text>{r.storeName}</Text> },
  { key: 'staff', title: '导购', primary: true, render: (r) => <Text>{r.staffOpenid === null ? '门店码' : r.staffName}</Text> },
  { key: 'members', title: '绑定会员', numeric: true, render: (r) => <Text>{r.membersBound}</Text> },
  { key: 'purchases', title: '消费笔数', numeric: true, render: (r) => <Text>{r.purchases}</Text> },
  { key: 'revenue', title: '消费金额', numeric: true, render: (r) => <Text>{formatFen(r.revenueFen)}</Text> },
];

const KOC_COLUMNS: Column<LeaderboardRow>[] = [
  { key: 'rank', title: '名次', primary: true, render: (r) => <Text>{r.rank}</Text> },
  { key: 'name', title: '会员', primary: true, render: (r) => <Text>{r.name}</Text> },
  { key: 'qualified', title: '达标好友', numeric: true, render: (r) => <Text>{r.qualified}</Text> },
  { key: 'koc', title: 'KOC', render: (r) => <Text>{r.koc ? '是' : '—'}</Text> },
];

/** Shown when the rows carry member numbers (owners and managers): a tap on the row fills 标记KOC. */
const MEMBER_NO_COLUMN: Column<LeaderboardRow> = { key: 'memberNo', title: '会员号', render: (r) => <Text>{r.memberNo ?? '—'}</Text> };

function today(): string {
  return formatDate(Date.now());
}

/** 邀请数据: referral figures per campaign (K-factor), 导购 figures per store and staff, the KOC board. */
export default function ReferralReportPage() {
  const role = useConsoleIdentity((state) => state.data?.role);
  const [preset, setPreset] = useState<Preset>('30');
  const [range, setRange] = useState<DateRange>(() => lastDays(today(), 30));
  const problem = rangeProblem(range.from, range.to);
  const readsReferral = role === 'owner' || role === 'manager' || role === 'analyst';

  function loadAll(next: DateRange = range) {
    if (rangeProblem(next.from, next.to)) return Promise.resolve();
    const identity = useConsoleIdentity.getState().data;
    const jobs: Promise<void>[] = [useAdminKocBoard.getState().load(useAdminKocBoard.getState().key ?? '')];
    // referralReport is for owners, managers and analysts; guideReport for owners, managers and store managers.
    if (identity && identity.role !== 'store_manager') jobs.push(useReferralReport.getState().load(next));
    if (identity && identity.role !== 'analyst') jobs.push(useGuideReport.getState().load(next));
    return Promise.all(jobs).then(() => undefined);
  }

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    // The console identity decides which reports this operator may read: wait for it.
    void useConsoleIdentity.getState().load().then(() => loadAll());
  });
  usePullDownRefresh(() => {
    void loadAll().finally(() => Taro.stopPullDownRefresh());
  });

  function choose(next: Preset) {
    setPreset(next);
    if (next === 'custom') return;
    const chosen = lastDays(today(), Number(next));
    setRange(chosen);
    void loadAll(chosen);
  }

  function pick(field: 'from' | 'to', value: string) {
    const next = { ...range, [field]: value };
    setPreset('custom');
    setRange(next);
    void loadAll(next);
  }

  return (
    <ConsoleShell page='referral-report' title='邀请数据'>
      <View className='card ref-page__card ref-form'>
        <Choices
          id='report-range'
          label='时间范围'
          value={preset}
          onChange={choose}
          options={[
            { value: '7', label: '近 7 天' },
            { value: '30', label: '近 30 天' },
            { value: '90', label: '近 90 天' },
            { value: 'custom', label: '自定义' },
          ]}
        />
        <View className='ref-page__filters'>
          <Picker mode='date' value={range.from} onChange={(e) => pick('from', e.detail.value)}>
            <View className='ref-form__chip' id='report-from'>
              <Text>从 {range.from}</Text>
            </View>
          </Picker>
          <Picker mode='date' value={range.to} onChange={(e) => pick('to', e.detail.value)}>
            <View className='ref-form__chip' id='report-to'>
              <Text>到 {range.to}</Text>
            </View>
          </Picker>
        </View>
        {problem ? (
          <Text className='ref-form__message' id='report-range-problem'>
            {problem}
          </Text>
        ) : null}
      </View>

      {readsReferral ? <ReferralSection /> : null}
      {role && role !== 'analyst' ? <GuideSection /> : null}
      <KocSection mayMark={role === 'owner' || role === 'manager'} />
    </ConsoleShell>
  );
}

function ReferralSection() {
  const data = useReferralReport((state) => state.data);
  const status = useReferralReport((state) => state.status);
  const error = useReferralReport((state) => state.error);
  const load = useReferralReport((state) => state.load);
  return (
    <>
      <Text className='section-title'>邀请转化</Text>
      {!data ? (
        status === 'error' ? (
          <ErrorState id='report-error' title='邀请数据没有加载出来' message={error ?? ''} onRetry={() => void load()} />
        ) : (
          <ListSkeleton id='report-loading' rows={2} />
        )
      ) : (
        <>
          <View className='card ref-page__card ref-page__figures' id='report-total'>
            {FIGURES.map((f) => (
              <View key={f.key} className='ref-page__figure' id={`report-total-${f.key}`}>
                <Text className='ref-page__figure-value'>{(f.format ?? String)(data.total[f.key])}</Text>
                <Text className='ref-page__figure-label'>{f.label}</Text>
              </View>
            ))}
          </View>
          <Text className='ref-page__muted'>K 因子 = 达标的被邀请人数 ÷ 期间内有分享或打开的邀请人数。</Text>
          {data.campaigns.length === 0 ? (
            <EmptyState id='report-campaigns-empty' icon='邀' text='这段时间没有活动数据。' />
          ) : (
            <DataTable id='report-campaigns' columns={CAMPAIGN_COLUMNS} rows={data.campaigns} rowId={(r) => `report-${r.campaignId}`} />
          )}
        </>
      )}
    </>
  );
}

function GuideSection() {
  const data = useGuideReport((state) => state.data);
  const status = useGuideReport((state) => state.status);
  const error = useGuideReport((state) => state.error);
  const load = useGuideReport((state) => state.load);
  return (
    <>
      <Text className='section-title'>导购业绩（门店 / 店员）</Text>
      {!data ? (
        status === 'error' ? (
          <ErrorState id='guide-report-error' title='导购数据没有加载出来' message={error ?? ''} onRetry={() => void load()} />
        ) : (
          <ListSkeleton id='guide-report-loading' rows={2} />
        )
      ) : data.rows.length === 0 ? (
        <EmptyState id='guide-report-empty' icon='店' text='这段时间没有通过门店码或导购码注册的会员。' />
      ) : (
        <DataTable id='guide-report' columns={GUIDE_COLUMNS} rows={data.rows} rowId={(r) => `guide-${r.storeId}-${r.staffOpenid ?? 'store'}`} />
      )}
    </>
  );
}

function KocSection({ mayMark }: { mayMark: boolean }) {
  const data = useAdminKocBoard((state) => state.data);
  const status = useAdminKocBoard((state) => state.status);
  const error = useAdminKocBoard((state) => state.error);
  const load = useAdminKocBoard((state) => state.load);
  const [latest, setLatest] = useState<string | null>(null);
  const [memberNo, setMemberNo] = useState('');
  // The month the first (unnamed) load answered is the current one: the switcher stops there.
  useEffect(() => {
    if (data && useAdminKocBoard.getState().key === '') setLatest((current) => current ?? data.month);
  }, [data]);

  return (
    <>
      <Text className='section-title'>KOC 排行榜（按当月达标好友数）</Text>
      {data ? <MonthSwitcher id='koc-board-month' month={data.month} latest={latest} onChange={(month) => void load(month)} /> : null}
      {!data ? (
        status === 'error' ? (
          <ErrorState id='koc-board-error' title='排行榜没有加载出来' message={error ?? ''} onRetry={() => void load()} />
        ) : (
          <ListSkeleton id='koc-board-loading' rows={3} />
        )
      ) : data.rows.length === 0 ? (
        <EmptyState id='koc-board-empty' icon='榜' text='这个月还没有邀请达标的会员。' />
      ) : (
        <DataTable
          id='koc-board'
          columns={data.rows.some((r) => r.memberNo) ? [...KOC_COLUMNS, MEMBER_NO_COLUMN] : KOC_COLUMNS}
          rows={data.rows}
          rowId={(r) => `koc-${r.rank}`}
          // A row with its member number (owners and managers) fills 标记KOC below.
          onRowClick={mayMark && data.rows.some((r) => r.memberNo) ? (r) => r.memberNo && setMemberNo(r.memberNo) : undefined}
        />
      )}
      {mayMark ? <KocMarkForm memberNo={memberNo} setMemberNo={setMemberNo} /> : null}
    </>
  );
}

/** 标记 KOC: by member number, typed or taken from a board row (the board shows masked names, and the number to those who may mark). */
function KocMarkForm({ memberNo, setMemberNo }: { memberNo: string; setMemberNo: (memberNo: string) => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function mark(koc: boolean) {
    if (busy) return;
    const no = memberNo.replace(/\s/g, '');
    if (!/^\d{10}$/.test(no)) {
      setMessage({ ok: false, text: '请输入 10 位会员号' });
      return;
    }
    if (!reason.trim()) {
      setMessage({ ok: false, text: '请填写原因（记入审计日志）' });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const result = await setMemberKoc(no, koc, reason.trim());
      setMessage({ ok: true, text: result.koc ? `会员 ${result.memberNo} 已标记为 KOC，今后邀请使用 KOC 活动` : `会员 ${result.memberNo} 已取消 KOC` });
    } catch (error) {
      setMessage({ ok: false, text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className='card ref-page__card ref-page__card--after-table ref-form' id='koc-mark'>
      <Text className='ref-form__section'>标记 KOC</Text>
      <Text className='ref-form__hint' id='koc-mark-tip'>
        点排行榜中的一行即可填入该会员的会员号
      </Text>
      <View className='ref-form__grid'>
        <Field id='koc-member-no' label='会员号' value={memberNo} onChange={setMemberNo} type='number' maxlength={13} placeholder='10 位会员号' />
        <View className='ref-form__field'>
          <Text className='ref-form__label'>原因</Text>
          <Input id='koc-reason' className='ref-form__input' value={reason} maxlength={100} placeholder='例如 本月邀请达人' onInput={(e) => setReason(e.detail.value)} />
        </View>
      </View>
      {message ? (
        <Text className={message.ok ? 'ref-form__hint' : 'ref-form__message'} id='koc-mark-message'>
          {message.text}
        </Text>
      ) : null}
      <View className='ref-form__actions'>
        <View className={`btn btn--primary btn--small${busy ? ' btn--disabled' : ''}`} id='koc-mark-on' hoverClass='btn--hover' onClick={() => void mark(true)}>
          <Text>标记KOC</Text>
        </View>
        <View className={`btn btn--ghost btn--small${busy ? ' btn--disabled' : ''}`} id='koc-mark-off' hoverClass='btn--hover' onClick={() => void mark(false)}>
          <Text>取消KOC</Text>
        </View>
      </View>
    </View>
  );
}
