import { Text, View } from '@tarojs/components';
import type { PlanInput, PlanKind, PlanView } from '@contract';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/list-states';
import { useConsoleIdentity } from '../../stores/console';
import { useCouponTemplates } from '../../stores/coupons-admin';
import { savePaidPlan, setPaidPlanStatus, usePaidPlansAdmin } from '../../stores/membership-admin';
import { cleanAmountInput } from '../../utils/money-input';
import { formatDiscount, formatFen, formatMultiplier, formatPoints } from '../../utils/format';
import { CouponTemplatePicker } from '../console/coupon-template-picker';
import { type Column, DataTable } from '../console/data-table';
import { FieldError, FormChip, FormField, type FormFieldProps, useConsoleForm } from '../console/form';
import { ConsoleShell } from '../console/shell';
import { PLAN_LIMITS, type PlanDraft, draftFromPlan, emptyPlanDraft, planFormField, planFromDraft } from './form-model';
import './index.scss';

// 付费会员卡: the brand's paid plans (月卡 / 季卡 / 年卡) with their prices and benefits. Owners and
// managers create, edit, pause and resume; an analyst reads. A paused plan is not sold; members
// who hold it keep their benefits until it ends.

const KINDS: { key: PlanKind; label: string }[] = [
  { key: 'monthly', label: '月卡（1 个月）' },
  { key: 'quarterly', label: '季卡（3 个月）' },
  { key: 'annual', label: '年卡（12 个月）' },
];
const KIND_LABEL: Record<PlanKind, string> = { monthly: '月卡', quarterly: '季卡', annual: '年卡' };

type Editing = { planId: string | null; plan: PlanView | null } | null;

/** The plan form's field paths that have an input on screen (the rest show by the button). */
const FIELDS = ['name', 'kind', 'priceFen', 'trialPriceFen', 'openingGift.points', 'openingGift.couponTemplateIds', 'monthlyCouponTemplateIds', 'pointsMultiplierPercent', 'memberPricePercent', 'monthlyPackValueFen'];

export default function AdminPaidPlansPage() {
  const data = usePaidPlansAdmin((state) => state.data);
  const status = usePaidPlansAdmin((state) => state.status);
  const error = usePaidPlansAdmin((state) => state.error);
  const errorCode = usePaidPlansAdmin((state) => state.errorCode);
  const load = usePaidPlansAdmin((state) => state.load);
  const loadTemplates = useCouponTemplates((state) => state.load);
  const identity = useConsoleIdentity((state) => state.data);
  const [editing, setEditing] = useState<Editing>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const loadAll = () => Promise.all([load(), loadTemplates()]);
  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void loadAll();
  });
  usePullDownRefresh(() => {
    void loadAll().finally(() => Taro.stopPullDownRefresh());
  });

  const mayEdit = identity?.role === 'owner' || identity?.role === 'manager';

  async function toggleStatus(plan: PlanView) {
    if (busyId) return;
    const pause = plan.status === 'active';
    if (pause) {
      const { confirm } = await Taro.showModal({
        title: `暂停售卖「${plan.name}」？`,
        content: '暂停后会员不能再购买、续费或升级到这张卡；已开通的会员权益照常到期。可随时恢复。',
        confirmText: '暂停',
        cancelText: '取消',
      });
      if (!confirm) return;
    }
    setBusyId(plan.planId);
    try {
      await setPaidPlanStatus(plan.planId, pause ? 'paused' : 'active');
      void Taro.showToast({ title: pause ? '已暂停售卖' : '已恢复售卖', icon: 'none' });
    } catch {
      // Already toasted by the call.
    } finally {
      setBusyId(null);
    }
  }

  const columns: Column<PlanView>[] = [
    { key: 'name', title: '名称', primary: true, render: (p) => <Text className='plans__name'>{p.name}</Text> },
    { key: 'kind', title: '类型', render: (p) => <Text>{KIND_LABEL[p.kind]}</Text> },
    {
      key: 'price',
      title: '售价',
      numeric: true,
      primary: true,
      render: (p) => (
        <View className='plans__price'>
          <Text>{formatFen(p.priceFen)}</Text>
          {p.trialPriceFen !== null ? <Text className='plans__muted'>首次 {formatFen(p.trialPriceFen)}</Text> : null}
        </View>
      ),
    },
    {
      key: 'benefits',
      title: '权益',
      render: (p) => (
        <View className='plans__benefits'>
          {p.benefitsText.map((line) => (
            <Text key={line} className='plans__benefit'>
              {line}
            </Text>
          ))}
        </View>
      ),
    },
    { key: 'status', title: '状态', render: (p) => <Text className={`plans__state plans__state--${p.status}`}>{p.status === 'active' ? '售卖中' : '已暂停'}</Text> },
  ];
  if (mayEdit) {
    columns.push({
      key: 'actions',
      title: '操作',
      render: (p) => (
        <View className='plans__actions'>
          <Text className='plans__action' id={`plan-edit-${p.planId}`} onClick={() => setEditing({ planId: p.planId, plan: p })}>
            编辑
          </Text>
          <Text className={`plans__action${busyId === p.planId ? ' plans__action--busy' : ''}`} id={`plan-toggle-${p.planId}`} onClick={() => void toggleStatus(p)}>
            {busyId === p.planId ? '处理中…' : p.status === 'active' ? '暂停' : '恢复'}
          </Text>
        </View>
      ),
    });
  }

  const newButton =
    mayEdit && !editing ? (
      <View className='btn btn--primary btn--small' id='plan-new' hoverClass='btn--hover' onClick={() => setEditing({ planId: null, plan: null })}>
        <Text>新建会员卡</Text>
      </View>
    ) : undefined;

  return (
    <ConsoleShell page='paid-plans' title='付费会员卡' actions={newButton}>
      <View className='plans'>
        {editing ? <PlanForm key={editing.planId ?? 'new'} plan={editing.plan} onDone={() => setEditing(null)} /> : null}
        {!data ? (
          status === 'error' && errorCode === 'FORBIDDEN' ? (
            <EmptyState id='plans-forbidden' icon='锁' title='没有查看付费会员卡的权限' text='付费会员卡由品牌主和运营经理维护。' />
          ) : status === 'error' ? (
            <ErrorState id='plans-error' title='付费会员卡没有加载出来' message={error ?? ''} onRetry={() => void load()} />
          ) : (
            <View className='list'>
              <ListSkeleton rows={3} id='plans-loading' />
            </View>
          )
        ) : data.plans.length === 0 ? (
          editing ? null : (
            <EmptyState
              id='plans-empty'
              icon='卡'
              title='还没有付费会员卡'
              text={mayEdit ? '新建月卡、季卡或年卡：售价、首次开通价、开卡礼、每月券包、积分倍率和会员价。' : '品牌还没有创建付费会员卡。'}
              next={mayEdit ? { label: '新建会员卡', id: 'plans-empty-new', primary: true, onClick: () => setEditing({ planId: null, plan: null }) } : undefined}
            />
          )
        ) : (
          <>
            {!mayEdit ? (
              <Text className='plans__muted plans__readonly' id='plans-readonly'>
                你可以查看付费会员卡；新建和修改需要品牌主或运营经理。
              </Text>
            ) : null}
            <DataTable id='plans-table' columns={columns} rows={data.plans} rowId={(p) => `plan-${p.planId}`} />
          </>
        )}
      </View>
    </ConsoleShell>
  );
}

