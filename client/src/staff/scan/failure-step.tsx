import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCheckout } from '../../stores/checkout';
import { describeFailure } from './failure';

/** ✕ with the reason in big text and the one next step that helps. */
export function FailureStep({ onRescan }: { onRescan: () => void }) {
  const failure = useCheckout((state) => state.failure);
  const code = useCheckout((state) => state.code);
  if (!failure) return null;
  const view = describeFailure(failure.error, failure.during);

  function retry() {
    const { lookup, retryRecord } = useCheckout.getState();
    // The same request again: the same code, or exactly the confirmation that failed (same request id).
    if (failure?.during === 'lookup') void lookup(code);
    else void retryRecord();
  }

  const primary =
    view.next === 'retry'
      ? { label: '重试', onClick: retry }
      : view.next === 'edit'
        ? { label: '返回修改', onClick: () => useCheckout.getState().backToMember() }
        : view.next === 'log'
          ? { label: '查看今日记录', onClick: () => void Taro.redirectTo({ url: '/staff/home/index' }) }
          : { label: '重新扫码', onClick: onRescan };

  return (
    <View>
      <View className='staff__outcome' id='staff-error' data-code={(failure.error as { code?: string }).code}>
        <View className='staff__mark staff__mark--fail'>
          <Text>✕</Text>
        </View>
        <Text className='staff__outcome-title'>{view.title}</Text>
        <Text className='staff__outcome-reason'>{view.reason}</Text>
      </View>
      <View className='staff__actions'>
        <View id='staff-failure-next' className='btn btn--primary btn--big' hoverClass='btn--hover' onClick={primary.onClick}>
          <Text>{primary.label}</Text>
        </View>
        {view.next !== 'rescan' ? (
          <View className='btn btn--ghost staff__secondary' hoverClass='btn--hover' onClick={onRescan}>
            <Text>重新扫码</Text>
          </View>
        ) : null}
      </View>
    </View>
  );
}
