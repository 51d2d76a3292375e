import { Text, View } from '@tarojs/components';
import './index.scss';

// The three states every list and screen has besides its content: loading (a skeleton in the
// content's shape), empty (one sentence and the next step) and error (what went wrong, 重试).

export function ListSkeleton({ rows = 4, id }: { rows?: number; id?: string }) {
  return (
    <View className='list-skeleton' id={id}>
      {Array.from({ length: rows }, (_, index) => (
        <View key={index} className='list-skeleton__row'>
          <View className='list-skeleton__main'>
            <View className='list-skeleton__bar list-skeleton__bar--title' />
            <View className='list-skeleton__bar list-skeleton__bar--sub' />
          </View>
          <View className='list-skeleton__bar list-skeleton__bar--amount' />
        </View>
      ))}
    </View>
  );
}

export interface NextStep {
  label: string;
  onClick: () => void;
  id?: string;
}

export function EmptyState({ icon = '○', title, text, next, id }: { icon?: string; title?: string; text: string; next?: NextStep & { primary?: boolean }; id?: string }) {
  return (
    <View className='state-view' id={id}>
      <View className='state-view__icon'>
        <Text>{icon}</Text>
      </View>
      {title ? <Text className='state-view__title'>{title}</Text> : null}
      <Text className='state-view__text'>{text}</Text>
      {next ? (
        <View className={`btn ${next.primary ? 'btn--primary' : 'btn--ghost'} state-view__action`} id={next.id} hoverClass='btn--hover' onClick={next.onClick}>
          <Text>{next.label}</Text>
        </View>
      ) : null}
    </View>
  );
}

export function ErrorState({ title = '没有加载出来', message, onRetry, id }: { title?: string; message: string; onRetry: () => void; id?: string }) {
  return (
    <View className='state-view' id={id}>
      <View className='state-view__icon state-view__icon--error'>
        <Text>!</Text>
      </View>
      <Text className='state-view__title'>{title}</Text>
      <Text className='state-view__text'>{message}</Text>
      <View className='btn btn--primary state-view__action' hoverClass='btn--hover' onClick={onRetry}>
        <Text>重试</Text>
      </View>
    </View>
  );
}

/** Under a paged list: loading the next page, the end, or a failed page with 重试. */
export function ListFooter({ loadingMore, hasMore, error, onRetry }: { loadingMore: boolean; hasMore: boolean; error: string | null; onRetry: () => void }) {
  if (error) {
    return (
      <View className='list-footer list-footer--error' hoverClass='btn--hover' onClick={onRetry}>
        <Text>{error}，点此重试</Text>
      </View>
    );
  }
  if (loadingMore) {
    return (
      <View className='list-footer'>
        <Text>正在加载…</Text>
      </View>
    );
  }
  return (
    <View className='list-footer'>
      <Text>{hasMore ? '上拉加载更多' : '没有更多了'}</Text>
    </View>
  );
}
