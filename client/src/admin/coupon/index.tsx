import { Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import type { CouponTemplateInput, CouponTemplateView, StoreSummary } from '@contract';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { type ReactNode, useMemo } from 'react';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/list-states';
import { useAdminStores } from '../../stores/admin';
import { useConsoleIdentity } from '../../stores/console';
import { saveCouponTemplate, useCouponTemplates } from '../../stores/coupons-admin';
import { useRules } from '../../stores/rules';
import { formatDate } from '../../utils/format';
import { FieldError, FormChip, FormField, type FormFieldProps, useConsoleForm } from '../console/form';
import { ConsoleShell } from '../console/shell';
import { type CouponDraft, type CouponKind, draftFromTemplate, emptyDraft, formField, inputFromDraft, summaryPreview } from './form-model';
import './index.scss';

// 新建 / 编辑优惠券: the form checks itself as it is typed (form-model.ts), shows the lines the
// member will read, and puts a refusal of the server beside the field it names. A template
// somebody already holds a coupon of cannot be edited (the server says COUPON_TEMPLATE_IN_USE):
// the page says so and points to 暂停 / 追加库存 on the list.

const KINDS: { key: CouponKind; label: string; hint: string }[] = [
  { key: 'amount_off', label: '满减', hint: '满 ¥100 减 ¥20' },
  { key: 'no_threshold', label: '无门槛', hint: '直接减 ¥5' },
  { key: 'percent_off', label: '折扣', hint: '8 折，最多减 ¥30' },
  { key: 'gift_item', label: '兑换券', hint: '到店兑换一件商品' },
];
const CHANNELS: { key: CouponDraft['channel']; label: string; hint: string }[] = [
  { key: 'center', label: '领券中心', hint: '会员在领券中心免费领取' },
  { key: 'mall', label: '积分商城', hint: '会员用积分兑换' },
  { key: 'grant', label: '仅发放', hint: '只通过等级礼遇、批量发放等方式发给会员' },
];
const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

type TierOption = { code: string; name: string };

export default function AdminCouponFormPage() {
  const templateId = useRouter().params.id ?? null;
  const identity = useConsoleIdentity((state) => state.data);
  const templates = useCouponTemplates();
  const rules = useRules();
  const stores = useAdminStores();

  const loadAll = () => Promise.all([templateId ? templates.load() : Promise.resolve(), rules.load(), stores.load()]);
  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void loadAll();
  });
  usePullDownRefresh(() => {
    void loadAll().finally(() => Taro.stopPullDownRefresh());
  });

  const mayEdit = identity?.role === 'owner' || identity?.role === 'manager';
  const template = templateId ? (templates.data?.templates.find((t) => t.templateId === templateId) ?? null) : null;
  const title = templateId ? '编辑优惠券' : '新建优惠券';
  const waiting = (templateId && !templates.data) || !rules.data || !stores.data;
  const failed = [templateId ? templates : null, rules, stores].find((r) => r && !r.data && r.status === 'error');

  let body: ReactNode;
  if (identity && !mayEdit) {
    body = <EmptyState id='coupon-form-forbidden' icon='锁' title='没有修改优惠券的权限' text='优惠券由品牌主和运营经理维护，你可以在列表中查看。' next={{ label: '返回优惠券列表', onClick: backToList }} />;
  } else if (failed) {
    body = <ErrorState id='coupon-form-error' title='表单需要的数据没有加载出来' message={failed.error ?? ''} onRetry={() => void loadAll()} />;
  } else if (waiting) {
    body = (
      <View className='list'>
        <ListSkeleton rows={5} id='coupon-form-loading' />
      </View>
    );
  } else if (templateId && !template) {
    body = <EmptyState id='coupon-form-missing' icon='券' title='没有找到这张优惠券' text='它可能已被删除，或链接有误。' next={{ label: '返回优惠券列表', onClick: backToList }} />;
  } else if (template && template.issued > 0) {
    body = (
      <EmptyState
        id='coupon-form-in-use'
        icon='券'
        title='这张券已有会员领取，不能再修改'
        text='已领取的券按领取时的规则使用。你可以在列表中暂停它、追加库存，或新建一张券。'
        next={{ label: '返回优惠券列表', onClick: backToList }}
      />
    );
  } else {
    const tiers: TierOption[] = rules.data!.current.tiers.value.tiers;
    body = <CouponForm key={templateId ?? 'new'} template={template} tiers={tiers} stores={stores.data!.stores} />;
  }

  return (
    <ConsoleShell page='coupons' title={title}>
      {body}
    </ConsoleShell>
  );
}

