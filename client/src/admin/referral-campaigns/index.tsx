import { Text, View } from '@tarojs/components';
import type { CampaignView } from '@contract';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { messageOf } from '../../api';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/list-states';
import { useConsoleIdentity } from '../../stores/console';
import { saveReferralCampaign, setReferralCampaignStatus, useReferralCampaigns } from '../../stores/referral-admin';
import { formatDateTime, formatFen, formatPoints } from '../../utils/format';
import { DataTable, type Column } from '../console/data-table';
import { ConsoleShell } from '../console/shell';
import { Choices, Field, Tag } from '../referral-shared/fields';
import { campaignInputFrom, draftFrom, EMPTY_DRAFT, type CampaignDraft, type DraftErrors } from './form';

const AUDIENCE_TEXT = { all: '全部会员', koc: 'KOC' } as const;

function welcomeText(campaign: CampaignView): string {
  if (!campaign.welcome) return '无';
  return campaign.welcome.kind === 'points' ? `${formatPoints(campaign.welcome.points)} 积分` : `券 ${campaign.welcome.templateId}`;
}

function qualifyText(campaign: CampaignView): string {
  return `${campaign.qualify.kind === 'purchase' ? '首单' : '首充'} ≥ ${formatFen(campaign.qualify.minFen)}`;
}

function capText(campaign: CampaignView): string {
  const day = campaign.capPerDay === null ? '不限' : `${campaign.capPerDay}/日`;
  const month = campaign.capPerMonth === null ? '不限' : `${campaign.capPerMonth}/月`;
  return `${day} · ${month}`;
}

const COLUMNS: Column<CampaignView>[] = [
  { key: 'name', title: '活动', primary: true, render: (c) => <Text>{c.name}</Text> },
  { key: 'audience', title: '对象', render: (c) => <Text>{AUDIENCE_TEXT[c.audience]}</Text> },
  { key: 'status', title: '状态', primary: true, render: (c) => <Tag text={c.status === 'active' ? '进行中' : '已暂停'} tone={c.status === 'active' ? 'good' : 'off'} id={`campaign-status-${c.campaignId}`} /> },
  { key: 'welcome', title: '新人奖励', render: (c) => <Text>{welcomeText(c)}</Text> },
  { key: 'inviter', title: '邀请人奖励', numeric: true, render: (c) => <Text>{formatPoints(c.inviter.points)} 积分</Text> },
  { key: 'qualify', title: '达标条件', render: (c) => <Text>{qualifyText(c)}</Text> },
  { key: 'hold', title: '等待', numeric: true, render: (c) => <Text>{c.holdDays} 天</Text> },
  { key: 'caps', title: '上限', render: (c) => <Text>{capText(c)}</Text> },
  { key: 'updated', title: '更新于', render: (c) => <Text>{formatDateTime(c.updatedAt)}</Text> },
];

/** 邀请活动: the brand's referral campaigns (rewards, qualification, hold, caps, risk, poster copy). */
export default function ReferralCampaignsPage() {
  const data = useReferralCampaigns((state) => state.data);
  const status = useReferralCampaigns((state) => state.status);
  const error = useReferralCampaigns((state) => state.error);
  const load = useReferralCampaigns((state) => state.load);
  const role = useConsoleIdentity((state) => state.data?.role);
  const mayEdit = role === 'owner' || role === 'manager';
  // null: no editor; 'new': a new campaign; otherwise the campaign being edited.
  const [editing, setEditing] = useState<string | null>(null);

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  const current = editing && editing !== 'new' ? data?.campaigns.find((c) => c.campaignId === editing) ?? null : null;

  return (
    <ConsoleShell
      page='referral-campaigns'
      title='邀请活动'
      actions={
        mayEdit ? (
          <View className='btn btn--primary btn--small' id='campaign-new' hoverClass='btn--hover' onClick={() => setEditing('new')}>
            <Text>新建活动</Text>
          </View>
        ) : null
      }
    >
      {editing ? (
        <CampaignEditor key={editing} campaign={current} mayEdit={mayEdit} onClose={() => setEditing(null)} onSaved={(saved) => setEditing(saved.campaignId)} />
      ) : null}
      {!data ? (
        status === 'error' ? (
          <ErrorState id='campaigns-error' title='邀请活动没有加载出来' message={error ?? ''} onRetry={() => void load()} />
        ) : (
          <ListSkeleton id='campaigns-loading' rows={3} />
        )
      ) : data.campaigns.length === 0 ? (
        <EmptyState
          id='campaigns-empty'
          icon='邀'
          text={mayEdit ? '还没有邀请活动。新建一个，会员就能邀请好友领奖励。' : '品牌还没有邀请活动。'}
          next={mayEdit ? { id: 'campaigns-empty-new', label: '新建活动', primary: true, onClick: () => setEditing('new') } : undefined}
        />
      ) : (
        <DataTable id='campaigns-table' columns={COLUMNS} rows={data.campaigns} rowId={(c) => `campaign-${c.campaignId}`} onRowClick={(c) => setEditing(c.campaignId)} />
      )}
    </ConsoleShell>
  );
}

