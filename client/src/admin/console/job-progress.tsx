import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './job-progress.scss';

/**
 * A resumable console job on screen (bulk points grant, batch coupon issue): its title and state,
 * a progress bar, the counts, and 继续 when the drive stopped on errors or was left. The page
 * adds what is its own (hints, the failures, the buttons shown when done) as children.
 * Ids: `${idPrefix}-progress`, `-state`, `-counts`, `-resume`.
 */
export function JobProgress({
  idPrefix,
  title,
  state,
  stateLabel,
  percent,
  counts,
  running,
  error,
  canResume,
  resumeLabel = '继续',
  onResume,
  children,
}: {
  idPrefix: string;
  title: string;
  state: string;
  stateLabel: string;
  percent: number;
  counts: string;
  /** The page is calling the job's run action now. */
  running: boolean;
  error: string | null;
  /** The job still has work (shows 继续 when nothing is driving it). */
  canResume: boolean;
  resumeLabel?: string;
  onResume: () => void;
  children?: ReactNode;
}) {
  const resume = (
    <View className='btn btn--ghost btn--small' id={`${idPrefix}-resume`} hoverClass='btn--hover' onClick={onResume}>
      <Text>{resumeLabel}</Text>
    </View>
  );
  return (
    <View className='card job-progress' id={`${idPrefix}-progress`} data-state={state}>
      <View className='job-progress__head'>
        <Text className='job-progress__title'>{title}</Text>
        <Text className='job-progress__state' id={`${idPrefix}-state`}>
          {stateLabel}
        </Text>
      </View>
      <View className='job-progress__bar'>
        <View className='job-progress__bar-fill' style={{ width: `${Math.max(0, Math.min(100, percent))}%` }} />
      </View>
      <Text className='job-progress__counts' id={`${idPrefix}-counts`}>
        {counts}
      </Text>
      {error ? (
        <View className='job-progress__run-error'>
          <Text className='job-progress__error'>{error}</Text>
          {canResume ? resume : null}
        </View>
      ) : canResume && !running ? (
        resume
      ) : null}
      {running ? <Text className='job-progress__hint'>请保持页面打开；关闭后系统也会在后台继续（稍慢）。</Text> : null}
      {children}
    </View>
  );
}
