import { Text, View } from '@tarojs/components';
import type { CouponTemplateView } from '@contract';
import { ErrorState, ListSkeleton } from '../../components/list-states';
import { useCouponTemplates } from '../../stores/coupons-admin';
import './coupon-template-picker.scss';

/**
 * Chooses up to `max` of the brand's coupon templates (a pack, a gift): active ones as chips to
 * tap; one already chosen but paused or gone stays listed so it can be removed. The caller loads
 * useCouponTemplates with its page.
 */
export function CouponTemplatePicker({ id, value, onChange, max }: { id: string; value: string[]; onChange: (ids: string[]) => void; max: number }) {
  const templates = useCouponTemplates((state) => state.data?.templates ?? null);
  const status = useCouponTemplates((state) => state.status);
  const error = useCouponTemplates((state) => state.error);
  const load = useCouponTemplates((state) => state.load);

  if (!templates) {
    return status === 'error' ? <ErrorState id={`${id}-error`} title='优惠券没有加载出来' message={error ?? ''} onRetry={() => void load()} /> : <ListSkeleton rows={1} id={`${id}-loading`} />;
  }
  const byId = new Map(templates.map((t) => [t.templateId, t] as const));
  const shown: (CouponTemplateView | { templateId: string; name: string; state: 'missing' })[] = [
    ...templates.filter((t) => t.state === 'active' || value.includes(t.templateId)),
    ...value.filter((tid) => !byId.has(tid)).map((tid) => ({ templateId: tid, name: `已删除的券（${tid}）`, state: 'missing' as const })),
  ];
  const full = value.length >= max;

  function toggle(templateId: string) {
    if (value.includes(templateId)) onChange(value.filter((v) => v !== templateId));
    else if (!full) onChange([...value, templateId]);
  }

  return (
    <View className='template-picker' id={id}>
      {shown.length === 0 ? <Text className='template-picker__muted'>还没有进行中的优惠券，可先在「优惠券」中新建。</Text> : null}
      <View className='template-picker__chips'>
        {shown.map((t) => {
          const on = value.includes(t.templateId);
          const off = t.state !== 'active';
          return (
            <View
              key={t.templateId}
              id={`${id}-${t.templateId}`}
              className={`template-picker__chip${on ? ' template-picker__chip--on' : ''}${!on && full ? ' template-picker__chip--full' : ''}`}
              onClick={() => toggle(t.templateId)}
            >
              <Text>
                {on ? '✓ ' : ''}
                {t.name}
                {off ? '（已暂停）' : ''}
              </Text>
            </View>
          );
        })}
      </View>
      <Text className='template-picker__muted'>
        已选 {value.length} / {max} 张{full ? '，已达上限' : ''}
      </Text>
    </View>
  );
}