function CampaignEditor({ campaign, mayEdit, onClose, onSaved }: { campaign: CampaignView | null; mayEdit: boolean; onClose: () => void; onSaved: (saved: CampaignView) => void }) {
  const [draft, setDraft] = useState<CampaignDraft>(() => (campaign ? draftFrom(campaign) : EMPTY_DRAFT));
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const checked = campaignInputFrom(draft);
  // Errors show once the operator has typed or tried to save: a fresh form is not all red.
  const errors: DraftErrors = touched && checked.errors ? checked.errors : {};
  const readOnly = !mayEdit;

  const set = <K extends keyof CampaignDraft>(field: K) => (value: CampaignDraft[K]) => {
    setTouched(true);
    setDraft((d) => ({ ...d, [field]: value }));
  };

  async function save() {
    setTouched(true);
    if (busy || !checked.input) return;
    setBusy(true);
    setFailure(null);
    try {
      const saved = await saveReferralCampaign(campaign?.campaignId ?? null, checked.input);
      void Taro.showToast({ title: campaign ? `已保存（第 ${saved.version} 版）` : '活动已创建', icon: 'none' });
      onSaved(saved);
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setBusy(false);
    }
  }

  async function toggleStatus() {
    if (!campaign || busy) return;
    const next = campaign.status === 'active' ? 'paused' : 'active';
    if (next === 'paused') {
      const answer = await Taro.showModal({ title: '暂停活动', content: `暂停「${campaign.name}」后，新打开的邀请不再绑定，已达标的奖励照常审核发放。`, confirmText: '暂停', confirmColor: '#b8432f' });
      if (!answer.confirm) return;
    }
    setBusy(true);
    setFailure(null);
    try {
      await setReferralCampaignStatus(campaign.campaignId, next);
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className='card ref-page__card ref-form' id='campaign-editor'>
      <Text className='ref-form__section'>{campaign ? `${campaign.name}（第 ${campaign.version} 版）` : '新建邀请活动'}</Text>
      <View className='ref-form__grid'>
        <Field id='campaign-name' label='活动名称' value={draft.name} onChange={set('name')} error={errors.name} maxlength={30} disabled={readOnly} />
        <Choices id='campaign-audience' label='适用会员' value={draft.audience} onChange={set('audience')} disabled={readOnly} options={[{ value: 'all', label: '全部会员' }, { value: 'koc', label: '仅 KOC' }]} />
        <Field id='campaign-window' label='邀请有效期' value={draft.windowDays} onChange={set('windowDays')} error={errors.windowDays} type='number' suffix='天' hint='好友首次打开后多少天内注册算作邀请' disabled={readOnly} />
      </View>

      <Text className='ref-form__section'>奖励</Text>
      <View className='ref-form__grid'>
        <Choices id='campaign-welcome-kind' label='新人奖励' value={draft.welcomeKind} onChange={set('welcomeKind')} disabled={readOnly} options={[{ value: 'points', label: '积分' }, { value: 'coupon', label: '优惠券' }, { value: 'none', label: '无' }]} />
        {draft.welcomeKind === 'points' ? (
          <Field id='campaign-welcome-points' label='新人奖励积分' value={draft.welcomePoints} onChange={set('welcomePoints')} error={errors.welcomePoints} type='number' suffix='积分' disabled={readOnly} />
        ) : draft.welcomeKind === 'coupon' ? (
          <Field id='campaign-welcome-template' label='券模板编号' value={draft.welcomeTemplateId} onChange={set('welcomeTemplateId')} error={errors.welcomeTemplateId} hint='在「优惠券」页查看模板编号' disabled={readOnly} />
        ) : null}
        <Field id='campaign-inviter-points' label='邀请人奖励积分' value={draft.inviterPoints} onChange={set('inviterPoints')} error={errors.inviterPoints} type='number' suffix='积分' disabled={readOnly} />
      </View>

      <Text className='ref-form__section'>达标与发放</Text>
      <View className='ref-form__grid'>
        <Choices id='campaign-qualify-kind' label='好友达标条件' value={draft.qualifyKind} onChange={set('qualifyKind')} disabled={readOnly} options={[{ value: 'purchase', label: '首次消费' }, { value: 'topup', label: '首次储值' }]} />
        <Field id='campaign-qualify-min' label='门槛金额' value={draft.qualifyMinYuan} onChange={set('qualifyMinYuan')} error={errors.qualifyMinYuan} type='digit' suffix='元' hint='按实付金额（扣除会员价、券和积分抵扣后）' disabled={readOnly} />
        <Field id='campaign-hold' label='发放等待期' value={draft.holdDays} onChange={set('holdDays')} error={errors.holdDays} type='number' suffix='天' hint='退款窗口：期内退款则奖励取消' disabled={readOnly} />
        <Field id='campaign-cap-day' label='每人每日上限' value={draft.capPerDay} onChange={set('capPerDay')} error={errors.capPerDay} type='number' placeholder='不限' suffix='人' disabled={readOnly} />
        <Field id='campaign-cap-month' label='每人每月上限' value={draft.capPerMonth} onChange={set('capPerMonth')} error={errors.capPerMonth} type='number' placeholder='不限' suffix='人' disabled={readOnly} />
        <Choices id='campaign-risk' label='风险审核阈值（微信风险等级）' value={draft.riskThreshold} onChange={set('riskThreshold')} disabled={readOnly} options={['1', '2', '3', '4'].map((v) => ({ value: v, label: `≥ ${v} 级审核` }))} />
      </View>

      <Text className='ref-form__section'>海报文案</Text>
      <View className='ref-form__grid'>
        <Field id='campaign-poster-title' label='海报标题' value={draft.posterTitle} onChange={set('posterTitle')} error={errors.posterTitle} maxlength={20} placeholder='例如 喝咖啡，也带上朋友' disabled={readOnly} />
        <Field id='campaign-poster-text' label='海报文案' value={draft.posterText} onChange={set('posterText')} error={errors.posterText} maxlength={60} placeholder='例如 好友注册即得 100 积分' disabled={readOnly} />
      </View>

      {campaign && campaign.rulesText.length > 0 ? (
        <>
          <Text className='ref-form__section'>会员看到的规则</Text>
          <View id='campaign-rules'>
            {campaign.rulesText.map((line, index) => (
              <Text key={index} className='ref-form__hint'>
                {index + 1}. {line}
              </Text>
            ))}
          </View>
        </>
      ) : null}

      {failure ? (
        <Text className='ref-form__message' id='campaign-failure'>
          {failure}
        </Text>
      ) : null}
      <View className='ref-form__actions'>
        {mayEdit ? (
          <View className={`btn btn--primary btn--small${busy || (touched && !checked.input) ? ' btn--disabled' : ''}`} id='campaign-save' hoverClass='btn--hover' onClick={() => void save()}>
            <Text>{busy ? '正在保存…' : campaign ? '保存修改' : '创建活动'}</Text>
          </View>
        ) : null}
        {mayEdit && campaign ? (
          <View className={`btn ${campaign.status === 'active' ? 'btn--danger' : 'btn--ghost'} btn--small`} id='campaign-toggle' hoverClass='btn--hover' onClick={() => void toggleStatus()}>
            <Text>{campaign.status === 'active' ? '暂停活动' : '恢复活动'}</Text>
          </View>
        ) : null}
        <View className='btn btn--ghost btn--small' id='campaign-close' hoverClass='btn--hover' onClick={onClose}>
          <Text>关闭</Text>
        </View>
      </View>
    </View>
  );
}
