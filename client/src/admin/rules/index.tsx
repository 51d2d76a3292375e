import { Input, Picker, Switch, Text, View } from '@tarojs/components';
import type { PreviewRulesResult, RuleHistoryItem, RuleProblemView, RuleSection, RuleSectionValues, RuleVersionView, RulesResult } from '@contract';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../../api';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/list-states';
import { useConsoleIdentity } from '../../stores/console';
import { cancelScheduledRules, previewRules, saveRules, useRules } from '../../stores/rules';
import { formatDateTime, formatFen } from '../../utils/format';
import { ConsoleShell } from '../console/shell';
import './index.scss';

// The brand's rules, one tab per section (等级 / 积分 / 储值 / 品牌 / 互动与礼遇). An owner or manager edits a
// draft; every change is sent to previewRules (debounced), which answers the server's checks and
// the Chinese lines of what will change, shown before saving. A save is a new version, now or
// from a chosen moment. An analyst sees the same forms read-only.

const SECTIONS: { key: RuleSection; title: string }[] = [
  { key: 'tiers', title: '等级' },
  { key: 'points', title: '积分' },
  { key: 'wallet', title: '储值' },
  { key: 'brand', title: '品牌' },
  { key: 'engagement', title: '互动与礼遇' },
];
const SECTION_TITLES: Record<RuleSection, string> = { tiers: '等级', points: '积分', wallet: '储值', brand: '品牌', engagement: '互动与礼遇' };
const STATUS_LABELS: Record<RuleHistoryItem['status'], string> = { in_force: '生效中', scheduled: '待生效', superseded: '已被取代', cancelled: '已取消' };
const ROLE_LABELS: Record<string, string> = { owner: '品牌主', manager: '运营经理', analyst: '数据分析', store_manager: '店长' };

// ---- Drafts: what the inputs hold (text), turned into a section value for the server ----------

