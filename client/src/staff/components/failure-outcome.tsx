import { Text, View } from '@tarojs/components';

/**
 * A failed step on a staff screen (checkout, gift redemption): ✕ with the reason in big text,
 * the one next step that helps, and 重新扫码 beside it unless that is the next step already.
 * Ids: `${idPrefix}-error` (with the error's code as data-code) and `${idPrefix}-failure-next`.
 */
export function FailureOutcome({
  idPrefix,
  error,
  title,
  reason,
  primary,
  onRescan,
}: {
  idPrefix: string;
  error: unknown;
  title: string;
  reason: string;
  /** The next step; null when it is 重新扫码 itself. */
  primary: { label: string; onClick: () => void } | null;
  onRescan: () => void;
}) {
  return (
    <View>
      <View className='staff__outcome' id={`${idPrefix}-error`} data-code={(error as { code?: string }).code}>
        <View className='staff__mark staff__mark--fail'>
          <Text>✕</Text>
        </View>
        <Text className='staff__outcome-title'>{title}</Text>
        <Text className='staff__outcome-reason'>{reason}</Text>
      </View>
      <View className='staff__actions'>
        <View id={`${idPrefix}-failure-next`} className='btn btn--primary btn--big' hoverClass='btn--hover' onClick={primary ? primary.onClick : onRescan}>
          <Text>{primary ? primary.label : '重新扫码'}</Text>
        </View>
        {primary ? (
          <View className='btn btn--ghost staff__secondary' hoverClass='btn--hover' onClick={onRescan}>
            <Text>重新扫码</Text>
          </View>
        ) : null}
      </View>
    </View>
  );
}
