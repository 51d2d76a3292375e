import { Text, View } from '@tarojs/components';
import type { GuideSettingsView } from '@contract';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { messageOf } from '../../api';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { ErrorState, ListSkeleton } from '../../components/list-states';
import { useConsoleIdentity } from '../../stores/console';
import { saveGuideSettings, useGuideSettings } from '../../stores/referral-admin';
import { ConsoleShell } from '../console/shell';
import { Choices, Field } from '../referral-shared/fields';
import { guideSettingsFrom, type GuideDraft } from './draft';

/** 导购设置: how long a member stays bound to the staff member who brought them, and the protection period. */
export default function GuideSettingsPage() {
  const data = useGuideSettings((state) => state.data);
  const status = useGuideSettings((state) => state.status);
  const error = useGuideSettings((state) => state.error);
  const load = useGuideSettings((state) => state.load);
  const role = useConsoleIdentity((state) => state.data?.role);

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  return (
    <ConsoleShell page='guide-settings' title='导购设置'>
      {!data ? (
        status === 'error' ? (
          <ErrorState id='guide-settings-error' title='导购设置没有加载出来' message={error ?? ''} onRetry={() => void load()} />
        ) : (
          <ListSkeleton id='guide-settings-loading' rows={2} />
        )
      ) : (
        <GuideForm key={`${data.bindDays}-${data.protectionDays}`} settings={data} mayEdit={role === 'owner' || role === 'manager'} />
      )}
    </ConsoleShell>
  );
}

function GuideForm({ settings, mayEdit }: { settings: GuideSettingsView; mayEdit: boolean }) {
  const [draft, setDraft] = useState<GuideDraft>({
    permanent: settings.bindDays === null,
    bindDays: settings.bindDays === null ? '365' : String(settings.bindDays),
    protectionDays: String(settings.protectionDays),
  });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const checked = guideSettingsFrom(draft);

  async function save() {
    if (busy || !checked.settings) return;
    setBusy(true);
    setFailure(null);
    try {
      await saveGuideSettings(checked.settings);
      void Taro.showToast({ title: '导购设置已保存', icon: 'none' });
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className='card ref-page__card ref-form' id='guide-settings'>
      <Choices
        id='guide-permanent'
        label='会员与导购的绑定'
        value={draft.permanent ? 'yes' : 'no'}
        disabled={!mayEdit}
        options={[
          { value: 'yes', label: '永久绑定' },
          { value: 'no', label: '按天数' },
        ]}
        onChange={(value) => setDraft((d) => ({ ...d, permanent: value === 'yes' }))}
      />
      <View className='ref-form__grid'>
        {!draft.permanent ? (
          <Field id='guide-bind-days' label='绑定天数' value={draft.bindDays} onChange={(v) => setDraft((d) => ({ ...d, bindDays: v }))} error={checked.errors?.bindDays} type='number' suffix='天' hint='到期后，会员扫其他导购码即可改绑' disabled={!mayEdit} />
        ) : null}
        <Field
          id='guide-protection-days'
          label='保护期'
          value={draft.protectionDays}
          onChange={(v) => setDraft((d) => ({ ...d, protectionDays: v }))}
          error={checked.errors?.protectionDays}
          type='number'
          suffix='天'
          hint='绑定后这些天内，其他导购码或门店码不能抢走该会员'
          disabled={!mayEdit}
        />
      </View>
      <Text className='ref-form__hint' id='guide-settings-summary'>
        {checked.settings ? summary(checked.settings) : '请先改正上面的输入'}
      </Text>
      {failure ? (
        <Text className='ref-form__message' id='guide-settings-failure'>
          {failure}
        </Text>
      ) : null}
      {mayEdit ? (
        <View className='ref-form__actions'>
          <View className={`btn btn--primary btn--small${busy || !checked.settings ? ' btn--disabled' : ''}`} id='guide-settings-save' hoverClass='btn--hover' onClick={() => void save()}>
            <Text>{busy ? '正在保存…' : '保存'}</Text>
          </View>
        </View>
      ) : (
        <Text className='ref-page__muted'>只有品牌主和运营经理可以修改导购设置。</Text>
      )}
    </View>
  );
}

function summary(settings: GuideSettingsView): string {
  const bind = settings.bindDays === null ? '会员一直归属带来他的导购' : `会员归属带来他的导购 ${settings.bindDays} 天`;
  const protect = settings.protectionDays === 0 ? '不设保护期，扫其他导购码即改绑' : `其中前 ${settings.protectionDays} 天不可被其他导购改绑`;
  return `${bind}；${protect}。`;
}