/** A number typed in a box: the number, or the text itself so the server says what is wrong with it. */
function num(text: string): number | string {
  const trimmed = text.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** Yuan typed (12.5) → fen (1250); anything else goes as typed. */
function fen(text: string): number | string {
  const value = num(text);
  return typeof value === 'number' ? Math.round(value * 100) : value;
}

const yuanText = (f: number) => String(f / 100);

interface TierDraft {
  code: string;
  isNew: boolean;
  name: string;
  color: string;
  threshold: string;
  multiplier: string;
  discount: string;
  birthday: string;
  freeItems: string;
  freeCouponTemplateIds: string[];
  /** 保级门槛; empty = the same as the threshold. */
  keep: string;
  giftPoints: string;
  /** Coupon template ids of the birthday gift, separated by 、 or commas. */
  giftCoupons: string;
}
interface TiersDraft {
  tiers: TierDraft[];
  windowMonths: string;
  noticeDays: string;
  /** null: this version predates the setting (saved without it: 按成长值定级). */
  downgrade: 'one_step' | 'by_growth' | null;
  stackPaid: boolean;
}
interface EngagementDraft {
  welcomePoints: string;
  welcomeCoupons: string;
  window: 'day' | 'month';
  rewards: { points: string; coupon: string }[];
  makeUpCost: string;
  makeUpPerMonth: string;
}
interface PointsDraft {
  pointsPerYuan: string;
  growthPerYuan: string;
  minOrderYuan: string;
  capped: boolean;
  dailyCap: string;
  expiryType: 'end_of_next_year' | 'days';
  expiryDays: string;
  reminderDays: string;
  /** 积分抵现; null = this version predates the setting (saved without it, the server keeps its default). */
  cashOn: boolean | null;
  cashPointsPerYuan: string;
  cashCapPercent: string;
  /** Whether stored-value payments earn; null as for cashOn. */
  walletEarns: boolean | null;
}
interface PackageDraft {
  id: string;
  isNew: boolean;
  label: string;
  payYuan: string;
  bonusYuan: string;
}
interface WalletDraft {
  packages: PackageDraft[];
  ceilingYuan: string;
}
type BrandDraft = RuleSectionValues['brand'];
interface Drafts {
  tiers: TiersDraft;
  points: PointsDraft;
  wallet: WalletDraft;
  brand: BrandDraft;
  engagement: EngagementDraft;
}

const idsText = (ids: string[]) => ids.join('、');
const idsOf = (text: string) => text.split(/[、,，\s]+/).map((s) => s.trim()).filter(Boolean);

function draftOf<S extends RuleSection>(section: S, value: RuleSectionValues[S]): Drafts[S] {
  if (section === 'tiers') {
    const v = value as RuleSectionValues['tiers'];
    return {
      tiers: v.tiers.map((t) => ({
        code: t.code,
        isNew: false,
        name: t.name,
        color: t.color,
        threshold: String(t.threshold),
        multiplier: String(t.benefits.pointsMultiplierPercent),
        discount: String(t.benefits.discountPercent),
        birthday: String(t.benefits.birthdayMultiplierPercent),
        freeItems: t.benefits.freeItems.join('、'),
        freeCouponTemplateIds: t.benefits.freeCouponTemplateIds,
        keep: t.keepThreshold === null || t.keepThreshold === undefined ? '' : String(t.keepThreshold),
        giftPoints: t.benefits.birthdayGift ? String(t.benefits.birthdayGift.points) : '',
        giftCoupons: idsText(t.benefits.birthdayGift?.couponTemplateIds ?? []),
      })),
      windowMonths: String(v.tierPolicy.windowMonths),
      noticeDays: String(v.tierPolicy.downgradeNoticeDays),
      downgrade: v.tierPolicy.downgrade ?? null,
      stackPaid: v.tierPolicy.stackPaidMemberPrice === true,
    } as Drafts[S];
  }
  if (section === 'points') {
    const v = value as RuleSectionValues['points'];
    return {
      pointsPerYuan: String(v.pointsPerYuan),
      growthPerYuan: String(v.growthPerYuan),
      minOrderYuan: yuanText(v.minOrderFen),
      capped: v.dailyCapPoints !== null,
      dailyCap: v.dailyCapPoints === null ? '' : String(v.dailyCapPoints),
      expiryType: v.expiry.type,
      expiryDays: v.expiry.type === 'days' ? String(v.expiry.days) : '365',
      reminderDays: String(v.reminderDays),
      cashOn: v.pointsAsCash === undefined ? null : v.pointsAsCash !== null,
      cashPointsPerYuan: v.pointsAsCash ? String(v.pointsAsCash.pointsPerYuan) : '100',
      cashCapPercent: v.pointsAsCash ? String(v.pointsAsCash.capPercent) : '50',
      walletEarns: v.walletEarns ?? null,
    } as Drafts[S];
  }
  if (section === 'wallet') {
    const v = value as RuleSectionValues['wallet'];
    return {
      packages: v.packages.map((p) => ({ id: p.id, isNew: false, label: p.label, payYuan: yuanText(p.payFen), bonusYuan: yuanText(p.bonusFen) })),
      ceilingYuan: yuanText(v.maxBalanceFen),
    } as Drafts[S];
  }
  if (section === 'engagement') {
    const v = value as RuleSectionValues['engagement'];
    return {
      welcomePoints: String(v.welcome.points),
      welcomeCoupons: idsText(v.welcome.couponTemplateIds),
      window: v.birthday.window,
      rewards: v.checkIn.rewards.map((r) => ({ points: String(r.points), coupon: r.couponTemplateId ?? '' })),
      makeUpCost: String(v.checkIn.makeUpCostPoints),
      makeUpPerMonth: String(v.checkIn.makeUpPerMonth),
    } as Drafts[S];
  }
  return { ...(value as BrandDraft) } as Drafts[S];
}

function valueOf(section: RuleSection, draft: Drafts[RuleSection]): Record<string, unknown> {
  if (section === 'tiers') {
    const d = draft as TiersDraft;
    return {
      tiers: d.tiers.map((t) => ({
        code: t.code,
        name: t.name,
        color: t.color.trim(),
        threshold: num(t.threshold),
        benefits: {
          pointsMultiplierPercent: num(t.multiplier),
          discountPercent: num(t.discount),
          birthdayMultiplierPercent: num(t.birthday),
          freeItems: t.freeItems.split(/[、,，]/).map((s) => s.trim()).filter(Boolean),
          freeCouponTemplateIds: t.freeCouponTemplateIds,
          ...(t.giftPoints.trim() || t.giftCoupons.trim() ? { birthdayGift: { points: num(t.giftPoints.trim() || '0'), couponTemplateIds: idsOf(t.giftCoupons) } } : {}),
        },
        keepThreshold: t.keep.trim() ? num(t.keep) : null,
      })),
      tierPolicy: { windowMonths: num(d.windowMonths), downgradeNoticeDays: num(d.noticeDays), ...(d.downgrade ? { downgrade: d.downgrade } : {}), ...(d.stackPaid ? { stackPaidMemberPrice: true } : {}) },
    };
  }
  if (section === 'engagement') {
    const d = draft as EngagementDraft;
    return {
      welcome: { points: num(d.welcomePoints), couponTemplateIds: idsOf(d.welcomeCoupons) },
      birthday: { window: d.window },
      checkIn: {
        rewards: d.rewards.map((r, i) => ({ streakDay: i + 1, points: num(r.points), couponTemplateId: r.coupon.trim() || null })),
        makeUpCostPoints: num(d.makeUpCost),
        makeUpPerMonth: num(d.makeUpPerMonth),
      },
    };
  }
  if (section === 'points') {
    const d = draft as PointsDraft;
    return {
      pointsPerYuan: num(d.pointsPerYuan),
      growthPerYuan: num(d.growthPerYuan),
      minOrderFen: fen(d.minOrderYuan),
      dailyCapPoints: d.capped ? num(d.dailyCap) : null,
      expiry: d.expiryType === 'days' ? { type: 'days', days: num(d.expiryDays) } : { type: 'end_of_next_year' },
      reminderDays: num(d.reminderDays),
      ...(d.cashOn === null ? {} : { pointsAsCash: d.cashOn ? { pointsPerYuan: num(d.cashPointsPerYuan), capPercent: num(d.cashCapPercent) } : null }),
      ...(d.walletEarns === null ? {} : { walletEarns: d.walletEarns }),
    };
  }
  if (section === 'wallet') {
    const d = draft as WalletDraft;
    return {
      packages: d.packages.map((p) => ({ id: p.id, label: p.label, payFen: fen(p.payYuan), bonusFen: fen(p.bonusYuan) })),
      maxBalanceFen: fen(d.ceilingYuan),
    };
  }
  return { ...(draft as BrandDraft) };
}

// ---- Effective time -----------------------------------------------------------------------

interface When {
  now: boolean;
  date: string; // YYYY-MM-DD, brand time
  time: string; // HH:mm
}

/** The chosen moment as ISO in the brand's zone (UTC+8), or undefined for 立即生效. */
function effectiveAtOf(when: When): string | undefined {
  return when.now ? undefined : `${when.date}T${when.time}:00+08:00`;
}

function tomorrowInBrandZone(): string {
  const t = new Date(Date.now() + 8 * 3600_000 + 86_400_000);
  return t.toISOString().slice(0, 10);
}

// ---- Page ---------------------------------------------------------------------------------

export default function AdminRulesPage() {
  const data = useRules((state) => state.data);
  const status = useRules((state) => state.status);
  const error = useRules((state) => state.error);
  const errorCode = useRules((state) => state.errorCode);
  const load = useRules((state) => state.load);
  const identity = useConsoleIdentity((state) => state.data);
  const [section, setSection] = useState<RuleSection>('points');

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  const mayEdit = identity?.role === 'owner' || identity?.role === 'manager';

  return (
    <ConsoleShell page='rules' title='规则'>
      {!data ? (
        status === 'error' && errorCode === 'FORBIDDEN' ? (
          <EmptyState id='rules-forbidden' icon='锁' title='没有查看规则的权限' text='规则由品牌主和运营经理维护。' />
        ) : status === 'error' ? (
          <ErrorState title='规则没有加载出来' message={error ?? ''} onRetry={() => void load()} />
        ) : (
          <View className='list'>
            <ListSkeleton rows={4} id='rules-loading' />
          </View>
        )
      ) : (
        <View className='rules' id='rules'>
          <View className='rules__tabs' id='rules-tabs'>
            {SECTIONS.map((s) => (
              <View
                key={s.key}
                id={`rules-tab-${s.key}`}
                className={`rules__tab${s.key === section ? ' rules__tab--active' : ''}`}
                hoverClass='rules__tab--hover'
                onClick={() => setSection(s.key)}
              >
                <Text>{s.title}</Text>
                <Text className='rules__tab-version'>第 {data.current[s.key].version} 版</Text>
              </View>
            ))}
          </View>
          {!mayEdit ? <Text className='rules__readonly' id='rules-readonly'>你可以查看规则；修改需要品牌主或运营经理。</Text> : null}
          <SectionEditor key={`${section}:${data.current[section].version}`} section={section} data={data} mayEdit={mayEdit} />
          <Scheduled section={section} items={data.scheduled[section]} mayEdit={mayEdit} />
          <History items={data.history.filter((h) => h.section === section)} />
        </View>
      )}
    </ConsoleShell>
  );
}

function SectionEditor({ section, data, mayEdit }: { section: RuleSection; data: RulesResult; mayEdit: boolean }) {
  const current = data.current[section] as RuleVersionView;
  const [draft, setDraft] = useState<Drafts[RuleSection]>(() => draftOf(section, current.value));
  const [when, setWhen] = useState<When>({ now: true, date: tomorrowInBrandZone(), time: '00:00' });
  const [preview, setPreview] = useState<PreviewRulesResult | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const asked = useRef(0);

  // Every change of the draft or the moment is checked by the server, 400 ms after typing stops.
  useEffect(() => {
    if (!mayEdit) return undefined;
    const mine = ++asked.current;
    setChecking(true);
    const timer = setTimeout(() => {
      previewRules(section, valueOf(section, draft), effectiveAtOf(when))
        .then((answer) => {
          if (mine !== asked.current) return;
          setPreview(answer);
          setPreviewError(null);
        })
        .catch((failure) => {
          if (mine !== asked.current) return;
          setPreview(null);
          setPreviewError(messageOf(failure));
        })
        .finally(() => mine === asked.current && setChecking(false));
    }, 400);
    return () => clearTimeout(timer);
  }, [section, draft, when, mayEdit]);

  const problems = preview?.problems ?? [];
  const problemAt = (field: string) => problems.find((p) => p.field === field)?.message ?? null;
  const canSave = mayEdit && !checking && !saving && preview !== null && problems.length === 0 && preview.changes.length > 0 && !previewError;

  async function save() {
    if (!canSave) return;
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await saveRules(section, valueOf(section, draft), effectiveAtOf(when));
      void Taro.showToast({ title: saved.inForce ? `已生效：第 ${saved.version} 版` : `第 ${saved.version} 版将于 ${formatDateTime(saved.effectiveAt)} 生效`, icon: 'none' });
    } catch (failure) {
      setSaveError(messageOf(failure));
    } finally {
      setSaving(false);
    }
  }

  const form = {
    tiers: <TiersForm draft={draft as TiersDraft} set={setDraft} readOnly={!mayEdit} problemAt={problemAt} />,
    points: <PointsForm draft={draft as PointsDraft} set={setDraft} readOnly={!mayEdit} problemAt={problemAt} />,
    wallet: <WalletForm draft={draft as WalletDraft} set={setDraft} readOnly={!mayEdit} problemAt={problemAt} />,
    brand: <BrandForm draft={draft as BrandDraft} set={setDraft} readOnly={!mayEdit} problemAt={problemAt} />,
    engagement: <EngagementForm draft={draft as EngagementDraft} set={setDraft} readOnly={!mayEdit} problemAt={problemAt} />,
  }[section];

  return (
    <View className='rules__editor'>
      <View className='card rules__form' id={`rules-form-${section}`}>
        <View className='rules__form-head'>
          <Text className='rules__form-title'>{SECTION_TITLES[section]}规则</Text>
          <Text className='rules__muted' id='rules-current-version'>
            第 {current.version} 版 · {current.effectiveAt ? `${formatDateTime(current.effectiveAt)} 起生效` : '初始设置'}
          </Text>
        </View>
        {form}
      </View>

      {mayEdit ? (
        <View className='card rules__preview' id='rules-preview'>
          <Text className='rules__form-title'>改动预览</Text>
          {previewError ? (
            <Text className='rules__error' id='rules-preview-error'>{previewError}</Text>
          ) : !preview ? (
            <Text className='rules__muted'>正在检查…</Text>
          ) : problems.length ? (
            <View id='rules-problems'>
              {problems.map((p: RuleProblemView, i) => (
                <Text key={i} className='rules__error rules__line'>· {p.message}</Text>
              ))}
            </View>
          ) : preview.changes.length === 0 ? (
            <Text className='rules__muted' id='rules-no-change'>没有改动</Text>
          ) : (
            <View id='rules-changes'>
              {preview.changes.map((line, i) => (
                <Text key={i} className='rules__line'>· {line}</Text>
              ))}
              <Text className='rules__muted rules__line'>对比第 {preview.comparedWith} 版</Text>
            </View>
          )}
          {preview && preview.supersededBy.length ? (
            <View id='rules-superseded'>
              {preview.supersededBy.map((next) => (
                <Text key={next.version} className='rules__error rules__line'>
                  注意：已排定的第 {next.version} 版将于 {formatDateTime(next.effectiveAt)} 生效，届时会取代这次修改
                </Text>
              ))}
            </View>
          ) : null}

          <Text className='rules__label'>生效时间</Text>
          <View className='rules__choice'>
            <View id='rules-when-now' className={`rules__chip${when.now ? ' rules__chip--on' : ''}`} onClick={() => setWhen({ ...when, now: true })}>
              <Text>立即生效</Text>
            </View>
            <View id='rules-when-later' className={`rules__chip${!when.now ? ' rules__chip--on' : ''}`} onClick={() => setWhen({ ...when, now: false })}>
              <Text>指定时间</Text>
            </View>
          </View>
          {!when.now ? (
            <View className='rules__choice'>
              <Picker mode='date' value={when.date} start={new Date().toISOString().slice(0, 10)} onChange={(e) => setWhen({ ...when, date: String(e.detail.value) })}>
                <View className='rules__picker' id='rules-when-date'>
                  <Text>{when.date}</Text>
                </View>
              </Picker>
              <Picker mode='time' value={when.time} onChange={(e) => setWhen({ ...when, time: String(e.detail.value) })}>
                <View className='rules__picker' id='rules-when-time'>
                  <Text>{when.time}</Text>
                </View>
              </Picker>
              <Text className='rules__muted'>北京时间</Text>
            </View>
          ) : null}

          {saveError ? <Text className='rules__error' id='rules-save-error'>{saveError}</Text> : null}
          <View className={`btn btn--primary rules__save${canSave ? '' : ' btn--disabled'}`} id='rules-save' hoverClass='btn--hover' onClick={() => void save()}>
            <Text>{saving ? '正在保存…' : when.now ? '保存并立即生效' : '保存并按时生效'}</Text>
          </View>
        </View>
      ) : null}
    </View>
  );
}

