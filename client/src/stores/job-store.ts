import { create } from 'zustand';
import { messageOf } from '../api';
import { driveJob } from './job-driver';
import type { LoadStatus } from './member';
import { forgetOnSignOut } from './session';

// The store behind a console page that starts and drives resumable server jobs (bulk points
// grant, batch coupon issue): the recent jobs, the one on screen, and the drive of its run
// action while the page is open. Each page's store says how to list, start and run its jobs.

export interface JobStatus {
  jobId: string;
  state: string;
}

export interface JobStoreState<S extends JobStatus, A extends unknown[]> {
  jobs: S[];
  listStatus: LoadStatus;
  listError: string | null;
  /** The job on screen (the one being run). */
  current: S | null;
  /** True while this page is calling the job's run action. */
  running: boolean;
  runError: string | null;
  starting: boolean;
  loadJobs: () => Promise<void>;
  /** Starts a job; resolves with its first status. */
  start: (...args: A) => Promise<S>;
  /** Calls the run action until the job is no longer running or stop() is called. */
  resume: (jobId: string) => Promise<void>;
  stop: () => void;
  select: (job: S | null) => void;
}

export interface JobCalls<S extends JobStatus, A extends unknown[]> {
  list: () => Promise<{ items: S[] }>;
  start: (...args: A) => Promise<S>;
  /** One run call: the next chunk, and the job's status. */
  run: (jobId: string) => Promise<S>;
  /** After a drive this page still owns has ended (finished, failed or stopped by the job). */
  afterRun?: () => void;
}

export function createJobStore<S extends JobStatus, A extends unknown[]>(calls: JobCalls<S, A>) {
  let runToken = 0;

  const useStore = create<JobStoreState<S, A>>()((set, get) => ({
    jobs: [],
    listStatus: 'idle',
    listError: null,
    current: null,
    running: false,
    runError: null,
    starting: false,

    loadJobs: async () => {
      if (get().listStatus !== 'ready') set({ listStatus: 'loading', listError: null });
      try {
        const { items } = await calls.list();
        set((state) => ({
          jobs: items,
          listStatus: 'ready',
          listError: null,
          current: state.current ? (items.find((job) => job.jobId === state.current!.jobId) ?? state.current) : null,
        }));
      } catch (error) {
        if (get().listStatus !== 'ready') set({ listStatus: 'error', listError: messageOf(error) });
      }
    },

    start: async (...args) => {
      if (get().starting) throw new Error('busy');
      set({ starting: true, runError: null });
      try {
        const status = await calls.start(...args);
        set({ current: status });
        void get().loadJobs();
        return status;
      } finally {
        set({ starting: false });
      }
    },

    resume: async (jobId) => {
      const mine = ++runToken;
      set({ running: true, runError: null });
      try {
        const failure = await driveJob({
          step: () => calls.run(jobId),
          finished: (status) => status.state !== 'running',
          onStatus: (status) => set({ current: status }),
          cancelled: () => mine !== runToken,
        });
        if (failure !== null && mine === runToken) set({ runError: messageOf(failure) });
      } finally {
        if (mine === runToken) {
          set({ running: false });
          void get().loadJobs();
          calls.afterRun?.();
        }
      }
    },

    stop: () => {
      runToken++;
      set({ running: false });
    },

    select: (job) => set({ current: job, runError: null }),
  }));

  forgetOnSignOut(() => {
    runToken++;
    useStore.setState({ jobs: [], listStatus: 'idle', listError: null, current: null, running: false, runError: null, starting: false });
  });

  return useStore;
}
