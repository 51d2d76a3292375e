import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { acceptPolicy, useAgreementGate, usePrivacyStatus } from '../../stores/privacy';
import { needsAcceptance, policyOf } from '../../stores/policy-state';
import { useTopup } from '../../stores/wallet';
import './index.scss';

export const AGREEMENT_URL = '/member/stored-value-agreement/index';

/**
 * A tap on a top-up package: straight to the order when the member has accepted the current
 * 储值协议, else the agreement sheet first. The server checks again (AGREEMENT_REQUIRED opens
 * the same sheet, see stores/wallet.ts), so a status not loaded yet never blocks a top-up.
 */
export function requestTopup(packageId: string): void {
  if (needsAcceptance(usePrivacyStatus.getState().data, 'stored_value')) {
    useAgreementGate.getState().open(packageId);
    return;
  }
  void useTopup.getState().topup(packageId);
}

/** The sheet on the wallet page: what the agreement says in a line, the full text, 同意并充值. */
export function AgreementGate() {
  const packageId = useAgreementGate((state) => state.packageId);
  const close = useAgreementGate((state) => state.close);
  const version = usePrivacyStatus((state) => policyOf(state.data, 'stored_value')?.currentVersion);
  const [accepting, setAccepting] = useState(false);
  if (!packageId) return null;

  async function accept() {
    if (accepting || !packageId) return;
    setAccepting(true);
    try {
      // Accepted on the agreement page meanwhile: nothing more to record.
      if (needsAcceptance(usePrivacyStatus.getState().data, 'stored_value')) await acceptPolicy('stored_value');
      close();
      void useTopup.getState().topup(packageId);
    } catch {
      // Toasted by the call; the sheet stays.
    } finally {
      setAccepting(false);
    }
  }

  return (
    <View className='agreement-gate' id='agreement-gate' catchMove>
      <View className='agreement-gate__sheet'>
        <Text className='agreement-gate__title'>储值前请阅读《储值协议》</Text>
        <Text className='agreement-gate__text'>
          储值由品牌发行，余额设有上限；每笔储值可申请退回未使用的本金，同时收回该笔剩余赠送金。
        </Text>
        <Text className='agreement-gate__link' id='agreement-open' onClick={() => void Taro.navigateTo({ url: AGREEMENT_URL })}>
          阅读《储值协议》全文{version ? `（${version} 版）` : ''} ›
        </Text>
        <View className='agreement-gate__actions'>
          <View className='btn btn--ghost agreement-gate__button' id='agreement-cancel' hoverClass='btn--hover' onClick={close}>
            <Text>暂不充值</Text>
          </View>
          <View className={`btn btn--primary agreement-gate__button${accepting ? ' btn--disabled' : ''}`} id='agreement-accept' hoverClass='btn--hover' onClick={() => void accept()}>
            <Text>{accepting ? '正在保存…' : '同意并充值'}</Text>
          </View>
        </View>
      </View>
    </View>
  );
}