function backToList() {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.redirectTo({ url: '/admin/coupons/index' });
}

function CouponForm({ template, tiers, stores }: { template: CouponTemplateView | null; tiers: TierOption[]; stores: StoreSummary[] }) {
  const today = formatDate(new Date());
  const { draft, checked, change, problemAt, unplaced: unplacedAmong, submit: submitWith, saving } = useConsoleForm<CouponDraft, CouponTemplateInput>({
    initial: () => (template ? draftFromTemplate(template, today) : emptyDraft(today)),
    check: (d) => inputFromDraft(d, new Date()),
    showAllAtFirst: Boolean(template),
  });
  const tierNames = useMemo(() => Object.fromEntries(tiers.map((t) => [t.code, t.name])), [tiers]);
  const unplaced = unplacedAmong(fieldsOnScreen(draft));

  const submit = () =>
    submitWith(async (input) => {
      const saved = await saveCouponTemplate(template?.templateId ?? null, input);
      void Taro.showToast({ title: template ? `已保存：${saved.name}` : `已新建：${saved.name}`, icon: 'none' });
      backToList();
    }, formField);

  const props: SectionProps = { draft, change, problemAt };
  return (
    <View className='coupon-form' id='coupon-form'>
      <View className='coupon-form__main'>
        <BasicsSection {...props} />
        <BenefitSection {...props} />
        <ValiditySection {...props} />
        <LimitsSection {...props} tiers={tiers} stores={stores} />
        <ChannelSection {...props} />
      </View>
      <View className='card coupon-form__side' id='coupon-preview'>
        <Text className='coupon-form__title'>会员看到的规则</Text>
        {checked.input ? (
          summaryPreview(checked.input, tierNames).map((line, i) => (
            <Text key={i} className='coupon-form__line'>
              · {line}
            </Text>
          ))
        ) : (
          <Text className='coupon-form__muted'>填写完整后显示预览。</Text>
        )}
        {unplaced ? (
          <Text className='coupon-form__error' id='coupon-form-error'>
            {unplaced}
          </Text>
        ) : null}
        <View className={`btn btn--primary coupon-form__submit${saving ? ' btn--disabled' : ''}`} id='coupon-form-submit' hoverClass='btn--hover' onClick={() => void submit()}>
          <Text>{saving ? '正在保存…' : template ? '保存修改' : '创建优惠券'}</Text>
        </View>
        <Text className='coupon-form__muted'>会员领取第一张后，这张券就不能再修改，只能暂停或追加库存。</Text>
      </View>
    </View>
  );
}

/** The field paths that have an input on screen for this draft (the rest show by the button). */
function fieldsOnScreen(d: CouponDraft): string[] {
  const fields = ['name', 'description', 'benefit.amountFen', 'benefit.thresholdFen', 'benefit.ratePercent', 'benefit.capFen', 'benefit.itemName'];
  fields.push(...(d.validityType === 'fixed' ? ['validity.from', 'validity.until'] : ['validity.days']));
  fields.push('weekdays', 'hours.from', 'hours.to', 'storeIds', 'minTierCode', 'pointsCost', 'stock', 'perMemberLimit', 'perMemberPerDayLimit');
  return fields;
}

// ---- Sections -------------------------------------------------------------------------------

interface SectionProps {
  draft: CouponDraft;
  change: (patch: Partial<CouponDraft>, ...fields: string[]) => void;
  problemAt: (field: string) => string | null;
}

function Field(props: Omit<FormFieldProps, 'block'>) {
  return <FormField block='coupon-form' {...props} />;
}

function Chip(props: { id: string; on: boolean; label: string; onClick: () => void }) {
  return <FormChip block='coupon-form' {...props} />;
}

function Problem({ problemAt, field }: { problemAt: (field: string) => string | null; field: string }) {
  return <FieldError block='coupon-form' problemAt={problemAt} field={field} />;
}