function PlanForm({ plan, onDone }: { plan: PlanView | null; onDone: () => void }) {
  const { draft, checked, change, problemAt, unplaced: unplacedAmong, submit: submitWith, saving } = useConsoleForm<PlanDraft, PlanInput>({
    initial: () => (plan ? draftFromPlan(plan) : emptyPlanDraft()),
    check: planFromDraft,
    showAllAtFirst: Boolean(plan),
  });
  const unplaced = unplacedAmong(FIELDS);

  const submit = () =>
    submitWith(async (input) => {
      const saved = await savePaidPlan(plan?.planId ?? null, input);
      void Taro.showToast({ title: plan ? `已保存：${saved.name}` : `已新建：${saved.name}`, icon: 'none' });
      onDone();
    }, planFormField);

  const input = checked.input;
  return (
    <View className='plans__form' id='plan-form'>
      <View className='card plans__form-main'>
        <Text className='plans__title'>{plan ? `编辑「${plan.name}」` : '新建会员卡'}</Text>
        <Field label='名称' id='plan-name' field='name' value={draft.name} onChange={(name) => change({ name }, 'name')} problemAt={problemAt} placeholder='例如 鹿角月卡' hint={`会员看到的卡名，最多 ${PLAN_LIMITS.name} 个字`} />
        <Text className='plans__label'>类型（有效期）</Text>
        <View className='plans__choice'>
          {KINDS.map((k) => (
            <Chip key={k.key} id={`plan-kind-${k.key}`} on={draft.kind === k.key} label={k.label} onClick={() => change({ kind: k.key }, 'kind')} />
          ))}
        </View>
        <View className='plans__row'>
          <Field label='售价（元）' id='plan-price' field='priceFen' type='digit' narrow value={draft.priceYuan} onChange={(t) => change({ priceYuan: cleanAmountInput(t) }, 'priceFen')} problemAt={problemAt} />
          <View className='plans__field plans__field--narrow'>
            <Text className='plans__label'>首次开通价</Text>
            <View className='plans__choice'>
              <Chip id='plan-trial-off' on={!draft.trialOn} label='不设置' onClick={() => change({ trialOn: false }, 'trialPriceFen')} />
              <Chip id='plan-trial-on' on={draft.trialOn} label='设置' onClick={() => change({ trialOn: true })} />
            </View>
          </View>
          {draft.trialOn ? (
            <Field label='首次开通价（元）' id='plan-trial' field='trialPriceFen' type='digit' narrow value={draft.trialYuan} onChange={(t) => change({ trialYuan: cleanAmountInput(t) }, 'trialPriceFen')} problemAt={problemAt} hint='每位会员仅限一次，须低于售价' />
          ) : null}
        </View>

        <Text className='plans__subtitle'>开卡礼（新开通时发放一次，续费不发）</Text>
        <Field label='赠送积分' id='plan-gift-points' field='openingGift.points' type='number' narrow value={draft.giftPoints} onChange={(giftPoints) => change({ giftPoints }, 'openingGift.points')} problemAt={problemAt} hint={`0 到 ${formatPoints(PLAN_LIMITS.points)}`} />
        <Text className='plans__label'>赠送优惠券</Text>
        <CouponTemplatePicker id='plan-gift-coupons' value={draft.giftCouponIds} max={PLAN_LIMITS.coupons} onChange={(giftCouponIds) => change({ giftCouponIds }, 'openingGift.couponTemplateIds')} />
        <Problem problemAt={problemAt} field='openingGift.couponTemplateIds' />

        <Text className='plans__subtitle'>会员权益</Text>
        <Text className='plans__label'>每月券包（每个会员月开始时自动发放）</Text>
        <CouponTemplatePicker id='plan-monthly-coupons' value={draft.monthlyCouponIds} max={PLAN_LIMITS.coupons} onChange={(monthlyCouponIds) => change({ monthlyCouponIds }, 'monthlyCouponTemplateIds')} />
        <Problem problemAt={problemAt} field='monthlyCouponTemplateIds' />
        <View className='plans__row'>
          <Field
            label='每月券包价值（元）'
            id='plan-pack-value'
            field='monthlyPackValueFen'
            type='digit'
            narrow
            value={draft.packValueYuan}
            onChange={(t) => change({ packValueYuan: cleanAmountInput(t) }, 'monthlyPackValueFen')}
            problemAt={problemAt}
            hint='用于退款计算和“已为你节省”'
          />
          <Field
            label='积分倍率（%）'
            id='plan-multiplier'
            field='pointsMultiplierPercent'
            type='number'
            narrow
            value={draft.multiplier}
            onChange={(multiplier) => change({ multiplier }, 'pointsMultiplierPercent')}
            problemAt={problemAt}
            hint='120 = 消费积分 ×1.2；100 = 不加速。与等级倍率的加成相加'
          />
          <Field
            label='会员价（折）'
            id='plan-member-price'
            field='memberPricePercent'
            type='digit'
            narrow
            value={draft.memberZhe}
            onChange={(memberZhe) => change({ memberZhe }, 'memberPricePercent')}
            problemAt={problemAt}
            hint='9.5 = 9.5折；留空 = 不打折'
          />
        </View>
      </View>

      <View className='card plans__form-side' id='plan-preview'>
        <Text className='plans__title'>概要</Text>
        {input ? (
          <>
            <Text className='plans__line'>
              · {KIND_LABEL[input.kind]} {formatFen(input.priceFen)}
              {input.trialPriceFen !== null ? `，首次开通 ${formatFen(input.trialPriceFen)}` : ''}
            </Text>
            <Text className='plans__line'>
              · 开卡礼：{input.openingGift.points > 0 ? `${formatPoints(input.openingGift.points)} 积分` : '无积分'}
              {input.openingGift.couponTemplateIds.length > 0 ? `，${input.openingGift.couponTemplateIds.length} 张券` : ''}
            </Text>
            <Text className='plans__line'>
              · 每月券包：{input.monthlyCouponTemplateIds.length > 0 ? `${input.monthlyCouponTemplateIds.length} 张券，价值 ${formatFen(input.monthlyPackValueFen)}` : '无'}
            </Text>
            <Text className='plans__line'>· 积分 {input.pointsMultiplierPercent > 100 ? formatMultiplier(input.pointsMultiplierPercent) : '不加速'}</Text>
            <Text className='plans__line'>· 会员价 {input.memberPricePercent < 100 ? formatDiscount(input.memberPricePercent) : '不打折'}</Text>
          </>
        ) : (
          <Text className='plans__muted'>填写完整后显示概要。</Text>
        )}
        {unplaced ? (
          <Text className='plans__error' id='plan-form-error'>
            {unplaced}
          </Text>
        ) : null}
        <View className={`btn btn--primary plans__submit${saving ? ' btn--disabled' : ''}`} id='plan-form-submit' hoverClass='btn--hover' onClick={() => void submit()}>
          <Text>{saving ? '正在保存…' : plan ? '保存修改' : '创建会员卡'}</Text>
        </View>
        <View className='btn btn--ghost plans__cancel' id='plan-form-cancel' hoverClass='btn--hover' onClick={onDone}>
          <Text>取消</Text>
        </View>
        <Text className='plans__muted'>修改售价只影响之后的购买；已开通的会员按购买时的卡享受权益。</Text>
      </View>
    </View>
  );
}

function Field(props: Omit<FormFieldProps, 'block'>) {
  return <FormField block='plans' {...props} />;
}

function Problem({ problemAt, field }: { problemAt: (field: string) => string | null; field: string }) {
  return <FieldError block='plans' problemAt={problemAt} field={field} />;
}

function Chip(props: { id: string; on: boolean; label: string; onClick: () => void }) {
  return <FormChip block='plans' {...props} />;
}