// ---- Forms --------------------------------------------------------------------------------

interface FormProps<D> {
  draft: D;
  set: (draft: D) => void;
  readOnly: boolean;
  problemAt: (field: string) => string | null;
}

function Field({ label, id, value, onChange, readOnly, problem, hint, type = 'text', width }: {
  label: string;
  id: string;
  value: string;
  onChange: (text: string) => void;
  readOnly: boolean;
  problem?: string | null;
  hint?: string;
  type?: 'text' | 'digit' | 'number';
  width?: 'narrow';
}) {
  return (
    <View className={`rules__field${width ? ` rules__field--${width}` : ''}`}>
      <Text className='rules__label'>{label}</Text>
      <Input
        id={id}
        className={`rules__input${problem ? ' rules__input--bad' : ''}`}
        type={type}
        value={value}
        disabled={readOnly}
        onInput={(e) => onChange(e.detail.value)}
      />
      {problem ? <Text className='rules__error'>{problem}</Text> : hint ? <Text className='rules__muted'>{hint}</Text> : null}
    </View>
  );
}

function TiersForm({ draft, set, readOnly, problemAt }: FormProps<TiersDraft>) {
  const update = (i: number, change: Partial<TierDraft>) => set({ ...draft, tiers: draft.tiers.map((t, j) => (j === i ? { ...t, ...change } : t)) });
  const add = () =>
    set({
      ...draft,
      tiers: [
        ...draft.tiers,
        { code: `tier${Date.now().toString(36)}`, isNew: true, name: '', color: '#8a8f98', threshold: '', multiplier: '100', discount: '100', birthday: '100', freeItems: '', freeCouponTemplateIds: [], keep: '', giftPoints: '', giftCoupons: '' },
      ],
    });
  const remove = (i: number) => set({ ...draft, tiers: draft.tiers.filter((_, j) => j !== i) });
  return (
    <View>
      {problemAt('tiers') ? <Text className='rules__error'>{problemAt('tiers')}</Text> : null}
      {draft.tiers.map((t, i) => (
        <View key={t.code} className='rules__item' id={`rules-tier-${i}`}>
          <View className='rules__item-head'>
            <View className='rules__swatch' style={{ backgroundColor: /^#[0-9a-fA-F]{6}$/.test(t.color) ? t.color : '#ffffff' }} />
            <Text className='rules__item-title'>{t.name || '新等级'}</Text>
            {!readOnly && i > 0 ? (
              <Text className='rules__link' id={`rules-tier-${i}-remove`} onClick={() => remove(i)}>删除</Text>
            ) : null}
          </View>
          <View className='rules__row'>
            <Field label='名称' id={`rules-tier-${i}-name`} value={t.name} onChange={(name) => update(i, { name })} readOnly={readOnly} problem={problemAt(`tiers.${i}.name`) ?? problemAt(`tiers.${i}.code`)} />
            <Field label='颜色' id={`rules-tier-${i}-color`} value={t.color} onChange={(color) => update(i, { color })} readOnly={readOnly} problem={problemAt(`tiers.${i}.color`)} hint='#rrggbb' width='narrow' />
            <Field
              label='门槛（成长值）'
              id={`rules-tier-${i}-threshold`}
              type='number'
              value={t.threshold}
              onChange={(threshold) => update(i, { threshold })}
              readOnly={readOnly || i === 0}
              problem={problemAt(`tiers.${i}.threshold`)}
              hint={i === 0 ? '新会员的等级，门槛为 0' : undefined}
              width='narrow'
            />
          </View>
          <View className='rules__row'>
            <Field label='积分倍数 %' id={`rules-tier-${i}-multiplier`} type='number' value={t.multiplier} onChange={(multiplier) => update(i, { multiplier })} readOnly={readOnly} problem={problemAt(`tiers.${i}.benefits.pointsMultiplierPercent`)} hint='150 = ×1.5' width='narrow' />
            <Field label='会员价 %' id={`rules-tier-${i}-discount`} type='number' value={t.discount} onChange={(discount) => update(i, { discount })} readOnly={readOnly} problem={problemAt(`tiers.${i}.benefits.discountPercent`)} hint='95 = 9.5折' width='narrow' />
            <Field label='生日积分倍数 %' id={`rules-tier-${i}-birthday`} type='number' value={t.birthday} onChange={(birthday) => update(i, { birthday })} readOnly={readOnly} problem={problemAt(`tiers.${i}.benefits.birthdayMultiplierPercent`)} width='narrow' />
          </View>
          <Field label='赠品（用、分隔）' id={`rules-tier-${i}-items`} value={t.freeItems} onChange={(freeItems) => update(i, { freeItems })} readOnly={readOnly} problem={problems(problemAt, `tiers.${i}.benefits.freeItems`)} />
          <View className='rules__row'>
            {i > 0 ? (
              <Field label='保级门槛（成长值）' id={`rules-tier-${i}-keep`} type='number' value={t.keep} onChange={(keep) => update(i, { keep })} readOnly={readOnly} problem={problemAt(`tiers.${i}.keepThreshold`)} hint='留空则同升级门槛' width='narrow' />
            ) : null}
            <Field label='生日礼积分' id={`rules-tier-${i}-gift-points`} type='number' value={t.giftPoints} onChange={(giftPoints) => update(i, { giftPoints })} readOnly={readOnly} problem={problemAt(`tiers.${i}.benefits.birthdayGift.points`)} hint='每年一次' width='narrow' />
            <Field label='生日礼券（模板编号，用、分隔）' id={`rules-tier-${i}-gift-coupons`} value={t.giftCoupons} onChange={(giftCoupons) => update(i, { giftCoupons })} readOnly={readOnly} problem={problems(problemAt, `tiers.${i}.benefits.birthdayGift.couponTemplateIds`)} />
          </View>
        </View>
      ))}
      {!readOnly ? (
        <View className='btn btn--ghost btn--small rules__add' id='rules-tier-add' hoverClass='btn--hover' onClick={add}>
          <Text>添加等级</Text>
        </View>
      ) : null}
      <View className='rules__row'>
        <Field label='成长值统计周期（月）' id='rules-window' type='number' value={draft.windowMonths} onChange={(windowMonths) => set({ ...draft, windowMonths })} readOnly={readOnly} problem={problemAt('tierPolicy.windowMonths')} width='narrow' />
        <Field label='降级提前通知（天）' id='rules-notice' type='number' value={draft.noticeDays} onChange={(noticeDays) => set({ ...draft, noticeDays })} readOnly={readOnly} problem={problemAt('tierPolicy.downgradeNoticeDays')} width='narrow' />
      </View>
      <Text className='rules__label'>降级方式（未达保级门槛时）</Text>
      <View className='rules__choice' id='rules-downgrade'>
        {(
          [
            ['one_step', '降一级'],
            ['by_growth', '按成长值定级'],
          ] as const
        ).map(([key, label]) => (
          <View key={key} id={`rules-downgrade-${key}`} className={`rules__chip${(draft.downgrade ?? 'by_growth') === key ? ' rules__chip--on' : ''}`} onClick={() => !readOnly && set({ ...draft, downgrade: key })}>
            <Text>{label}</Text>
          </View>
        ))}
      </View>
      <Text className='rules__muted'>
        {(draft.downgrade ?? 'by_growth') === 'one_step' ? '每次评定最多降一级，下次评定仍未达标再降。' : '直接调整为统计周期内成长值达到的等级。'}
      </Text>
      {problemAt('tierPolicy.downgrade') ? <Text className='rules__error'>{problemAt('tierPolicy.downgrade')}</Text> : null}
      <Text className='rules__label'>付费会员价与等级折扣</Text>
      <View className='rules__choice' id='rules-stack-paid'>
        {(
          [
            [false, '取较优'],
            [true, '叠加'],
          ] as const
        ).map(([stack, label]) => (
          <View key={label} id={`rules-stack-paid-${stack ? 'on' : 'off'}`} className={`rules__chip${draft.stackPaid === stack ? ' rules__chip--on' : ''}`} onClick={() => !readOnly && set({ ...draft, stackPaid: stack })}>
            <Text>{label}</Text>
          </View>
        ))}
      </View>
      <Text className='rules__muted'>{draft.stackPaid ? '先按等级折扣，再按付费会员折扣（如 9 折 × 9.5 折 = 8.55 折）。' : '付费会员价与等级折扣取较低的一个价格。'}</Text>
      {problemAt('tierPolicy.stackPaidMemberPrice') ? <Text className='rules__error'>{problemAt('tierPolicy.stackPaidMemberPrice')}</Text> : null}
    </View>
  );
}

/** 互动与礼遇: the welcome gift, the birthday window, the check-in streak's rewards and 补签. */
function EngagementForm({ draft, set, readOnly, problemAt }: FormProps<EngagementDraft>) {
  const updateDay = (i: number, change: Partial<EngagementDraft['rewards'][number]>) => set({ ...draft, rewards: draft.rewards.map((r, j) => (j === i ? { ...r, ...change } : r)) });
  const addDay = () => set({ ...draft, rewards: [...draft.rewards, { points: '5', coupon: '' }] });
  const removeDay = () => set({ ...draft, rewards: draft.rewards.slice(0, -1) });
  return (
    <View id='rules-engagement'>
      <Text className='rules__item-title'>入会礼</Text>
      <View className='rules__row'>
        <Field label='积分' id='rules-welcome-points' type='number' value={draft.welcomePoints} onChange={(welcomePoints) => set({ ...draft, welcomePoints })} readOnly={readOnly} problem={problemAt('welcome.points')} hint='每位会员入会时一次，0 为不送' width='narrow' />
        <Field label='优惠券（模板编号，用、分隔）' id='rules-welcome-coupons' value={draft.welcomeCoupons} onChange={(welcomeCoupons) => set({ ...draft, welcomeCoupons })} readOnly={readOnly} problem={problems(problemAt, 'welcome.couponTemplateIds')} />
      </View>

      <Text className='rules__item-title'>生日礼遇</Text>
      <View className='rules__choice' id='rules-birthday-window'>
        {(
          [
            ['day', '生日当天'],
            ['month', '生日当月'],
          ] as const
        ).map(([key, label]) => (
          <View key={key} id={`rules-birthday-${key}`} className={`rules__chip${draft.window === key ? ' rules__chip--on' : ''}`} onClick={() => !readOnly && set({ ...draft, window: key })}>
            <Text>{label}</Text>
          </View>
        ))}
      </View>
      <Text className='rules__muted'>生日礼（在“等级”中按等级设置）每年发放一次；生日积分倍数在此时段内生效。</Text>
      {problemAt('birthday.window') ? <Text className='rules__error'>{problemAt('birthday.window')}</Text> : null}

      <Text className='rules__item-title'>连续签到奖励</Text>
      {problemAt('checkIn.rewards') ? <Text className='rules__error'>{problemAt('checkIn.rewards')}</Text> : null}
      {draft.rewards.map((r, i) => (
        <View key={i} className='rules__row' id={`rules-checkin-${i}`}>
          <Text className='rules__label'>第 {i + 1} 天</Text>
          <Field label='积分' id={`rules-checkin-${i}-points`} type='number' value={r.points} onChange={(points) => updateDay(i, { points })} readOnly={readOnly} problem={problemAt(`checkIn.rewards.${i}.points`) ?? problemAt(`checkIn.rewards.${i}.streakDay`)} width='narrow' />
          <Field label='优惠券模板编号（可空）' id={`rules-checkin-${i}-coupon`} value={r.coupon} onChange={(coupon) => updateDay(i, { coupon })} readOnly={readOnly} problem={problemAt(`checkIn.rewards.${i}.couponTemplateId`)} />
        </View>
      ))}
      {!readOnly ? (
        <View className='rules__choice'>
          {draft.rewards.length < 31 ? (
            <View className='btn btn--ghost btn--small rules__add' id='rules-checkin-add' hoverClass='btn--hover' onClick={addDay}>
              <Text>加一天</Text>
            </View>
          ) : null}
          {draft.rewards.length > 1 ? (
            <View className='btn btn--ghost btn--small rules__add' id='rules-checkin-remove' hoverClass='btn--hover' onClick={removeDay}>
              <Text>去掉最后一天</Text>
            </View>
          ) : null}
        </View>
      ) : null}
      <Text className='rules__muted'>连续签到满最后一天后，从第 1 天重新开始；中断后也从第 1 天开始。</Text>

      <View className='rules__row'>
        <Field label='补签消耗积分' id='rules-makeup-cost' type='number' value={draft.makeUpCost} onChange={(makeUpCost) => set({ ...draft, makeUpCost })} readOnly={readOnly} problem={problemAt('checkIn.makeUpCostPoints')} hint='补本周漏签的一天' width='narrow' />
        <Field label='每月补签次数' id='rules-makeup-limit' type='number' value={draft.makeUpPerMonth} onChange={(makeUpPerMonth) => set({ ...draft, makeUpPerMonth })} readOnly={readOnly} problem={problemAt('checkIn.makeUpPerMonth')} hint='0–10，0 为不能补签' width='narrow' />
      </View>
    </View>
  );
}

/** The first problem on a list field or any of its items. */
function problems(problemAt: (field: string) => string | null, field: string): string | null {
  if (problemAt(field)) return problemAt(field);
  for (let i = 0; i < 10; i++) if (problemAt(`${field}.${i}`)) return problemAt(`${field}.${i}`);
  return null;
}

function PointsForm({ draft, set, readOnly, problemAt }: FormProps<PointsDraft>) {
  return (
    <View>
      <View className='rules__row'>
        <Field label='每消费 ¥1 积分' id='rules-points-rate' type='number' value={draft.pointsPerYuan} onChange={(pointsPerYuan) => set({ ...draft, pointsPerYuan })} readOnly={readOnly} problem={problemAt('pointsPerYuan')} width='narrow' />
        <Field label='每消费 ¥1 成长值' id='rules-growth-rate' type='number' value={draft.growthPerYuan} onChange={(growthPerYuan) => set({ ...draft, growthPerYuan })} readOnly={readOnly} problem={problemAt('growthPerYuan')} width='narrow' />
        <Field label='起积金额（元）' id='rules-min-order' type='digit' value={draft.minOrderYuan} onChange={(minOrderYuan) => set({ ...draft, minOrderYuan })} readOnly={readOnly} problem={problemAt('minOrderFen')} hint='低于此金额的消费不积分' width='narrow' />
      </View>
      <View className='rules__switch-row'>
        <Text className='rules__label'>每日积分上限</Text>
        <Switch id='rules-cap-on' checked={draft.capped} disabled={readOnly} color='#2f5d50' onChange={(e) => set({ ...draft, capped: e.detail.value, dailyCap: draft.dailyCap || '5000' })} />
        <Text className='rules__muted'>{draft.capped ? '每位会员每天最多' : '不设上限'}</Text>
      </View>
      {draft.capped ? <Field label='上限（积分）' id='rules-daily-cap' type='number' value={draft.dailyCap} onChange={(dailyCap) => set({ ...draft, dailyCap })} readOnly={readOnly} problem={problemAt('dailyCapPoints')} width='narrow' /> : null}
      <Text className='rules__label'>积分有效期</Text>
      <View className='rules__choice'>
        <View id='rules-expiry-year' className={`rules__chip${draft.expiryType === 'end_of_next_year' ? ' rules__chip--on' : ''}`} onClick={() => !readOnly && set({ ...draft, expiryType: 'end_of_next_year' })}>
          <Text>次年年底</Text>
        </View>
        <View id='rules-expiry-days' className={`rules__chip${draft.expiryType === 'days' ? ' rules__chip--on' : ''}`} onClick={() => !readOnly && set({ ...draft, expiryType: 'days' })}>
          <Text>获得后若干天</Text>
        </View>
      </View>
      <View className='rules__row'>
        {draft.expiryType === 'days' ? (
          <Field label='有效天数' id='rules-expiry-days-value' type='number' value={draft.expiryDays} onChange={(expiryDays) => set({ ...draft, expiryDays })} readOnly={readOnly} problem={problemAt('expiry.days')} width='narrow' />
        ) : null}
        <Field label='到期前提醒（天）' id='rules-reminder' type='number' value={draft.reminderDays} onChange={(reminderDays) => set({ ...draft, reminderDays })} readOnly={readOnly} problem={problemAt('reminderDays')} width='narrow' />
      </View>
      <PointsAtCheckout draft={draft} set={set} readOnly={readOnly} problemAt={problemAt} />
    </View>
  );
}

/** 积分抵现 and whether stored value earns: how points and the wallet count at checkout. */
function PointsAtCheckout({ draft, set, readOnly, problemAt }: FormProps<PointsDraft>) {
  const rate = /^\d+$/.test(draft.cashPointsPerYuan.trim()) ? draft.cashPointsPerYuan.trim() : 'N';
  const cap = /^\d+$/.test(draft.cashCapPercent.trim()) ? draft.cashCapPercent.trim() : 'X';
  return (
    <View id='rules-checkout'>
      <View className='rules__switch-row'>
        <Text className='rules__label'>积分抵现</Text>
        <Switch id='rules-cash-on' checked={draft.cashOn === true} disabled={readOnly} color='#2f5d50' onChange={(e) => set({ ...draft, cashOn: e.detail.value })} />
        <Text className='rules__muted' id='rules-cash-summary'>
          {draft.cashOn === null ? '此版本未设置，保存时沿用系统默认' : draft.cashOn ? `结账时 ${rate} 积分抵 ¥1，每单最多抵 ${cap}%` : '结账时不能用积分抵扣'}
        </Text>
      </View>
      {draft.cashOn ? (
        <View className='rules__row'>
          <Field
            label='多少积分抵 1 元'
            id='rules-cash-rate'
            type='number'
            value={draft.cashPointsPerYuan}
            onChange={(cashPointsPerYuan) => set({ ...draft, cashPointsPerYuan })}
            readOnly={readOnly}
            problem={problemAt('pointsAsCash.pointsPerYuan')}
            hint='1 到 10,000 的整数，例如 100'
            width='narrow'
          />
          <Field
            label='每单最多抵（%）'
            id='rules-cash-cap'
            type='number'
            value={draft.cashCapPercent}
            onChange={(cashCapPercent) => set({ ...draft, cashCapPercent })}
            readOnly={readOnly}
            problem={problemAt('pointsAsCash.capPercent')}
            hint='会员价和优惠券之后金额的百分比，1 到 100'
            width='narrow'
          />
        </View>
      ) : null}
      {problemAt('pointsAsCash') ? <Text className='rules__error'>{problemAt('pointsAsCash')}</Text> : null}
      <View className='rules__switch-row'>
        <Text className='rules__label'>储值支付累积积分和成长值</Text>
        <Switch id='rules-wallet-earns' checked={draft.walletEarns === true} disabled={readOnly} color='#2f5d50' onChange={(e) => set({ ...draft, walletEarns: e.detail.value })} />
        <Text className='rules__muted' id='rules-wallet-earns-summary'>
          {draft.walletEarns === null ? '此版本未设置，保存时沿用系统默认' : draft.walletEarns ? '储值支付的部分也累积' : '只有门店收款的部分累积；积分和优惠券抵扣的部分从不累积'}
        </Text>
      </View>
      {problemAt('walletEarns') ? <Text className='rules__error'>{problemAt('walletEarns')}</Text> : null}
    </View>
  );
}

function WalletForm({ draft, set, readOnly, problemAt }: FormProps<WalletDraft>) {
  const update = (i: number, change: Partial<PackageDraft>) => set({ ...draft, packages: draft.packages.map((p, j) => (j === i ? { ...p, ...change } : p)) });
  const add = () => set({ ...draft, packages: [...draft.packages, { id: `p${Date.now().toString(36)}`, isNew: true, label: '', payYuan: '', bonusYuan: '0' }] });
  const remove = (i: number) => set({ ...draft, packages: draft.packages.filter((_, j) => j !== i) });
  return (
    <View>
      {draft.packages.length === 0 ? <Text className='rules__muted'>没有上架的储值套餐：会员暂时不能充值。</Text> : null}
      {draft.packages.map((p, i) => (
        <View key={p.id} className='rules__item' id={`rules-package-${i}`}>
          <View className='rules__item-head'>
            <Text className='rules__item-title'>{p.label || '新套餐'}</Text>
            {!readOnly ? (
              <Text className='rules__link' id={`rules-package-${i}-remove`} onClick={() => remove(i)}>下架</Text>
            ) : null}
          </View>
          <View className='rules__row'>
            <Field label='名称' id={`rules-package-${i}-label`} value={p.label} onChange={(label) => update(i, { label })} readOnly={readOnly} problem={problemAt(`packages.${i}.label`) ?? problemAt(`packages.${i}.id`)} />
            <Field label='支付（元）' id={`rules-package-${i}-pay`} type='digit' value={p.payYuan} onChange={(payYuan) => update(i, { payYuan })} readOnly={readOnly} problem={problemAt(`packages.${i}.payFen`)} width='narrow' />
            <Field label='赠送（元）' id={`rules-package-${i}-bonus`} type='digit' value={p.bonusYuan} onChange={(bonusYuan) => update(i, { bonusYuan })} readOnly={readOnly} problem={problemAt(`packages.${i}.bonusFen`)} width='narrow' />
          </View>
        </View>
      ))}
      {problemAt('packages') ? <Text className='rules__error'>{problemAt('packages')}</Text> : null}
      {!readOnly ? (
        <View className='btn btn--ghost btn--small rules__add' id='rules-package-add' hoverClass='btn--hover' onClick={add}>
          <Text>添加套餐</Text>
        </View>
      ) : null}
      <Field label='储值上限（元）' id='rules-ceiling' type='digit' value={draft.ceilingYuan} onChange={(ceilingYuan) => set({ ...draft, ceilingYuan })} readOnly={readOnly} problem={problemAt('maxBalanceFen')} hint={`本金加赠送的余额上限，最高 ${formatFen(500000)}`} width='narrow' />
    </View>
  );
}

function BrandForm({ draft, set, readOnly, problemAt }: FormProps<BrandDraft>) {
  return (
    <View>
      <View className='rules__brand-sample'>
        <View className='rules__logo' style={{ backgroundColor: /^#[0-9a-fA-F]{6}$/.test(draft.primaryColor) ? draft.primaryColor : '#8f948f' }}>
          <Text>{draft.logoText}</Text>
        </View>
        <Text className='rules__item-title'>{draft.name}</Text>
      </View>
      <View className='rules__row'>
        <Field label='品牌名称' id='rules-brand-name' value={draft.name} onChange={(name) => set({ ...draft, name })} readOnly={readOnly} problem={problemAt('name')} hint='最多 20 个字' />
        <Field label='Logo 文字' id='rules-brand-logo' value={draft.logoText} onChange={(logoText) => set({ ...draft, logoText })} readOnly={readOnly} problem={problemAt('logoText')} hint='1–2 个字' width='narrow' />
        <Field label='主色' id='rules-brand-color' value={draft.primaryColor} onChange={(primaryColor) => set({ ...draft, primaryColor })} readOnly={readOnly} problem={problemAt('primaryColor')} hint='#rrggbb' width='narrow' />
      </View>
    </View>
  );
}

// ---- Scheduled and history ----------------------------------------------------------------

function Scheduled({ section, items, mayEdit }: { section: RuleSection; items: RuleVersionView[]; mayEdit: boolean }) {
  const [busy, setBusy] = useState<number | null>(null);
  if (items.length === 0) return null;

  async function cancel(version: number) {
    if (busy !== null) return;
    const { confirm } = await Taro.showModal({ title: `取消第 ${version} 版？`, content: '取消后该版本不会生效，记录仍保留在历史中。', confirmText: '取消该版本', cancelText: '保留' });
    if (!confirm) return;
    setBusy(version);
    try {
      await cancelScheduledRules(section, version);
      void Taro.showToast({ title: `已取消第 ${version} 版`, icon: 'none' });
    } catch (failure) {
      void Taro.showToast({ title: messageOf(failure), icon: 'none' });
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <Text className='section-title'>待生效</Text>
      <View className='card rules__list' id='rules-scheduled'>
        {items.map((item) => (
          <View key={item.version} className='rules__history-row' id={`rules-scheduled-${item.version}`}>
            <View className='rules__history-main'>
              <Text className='rules__item-title'>第 {item.version} 版</Text>
              <Text className='rules__muted'>{item.effectiveAt ? `${formatDateTime(item.effectiveAt)} 生效` : ''}</Text>
            </View>
            {mayEdit ? (
              <View className='btn btn--ghost btn--small' id={`rules-cancel-${item.version}`} hoverClass='btn--hover' onClick={() => void cancel(item.version)}>
                <Text>{busy === item.version ? '正在取消…' : '取消'}</Text>
              </View>
            ) : null}
          </View>
        ))}
      </View>
    </>
  );
}

function History({ items }: { items: RuleHistoryItem[] }) {
  return (
    <>
      <Text className='section-title'>版本记录</Text>
      {items.length === 0 ? (
        <View className='list'>
          <EmptyState id='rules-history-empty' icon='史' text='这部分规则还没有在后台修改过，当前为初始设置。' />
        </View>
      ) : (
        <View className='card rules__list' id='rules-history'>
          {items.map((item) => (
            <View key={item.version} className='rules__history-row' id={`rules-history-${item.version}`}>
              <View className='rules__history-main'>
                <View className='rules__item-head'>
                  <Text className='rules__item-title'>第 {item.version} 版</Text>
                  <Text className={`rules__badge rules__badge--${item.status}`}>{STATUS_LABELS[item.status]}</Text>
                </View>
                <Text className='rules__muted'>
                  {item.version === 0
                    ? '初始设置'
                    : `${item.effectiveAt ? `${formatDateTime(item.effectiveAt)} 生效` : ''} · ${item.createdBy ? `${item.createdBy.name || '运营'}（${ROLE_LABELS[item.createdBy.role] ?? item.createdBy.role}）` : ''}${item.createdAt ? ` 于 ${formatDateTime(item.createdAt)} 保存` : ''}`}
                </Text>
                {item.changes.map((line, i) => (
                  <Text key={i} className='rules__line rules__line--small'>· {line}</Text>
                ))}
              </View>
            </View>
          ))}
        </View>
      )}
    </>
  );
}