function BasicsSection({ draft, change, problemAt }: SectionProps) {
  return (
    <View className='card coupon-form__section' id='coupon-section-basics'>
      <Text className='coupon-form__title'>基本信息</Text>
      <Field label='券名称' id='coupon-name' field='name' value={draft.name} onChange={(name) => change({ name }, 'name')} problemAt={problemAt} placeholder='例如 新客满50减10' hint='会员在券包里看到的名称，最多 40 个字' />
      <Text className='coupon-form__label'>使用说明（可选）</Text>
      <Textarea
        id='coupon-description'
        className='coupon-form__textarea'
        maxlength={200}
        value={draft.description}
        placeholder='例如 仅限堂食饮品'
        onInput={(e) => change({ description: e.detail.value }, 'description')}
      />
      <Problem problemAt={problemAt} field='description' />
    </View>
  );
}

function BenefitSection({ draft, change, problemAt }: SectionProps) {
  return (
    <View className='card coupon-form__section' id='coupon-section-benefit'>
      <Text className='coupon-form__title'>券类型</Text>
      <View className='coupon-form__choice'>
        {KINDS.map((k) => (
          <Chip key={k.key} id={`coupon-kind-${k.key}`} on={draft.kind === k.key} label={k.label} onClick={() => change({ kind: k.key })} />
        ))}
      </View>
      <Text className='coupon-form__muted'>{KINDS.find((k) => k.key === draft.kind)?.hint}</Text>
      <View className='coupon-form__row'>
        {draft.kind === 'amount_off' || draft.kind === 'no_threshold' ? (
          <Field label='减免金额（元）' id='coupon-amount' field='benefit.amountFen' type='digit' narrow value={draft.amountYuan} onChange={(amountYuan) => change({ amountYuan }, 'benefit.amountFen')} problemAt={problemAt} />
        ) : null}
        {draft.kind === 'percent_off' ? (
          <>
            <Field label='折扣（折）' id='coupon-rate' field='benefit.ratePercent' type='digit' narrow value={draft.zhe} onChange={(zhe) => change({ zhe }, 'benefit.ratePercent')} problemAt={problemAt} hint='8 = 8折（付 80%），8.5 = 8.5折' />
            <Field label='最多减（元）' id='coupon-cap' field='benefit.capFen' type='digit' narrow value={draft.capYuan} onChange={(capYuan) => change({ capYuan }, 'benefit.capFen')} problemAt={problemAt} />
          </>
        ) : null}
        {draft.kind === 'amount_off' || draft.kind === 'percent_off' ? (
          <Field
            label={draft.kind === 'percent_off' ? '使用门槛（元，可选）' : '使用门槛（元）'}
            id='coupon-threshold'
            field='benefit.thresholdFen'
            type='digit'
            narrow
            value={draft.thresholdYuan}
            onChange={(thresholdYuan) => change({ thresholdYuan }, 'benefit.thresholdFen')}
            problemAt={problemAt}
            hint='订单满此金额可用（按会员价后的金额）'
          />
        ) : null}
        {draft.kind === 'gift_item' ? (
          <Field label='兑换商品' id='coupon-item' field='benefit.itemName' value={draft.itemName} onChange={(itemName) => change({ itemName }, 'benefit.itemName')} problemAt={problemAt} placeholder='例如 鹿角马克杯' hint='会员到店出示券码，店员核销后领取' />
        ) : null}
      </View>
    </View>
  );
}

