import Taro from '@tarojs/taro';
import { useCheckout } from '../../stores/checkout';
import { FailureOutcome } from '../components/failure-outcome';
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
          : null;

  return <FailureOutcome idPrefix='staff' error={failure.error} title={view.title} reason={view.reason} primary={primary} onRescan={onRescan} />;
}
