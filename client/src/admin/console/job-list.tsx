import { Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow, usePullDownRefresh, useUnload } from '@tarojs/taro';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/list-states';
import type { LoadStatus } from '../../stores/member';
import type { JobStatus, JobStoreState } from '../../stores/job-store';
import { formatDateTime, formatPoints } from '../../utils/format';

// What a console page of resumable jobs (bulk points grant, batch coupon issue) does around its
// own form and progress card: drive a job still running when the page is shown again, stop when
// it is left, and list the recent jobs to pick one.

/** The page's store, as createJobStore makes it. */
interface JobStoreHook<S extends JobStatus> {
  getState: () => Pick<JobStoreState<S, never>, 'jobs' | 'running' | 'current' | 'select' | 'resume' | 'stop'>;
}

/**
 * Shown: `reload` (the jobs, and whatever else the page lists), then carry on with a job still
 * running (the cron job would finish it too, more slowly). Hidden or closed: stop driving.
 * With `signInFirst`, a visitor without a local identity is sent to sign in and nothing loads.
 */
export function useJobPage<S extends JobStatus>(store: JobStoreHook<S>, reload: () => Promise<unknown>, { signInFirst = false }: { signInFirst?: boolean } = {}): void {
  useDidShow(() => {
    if (signInFirst && redirectToDevLoginIfNeeded()) return;
    void reload().then(() => {
      const { jobs: listed, running: busy, current: shown, select, resume } = store.getState();
      const open = shown?.state === 'running' ? shown : listed.find((job) => job.state === 'running');
      if (open && !busy) {
        select(open);
        void resume(open.jobId);
      }
    });
  });
  const stop = () => store.getState().stop();
  useDidHide(stop);
  useUnload(stop);
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });
}

export interface ListedJob extends JobStatus {
  startedAt: string;
  total: number;
  failed: number;
}

/**
 * The recent jobs under a section title, each a row to open it. Ids: `${idPrefix}-jobs` (and
 * `-jobs-loading`, `-jobs-error`, `-jobs-empty`), `${idPrefix}-job-${jobId}`.
 */
export function JobList<S extends ListedJob>({
  idPrefix,
  title,
  errorTitle,
  emptyIcon,
  emptyText,
  jobs,
  listStatus,
  listError,
  onRetry,
  onSelect,
  rowTitle,
  stateLabel,
  succeeded,
}: {
  idPrefix: string;
  title: string;
  errorTitle: string;
  emptyIcon: string;
  emptyText: string;
  jobs: S[];
  listStatus: LoadStatus;
  listError: string | null;
  onRetry: () => void;
  onSelect: (job: S) => void;
  rowTitle: (job: S) => string;
  stateLabel: (job: S) => string;
  /** How many of the job's members got what it gives. */
  succeeded: (job: S) => number;
}) {
  return (
    <>
      <Text className='section-title'>{title}</Text>
      {listStatus === 'loading' || listStatus === 'idle' ? (
        <View className='list'>
          <ListSkeleton rows={2} id={`${idPrefix}-jobs-loading`} />
        </View>
      ) : listStatus === 'error' ? (
        <ErrorState id={`${idPrefix}-jobs-error`} title={errorTitle} message={listError ?? ''} onRetry={onRetry} />
      ) : jobs.length === 0 ? (
        <View className='list'>
          <EmptyState id={`${idPrefix}-jobs-empty`} icon={emptyIcon} text={emptyText} />
        </View>
      ) : (
        <View className='list' id={`${idPrefix}-jobs`}>
          {jobs.map((job) => (
            <View key={job.jobId} className='row row--link' id={`${idPrefix}-job-${job.jobId}`} hoverClass='btn--hover' onClick={() => onSelect(job)}>
              <View className='row__main'>
                <Text className='row__title'>{rowTitle(job)}</Text>
                <Text className='row__sub'>
                  {formatDateTime(job.startedAt)} · {stateLabel(job)} · {formatPoints(succeeded(job))}/{formatPoints(job.total)} 已发放
                  {job.failed > 0 ? ` · ${formatPoints(job.failed)} 失败` : ''}
                </Text>
              </View>
              <Text className='row__chevron'>›</Text>
            </View>
          ))}
        </View>
      )}
    </>
  );
}