function ValiditySection({ draft, change, problemAt }: SectionProps) {
  const today = formatDate(new Date());
  return (
    <View className='card coupon-form__section' id='coupon-section-validity'>
      <Text className='coupon-form__title'>有效期</Text>
      <View className='coupon-form__choice'>
        <Chip id='coupon-validity-days' on={draft.validityType === 'days_after_claim'} label='领取后若干天' onClick={() => change({ validityType: 'days_after_claim' })} />
        <Chip id='coupon-validity-fixed' on={draft.validityType === 'fixed'} label='固定时间段' onClick={() => change({ validityType: 'fixed' })} />
      </View>
      {draft.validityType === 'days_after_claim' ? (
        <>
          <Field label='有效天数' id='coupon-days' field='validity.days' type='number' narrow value={draft.days} onChange={(days) => change({ days }, 'validity.days')} problemAt={problemAt} hint='领取当天算第 1 天，到第 N 天 24:00 结束' />
          <View className='coupon-form__switch-row'>
            <Switch id='coupon-next-day' checked={draft.startNextDay} color='#2f5d50' onChange={(e) => change({ startNextDay: e.detail.value })} />
            <Text className='coupon-form__label'>{draft.startNextDay ? '领取次日 0 点起生效' : '领取后立即生效'}</Text>
          </View>
        </>
      ) : (
        <>
          <Text className='coupon-form__label'>开始（北京时间）</Text>
          <View className='coupon-form__choice'>
            <Picker mode='date' value={draft.fromDate} start={today} onChange={(e) => change({ fromDate: String(e.detail.value) }, 'validity.from')}>
              <View className='coupon-form__picker' id='coupon-from-date'>
                <Text>{draft.fromDate}</Text>
              </View>
            </Picker>
            <Picker mode='time' value={draft.fromTime} onChange={(e) => change({ fromTime: String(e.detail.value) }, 'validity.from')}>
              <View className='coupon-form__picker' id='coupon-from-time'>
                <Text>{draft.fromTime}</Text>
              </View>
            </Picker>
          </View>
          <Problem problemAt={problemAt} field='validity.from' />
          <Text className='coupon-form__label'>结束（北京时间，到此刻为止）</Text>
          <View className='coupon-form__choice'>
            <Picker mode='date' value={draft.untilDate} start={today} onChange={(e) => change({ untilDate: String(e.detail.value) }, 'validity.until')}>
              <View className='coupon-form__picker' id='coupon-until-date'>
                <Text>{draft.untilDate}</Text>
              </View>
            </Picker>
            <Picker mode='time' value={draft.untilTime} onChange={(e) => change({ untilTime: String(e.detail.value) }, 'validity.until')}>
              <View className='coupon-form__picker' id='coupon-until-time'>
                <Text>{draft.untilTime}</Text>
              </View>
            </Picker>
          </View>
          <Problem problemAt={problemAt} field='validity.until' />
        </>
      )}
    </View>
  );
}

