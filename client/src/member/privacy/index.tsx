import { Switch, Text, View } from '@tarojs/components';
import type { ConsentPurpose, PrivacyStatus } from '@contract';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { ErrorState, ListSkeleton } from '../../components/list-states';
import { useShownResource } from '../../components/use-shown-resource';
import { setConsent, usePrivacyStatus } from '../../stores/privacy';
import { policyOf } from '../../stores/policy-state';
import { formatDate } from '../../utils/format';
import { isGranted, latestConsent, PURPOSE_TEXT } from './consents';
import './index.scss';

/** 隐私与授权: consents, the documents, and the way to 我的数据 and 注销. */
export default function PrivacyPage() {
  const { data: status, status: loadStatus, error, load } = useShownResource(usePrivacyStatus);

  return (
    <View className='page privacy'>
      <Text className='section-title'>授权管理</Text>
      {status ? (
        <Consents status={status} />
      ) : loadStatus === 'error' ? (
        <ErrorState id='privacy-error' title='授权信息没有加载出来' message={error ?? ''} onRetry={() => void load()} />
      ) : (
        <View className='list'>
          <ListSkeleton id='privacy-loading' rows={3} />
        </View>
      )}

      <Text className='section-title'>协议与政策</Text>
      <View className='list'>
        <LinkRow id='privacy-link-policy' title='隐私政策' value={documentState(status, 'privacy')} url='/member/privacy-policy/index' />
        <LinkRow id='privacy-link-agreement' title='储值协议' value={documentState(status, 'stored_value')} url='/member/stored-value-agreement/index' />
        {process.env.TARO_ENV === 'weapp' ? (
          <View id='privacy-link-wechat' className='row row--link' hoverClass='row--hover' onClick={() => Taro.openPrivacyContract({})}>
            <Text className='row__title'>小程序隐私保护指引（微信）</Text>
            <Text className='row__chevron'>›</Text>
          </View>
        ) : null}
      </View>

      <Text className='section-title'>我的数据</Text>
      <View className='list'>
        <LinkRow id='privacy-link-my-data' title='查看与导出我的数据' url='/member/my-data/index' />
        <LinkRow id='privacy-link-delete' title='注销账户' url='/member/delete-account/index' danger />
      </View>
    </View>
  );
}

function Consents({ status }: { status: PrivacyStatus }) {
  const [saving, setSaving] = useState<ConsentPurpose | null>(null);
  const marketing = isGranted(status.consents, 'marketing');

  async function toggle(purpose: ConsentPurpose, granted: boolean) {
    if (saving) return;
    setSaving(purpose);
    try {
      await setConsent(purpose, granted);
      void Taro.showToast({ title: granted ? '已开启' : '已关闭，不再向你发送营销消息', icon: 'none' });
    } catch {
      // Toasted by the call; the switch shows the server's record again.
    } finally {
      setSaving(null);
    }
  }

  return (
    <View className='list'>
      <View className='row privacy__consent'>
        <View className='row__main'>
          <Text className='row__title'>{PURPOSE_TEXT.marketing.title}</Text>
          <Text className='row__sub'>{PURPOSE_TEXT.marketing.detail}</Text>
        </View>
        <Switch
          id='consent-marketing'
          checked={marketing}
          disabled={saving !== null}
          color='#2f5d50'
          onChange={(event) => void toggle('marketing', Boolean(event.detail.value))}
        />
      </View>
      {(['profile', 'phone'] as const).map((purpose) => {
        const consent = latestConsent(status.consents, purpose);
        return (
          <View key={purpose} className='row' id={`consent-${purpose}`}>
            <View className='row__main'>
              <Text className='row__title'>{PURPOSE_TEXT[purpose].title}</Text>
              <Text className='row__sub'>{PURPOSE_TEXT[purpose].detail}</Text>
            </View>
            <Text className='privacy__consent-state'>
              {consent ? `${consent.granted ? '已同意' : '已撤回'} ${formatDate(consent.at)}` : '未提供'}
            </Text>
          </View>
        );
      })}
    </View>
  );
}

function documentState(status: PrivacyStatus | null, document: 'privacy' | 'stored_value'): string | undefined {
  const policy = policyOf(status, document);
  if (!policy) return undefined;
  // The version is a date: say 版 so that it does not read as the day of the acceptance.
  return policy.upToDate ? `已同意 ${policy.currentVersion} 版` : `${policy.currentVersion} 版待同意`;
}

function LinkRow({ id, title, value, url, danger }: { id: string; title: string; value?: string; url: string; danger?: boolean }) {
  return (
    <View id={id} className='row row--link' hoverClass='row--hover' onClick={() => void Taro.navigateTo({ url })}>
      <Text className={`row__title${danger ? ' privacy__danger' : ''}`}>{title}</Text>
      <View className='privacy__side'>
        {value ? <Text className='privacy__value'>{value}</Text> : null}
        <Text className='row__chevron'>›</Text>
      </View>
    </View>
  );
}
