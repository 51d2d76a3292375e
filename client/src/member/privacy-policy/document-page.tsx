import { Text, View } from '@tarojs/components';
import type { PolicyDocument } from '@contract';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { acceptPolicy, usePrivacyStatus } from '../../stores/privacy';
import { acceptanceLine, policyOf } from '../../stores/policy-state';
import { formatDate } from '../../utils/format';
import type { DocumentSection } from './texts';
import './document-page.scss';

interface Props {
  document: PolicyDocument;
  title: string;
  sections: DocumentSection[];
  /** Id of the 同意 button for browser tests. */
  acceptId: string;
}

/**
 * A document the member accepts: its text, the version in force and what the member accepted
 * (from privacyStatus), and 同意 while the current version is not accepted. The text reads
 * without signing in too; only the acceptance needs the server.
 */
export function DocumentPage({ document, title, sections, acceptId }: Props) {
  const status = usePrivacyStatus((state) => state.data);
  const loadStatus = usePrivacyStatus((state) => state.status);
  const load = usePrivacyStatus((state) => state.load);
  const [accepting, setAccepting] = useState(false);
  const policy = policyOf(status, document);

  useDidShow(() => void load());
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  async function accept() {
    if (accepting) return;
    setAccepting(true);
    try {
      await acceptPolicy(document);
      void Taro.showToast({ title: '已同意', icon: 'success' });
    } catch {
      // Toasted by the call (e.g. POLICY_VERSION_OUTDATED: the status reloads below).
      void load();
    } finally {
      setAccepting(false);
    }
  }

  return (
    <View className='page document'>
      <View className='card document__card'>
        <Text className='document__title'>{title}</Text>
        <Text className='document__version' id='document-version'>
          {policy ? `版本 ${policy.currentVersion}` : loadStatus === 'error' ? '版本信息暂未读取到' : '正在读取版本…'}
        </Text>
        {policy ? (
          <Text className={`document__state${policy.upToDate ? ' document__state--ok' : ''}`} id='document-acceptance'>
            {acceptanceLine(policy, formatDate)}
          </Text>
        ) : null}
        {sections.map((section) => (
          <View key={section.heading} className='document__section'>
            <Text className='document__heading'>{section.heading}</Text>
            {section.paragraphs.map((paragraph) => (
              <Text key={paragraph} className='document__paragraph'>
                {paragraph}
              </Text>
            ))}
          </View>
        ))}
      </View>
      {policy && !policy.upToDate ? (
        <View className='document__footer'>
          <View className={`btn btn--primary btn--big${accepting ? ' btn--disabled' : ''}`} id={acceptId} hoverClass='btn--hover' onClick={() => void accept()}>
            <Text>{accepting ? '正在保存…' : `我已阅读并同意（${policy.currentVersion}）`}</Text>
          </View>
        </View>
      ) : null}
    </View>
  );
}