function LimitsSection({ draft, change, problemAt, tiers, stores }: SectionProps & { tiers: TierOption[]; stores: StoreSummary[] }) {
  const toggleWeekday = (day: number) => change({ weekdays: draft.weekdays.includes(day) ? draft.weekdays.filter((d) => d !== day) : [...draft.weekdays, day] }, 'weekdays');
  const toggleStore = (id: string) => change({ storeIds: draft.storeIds.includes(id) ? draft.storeIds.filter((s) => s !== id) : [...draft.storeIds, id] }, 'storeIds');
  const activeStores = stores.filter((s) => s.active || draft.storeIds.includes(s.storeId));
  return (
    <View className='card coupon-form__section' id='coupon-section-limits'>
      <Text className='coupon-form__title'>使用条件</Text>
      <Text className='coupon-form__label'>可用星期（都不选 = 每天可用）</Text>
      <View className='coupon-form__choice'>
        {WEEKDAYS.map((name, i) => (
          <Chip key={name} id={`coupon-weekday-${i + 1}`} on={draft.weekdays.includes(i + 1)} label={`周${name}`} onClick={() => toggleWeekday(i + 1)} />
        ))}
      </View>
      <Problem problemAt={problemAt} field='weekdays' />

      <View className='coupon-form__switch-row'>
        <Switch id='coupon-hours-on' checked={draft.hoursOn} color='#2f5d50' onChange={(e) => change({ hoursOn: e.detail.value })} />
        <Text className='coupon-form__label'>{draft.hoursOn ? '仅限以下时段使用（北京时间）' : '全天可用'}</Text>
      </View>
      {draft.hoursOn ? (
        <View className='coupon-form__choice'>
          <Picker mode='time' value={draft.hoursFrom} onChange={(e) => change({ hoursFrom: String(e.detail.value) }, 'hours.to')}>
            <View className='coupon-form__picker' id='coupon-hours-from'>
              <Text>{draft.hoursFrom}</Text>
            </View>
          </Picker>
          <Text className='coupon-form__label'>至</Text>
          <Picker mode='time' value={draft.hoursTo} onChange={(e) => change({ hoursTo: String(e.detail.value) }, 'hours.to')}>
            <View className='coupon-form__picker' id='coupon-hours-to'>
              <Text>{draft.hoursTo}</Text>
            </View>
          </Picker>
        </View>
      ) : null}
      <Problem problemAt={problemAt} field='hours.to' />
      <Problem problemAt={problemAt} field='hours.from' />

      <Text className='coupon-form__label'>适用门店</Text>
      <View className='coupon-form__choice'>
        <Chip id='coupon-stores-all' on={draft.allStores} label='全部门店' onClick={() => change({ allStores: true })} />
        <Chip id='coupon-stores-some' on={!draft.allStores} label='指定门店' onClick={() => change({ allStores: false }, 'storeIds')} />
      </View>
      {!draft.allStores ? (
        activeStores.length === 0 ? (
          <Text className='coupon-form__muted'>还没有门店，请先在“门店与店员”中新建。</Text>
        ) : (
          <View className='coupon-form__choice' id='coupon-stores'>
            {activeStores.map((s) => (
              <Chip key={s.storeId} id={`coupon-store-${s.storeId}`} on={draft.storeIds.includes(s.storeId)} label={s.name} onClick={() => toggleStore(s.storeId)} />
            ))}
          </View>
        )
      ) : null}
      <Problem problemAt={problemAt} field='storeIds' />

      <Text className='coupon-form__label'>会员等级</Text>
      <View className='coupon-form__choice'>
        <Chip id='coupon-tier-any' on={draft.minTierCode === null} label='所有会员' onClick={() => change({ minTierCode: null }, 'minTierCode')} />
        {tiers.map((t) => (
          <Chip key={t.code} id={`coupon-tier-${t.code}`} on={draft.minTierCode === t.code} label={`${t.name}及以上`} onClick={() => change({ minTierCode: t.code }, 'minTierCode')} />
        ))}
      </View>
      <Problem problemAt={problemAt} field='minTierCode' />

      <View className='coupon-form__switch-row'>
        <Switch id='coupon-stackable' checked={draft.stackable} color='#2f5d50' onChange={(e) => change({ stackable: e.detail.value })} />
        <Text className='coupon-form__label'>{draft.stackable ? '可与其他可叠加的券同时使用' : '不可与其他券同时使用'}</Text>
      </View>
    </View>
  );
}

function ChannelSection({ draft, change, problemAt }: SectionProps) {
  return (
    <View className='card coupon-form__section' id='coupon-section-channel'>
      <Text className='coupon-form__title'>发放方式与库存</Text>
      <View className='coupon-form__choice'>
        {CHANNELS.map((c) => (
          <Chip key={c.key} id={`coupon-channel-${c.key}`} on={draft.channel === c.key} label={c.label} onClick={() => change({ channel: c.key }, 'pointsCost')} />
        ))}
      </View>
      <Text className='coupon-form__muted'>{CHANNELS.find((c) => c.key === draft.channel)?.hint}</Text>
      <View className='coupon-form__row'>
        {draft.channel === 'mall' ? (
          <Field label='兑换所需积分' id='coupon-points-cost' field='pointsCost' type='number' narrow value={draft.pointsCost} onChange={(pointsCost) => change({ pointsCost }, 'pointsCost')} problemAt={problemAt} />
        ) : null}
        <Field label='总库存（张）' id='coupon-stock' field='stock' type='number' narrow value={draft.stock} onChange={(stock) => change({ stock }, 'stock')} problemAt={problemAt} hint='发出后可在列表中追加' />
        <Field label='每人限领（张）' id='coupon-per-member' field='perMemberLimit' type='number' narrow value={draft.perMemberLimit} onChange={(perMemberLimit) => change({ perMemberLimit }, 'perMemberLimit')} problemAt={problemAt} />
        <Field
          label='每人每日限领（可选）'
          id='coupon-per-day'
          field='perMemberPerDayLimit'
          type='number'
          narrow
          value={draft.perMemberPerDayLimit}
          onChange={(perMemberPerDayLimit) => change({ perMemberPerDayLimit }, 'perMemberPerDayLimit')}
          problemAt={problemAt}
          hint='不填 = 不限'
        />
      </View>
    </View>
  );
}
